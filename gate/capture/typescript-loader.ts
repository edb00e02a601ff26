/**
 * Lets a TypeScript Pulumi program run without a build, as the Pulumi Node runtime does with its
 * bundled ts-node: transpile-only (swc), inline source maps so registrations carry .ts source lines.
 */
import { addHook } from "pirates";
import { transformSync } from "@swc/core";

let registered = false;

export function registerTypeScript(): void {
  // bin/register.js (how the gate itself runs) already covers every .ts file outside node_modules.
  if (registered || (globalThis as { __prodreadyTypeScript?: boolean }).__prodreadyTypeScript) return;
  registered = true;
  process.setSourceMapsEnabled(true);
  addHook(
    (code, filename) =>
      transformSync(code, {
        filename,
        sourceMaps: "inline",
        jsc: { parser: { syntax: "typescript", tsx: filename.endsWith(".tsx") }, target: "es2022" },
        module: { type: "commonjs" },
      }).code,
    { exts: [".ts", ".tsx"], ignoreNodeModules: true },
  );
}
