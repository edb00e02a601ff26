#!/usr/bin/env node
// Builds @prodready/gate in this folder (run by `npm pack` as prepack): the gate and the policy pack
// compiled to JavaScript (gate/, policies/), the gate's plain JavaScript loaders copied beside it,
// and the pack's PulumiPolicy.yaml, package.json and profiles, laid out as in the repository, so the
// gate finds its pack at ../policies and nothing runs TypeScript but the user's own program.
const fs = require("fs");
const path = require("path");

const here = __dirname;
const root = path.resolve(here, "..");
const out = (...parts) => path.join(here, ...parts);

for (const dir of ["gate", "policies"]) fs.rmSync(out(dir), { recursive: true, force: true });

// The gate and the pack compiled with the gate's own transform (gate/bin/transpile.js: swc,
// transpile-only), file by file: the JavaScript the test suite runs, in ~1 s where tsc took ~6 s.
// Types are checked by `npm run typecheck` (CI, and the release workflow before it packs). The
// gate's own JavaScript (loaders, workers) is copied as written. The pack sits where the gate looks
// for it, ../policies, with its manifest's main at index.js.
const { transpile } = require(path.join(root, "gate", "bin", "transpile.js"));
function build(from, to, skip) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (skip.includes(source)) continue;
    if (entry.isDirectory()) build(source, path.join(to, entry.name), skip);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const { code } = transpile(fs.readFileSync(source, "utf8"), source, "commonjs");
      fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, ".js")), code);
    } else if (/\.(js|mjs)$/.test(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, path.join(to, entry.name));
    }
  }
}
build(path.join(root, "gate"), out("gate"), [path.join(root, "gate", "checklist", "docs.ts")]);
build(
  path.join(root, "policies"),
  out("policies"),
  ["bin", "node_modules", "config"].map((dir) => path.join(root, "policies", dir)),
);

// The pack's manifest without its build scripts, PulumiPolicy.yaml, README and profiles.
const manifest = JSON.parse(fs.readFileSync(path.join(root, "policies", "package.json"), "utf8"));
delete manifest.scripts;
delete manifest.devDependencies;
delete manifest.files;
manifest.main = "index.js";
fs.writeFileSync(out("policies", "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of ["PulumiPolicy.yaml", "README.md"])
  fs.copyFileSync(path.join(root, "policies", file), out("policies", file));
fs.mkdirSync(out("policies", "config"), { recursive: true });
for (const file of fs.readdirSync(path.join(root, "policies", "config")).filter((f) => f.endsWith(".json")))
  fs.copyFileSync(path.join(root, "policies", "config", file), out("policies", "config", file));

const gateVersion = require(out("package.json")).version;
if (gateVersion !== manifest.version) {
  console.error(
    `@prodready/gate ${gateVersion} and the pack ${manifest.version} differ; release them with one version (docs/ci.md)`,
  );
  process.exit(1);
}
