// Where a Pulumi program's import may live when Node's own resolution fails, as TypeScript resolves
// it: a NodeNext specifier names the compiled file ("./acl.js" for ./acl.ts), an extensionless one
// the source, and tsconfig `paths` map aliases. Shared by the CommonJS and ES module loaders.
const path = require("path");
const { getTsconfig, createPathsMatcher } = require("get-tsconfig");

const LATE_TARGETS = new Set(["es2022", "es2023", "es2024", "esnext"]);

/**
 * How the program's classes compile, as the language host's ts-node would compile them: the
 * tsconfig's useDefineForClassFields, else TypeScript's default for its target; without a tsconfig
 * the host's own default target, ES2020 (fields not redefined).
 */
function programCompilerOptions(tsconfigFile) {
  const config = tsconfigFile && getTsconfig(path.dirname(tsconfigFile), path.basename(tsconfigFile));
  const options = (config && config.config.compilerOptions) || {};
  const target = String(options.target || "es2020").toLowerCase();
  return { useDefineForClassFields: options.useDefineForClassFields ?? LATE_TARGETS.has(target) };
}

/** A function from a bare specifier to the absolute paths tsconfig `paths` map it to. */
function createPathsResolver(tsconfigFile) {
  if (!tsconfigFile) return () => [];
  const config = getTsconfig(path.dirname(tsconfigFile), path.basename(tsconfigFile));
  const matcher = config && createPathsMatcher(config);
  return matcher ? (specifier) => matcher(specifier) : () => [];
}

const COMPILED_TO_SOURCE = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"], ".jsx": [".tsx"] };

function sourcesOf(target, typescript) {
  const ext = path.extname(target);
  const variants = [target];
  if (typescript && COMPILED_TO_SOURCE[ext]) {
    for (const source of COMPILED_TO_SOURCE[ext]) variants.push(target.slice(0, -ext.length) + source);
  }
  if (!ext || !COMPILED_TO_SOURCE[ext]) {
    const exts = typescript ? [".ts", ".tsx", ".js", ".mjs", ".cjs"] : [".js", ".mjs", ".cjs"];
    for (const e of exts) variants.push(target + e);
    for (const e of exts) variants.push(path.join(target, `index${e}`));
  }
  return variants;
}

/** Candidate files for `specifier` imported from `parentFile`, in the order TypeScript tries them. */
function candidatePaths(specifier, parentFile, pathsOf, typescript) {
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return sourcesOf(path.resolve(path.dirname(parentFile), specifier), typescript);
  }
  if (specifier.startsWith("file:") || specifier.startsWith("node:") || path.isAbsolute(specifier)) return [];
  return pathsOf(specifier).flatMap((target) => sourcesOf(target, typescript));
}

module.exports = { candidatePaths, createPathsResolver, programCompilerOptions };
