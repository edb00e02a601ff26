// Runs TypeScript without a build step (transpile-only with swc; `npm run typecheck` checks types):
// the gate's own sources, and a Pulumi program's, as the Pulumi Node runtime does with its bundled
// ts-node. Each file's source map is kept in globalThis.__prodreadySourceMaps so the capture can
// report a registration's .ts line. Node's own stack-trace mapping is on unless the process set
// globalThis.__prodreadyPlainStacks first: the Pulumi SDK takes a full stack trace for every
// resource and promise, and mapping all of them costs a program run seconds. A process may narrow
// which files are compiled with globalThis.__prodreadyCompiles (a program with typescript: false).
const { addHook } = require("pirates");
const { transpile } = require("./transpile");

if (!globalThis.__prodreadySourceMaps) {
  const maps = new Map();
  globalThis.__prodreadySourceMaps = maps;
  globalThis.__prodreadyTypeScript = true;
  if (!globalThis.__prodreadyPlainStacks) process.setSourceMapsEnabled(true);
  addHook(
    (code, filename) => {
      const output = transpile(code, filename, "commonjs");
      if (output.map) maps.set(filename, output.map);
      const inline = Buffer.from(output.map ?? "{}").toString("base64");
      return `${output.code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`;
    },
    {
      exts: [".ts", ".tsx", ".cts"],
      ignoreNodeModules: true,
      matcher: (filename) => !globalThis.__prodreadyCompiles || globalThis.__prodreadyCompiles(filename),
    },
  );
}
