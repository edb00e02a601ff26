#!/usr/bin/env node
// Builds @prodready/gate in this folder (run by `npm pack` as prepack): the gate and the policy pack
// compiled to JavaScript in one tsc run (gate/, policies/), the gate's plain JavaScript loaders
// copied beside it, and the pack's PulumiPolicy.yaml, package.json and profiles, laid out as in the
// repository, so the gate finds its pack at ../policies and nothing runs TypeScript but the user's
// own program.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const here = __dirname;
const root = path.resolve(here, "..");
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const out = (...parts) => path.join(here, ...parts);

for (const dir of ["gate", "policies"]) fs.rmSync(out(dir), { recursive: true, force: true });

// The gate and the pack, compiled in one program (package/tsconfig.json): the pack's modules the gate
// reads (api, markers, secret formats) are the pack's own files, not a second copy. The pack sits
// where the gate looks for it, ../policies, with its manifest's main pointing at index.js.
execFileSync(process.execPath, [tsc, "-p", out("tsconfig.json")], { stdio: "inherit" });

// The gate's own JavaScript (loaders, workers): copied as written.
function copyJavaScript(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyJavaScript(source, path.join(to, entry.name));
    else if (/\.(js|mjs)$/.test(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, path.join(to, entry.name));
    }
  }
}
copyJavaScript(path.join(root, "gate"), out("gate"));

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
