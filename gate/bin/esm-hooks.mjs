// Module hooks for a Pulumi program that is an ES module ("type": "module"), registered by the
// capture with module.register, as the Node language host registers ts-node/esm: .ts files are
// compiled on load (swc, the same transform as the CommonJS hook), NodeNext specifiers that name
// the compiled file ("./acl.js" for acl.ts) resolve to the source, and tsconfig `paths` apply.
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { transpile } = require("./transpile.js");
const { candidatePaths, createPathsResolver, programCompilerOptions } = require("./program-resolution.js");

let typescript = true;
let pathsOf = () => [];
let compilerOptions = {};

export async function initialize(data) {
  typescript = data.typescript;
  pathsOf = createPathsResolver(data.tsconfig);
  compilerOptions = programCompilerOptions(data.tsconfig);
}

const TYPESCRIPT_FILE = /\.(ts|tsx|mts|cts)$/;

function ownFile(url) {
  return typeof url === "string" && url.startsWith("file:") && !url.includes("/node_modules/");
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!ownFile(context.parentURL)) throw error;
    const parent = fileURLToPath(context.parentURL);
    for (const candidate of candidatePaths(specifier, parent, pathsOf, typescript)) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        return nextResolve(pathToFileURL(candidate).href, context);
      }
    }
    throw error;
  }
}

/** The module format Node would give the file: .mts ESM, .cts CommonJS, .ts by package.json "type". */
function formatOf(filename) {
  if (filename.endsWith(".mts")) return "module";
  if (filename.endsWith(".cts")) return "commonjs";
  for (let dir = path.dirname(filename); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, "utf8")).type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    if (path.dirname(dir) === dir) return "commonjs";
  }
}

export async function load(url, context, nextLoad) {
  if (!typescript || !ownFile(url) || !TYPESCRIPT_FILE.test(url)) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  // CommonJS .ts goes through require, where the CommonJS hook compiles it.
  if (formatOf(filename) === "commonjs") return { format: "commonjs", shortCircuit: true };
  const output = transpile(fs.readFileSync(filename, "utf8"), filename, "es6", compilerOptions);
  const inline = Buffer.from(output.map ?? "{}").toString("base64");
  return {
    format: "module",
    shortCircuit: true,
    source: `${output.code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`,
  };
}
