// Runs the gate's TypeScript sources without a build step (transpile-only; `npm run typecheck` checks types).
const { addHook } = require("pirates");
const { transformSync } = require("@swc/core");
globalThis.__prodreadyTypeScript = true;
process.setSourceMapsEnabled(true);
addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      sourceMaps: "inline",
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
      module: { type: "commonjs" },
    }).code,
  { exts: [".ts"], ignoreNodeModules: true },
);
