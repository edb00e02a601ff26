// Runs TypeScript without a build step (transpile-only with swc; `npm run typecheck` checks types):
// the gate's own sources, and a Pulumi program's, as the Pulumi Node runtime does with its bundled
// ts-node. Each file's source map is kept in globalThis.__prodreadySourceMaps so the capture can
// report a registration's .ts line. Node's own stack-trace mapping is on unless the process set
// globalThis.__prodreadyPlainStacks first: the Pulumi SDK takes a full stack trace for every
// resource and promise, and mapping all of them costs a program run seconds. A capture sets
// globalThis.__prodreadyProgram: which files are the program's (not compiled at all with
// typescript: false) and the compiler options its tsconfig implies.
const { addHook } = require("pirates");
const { transpile } = require("./transpile");

if (!globalThis.__prodreadySourceMaps) {
  const maps = new Map();
  globalThis.__prodreadySourceMaps = maps;
  globalThis.__prodreadyTypeScript = true;
  if (!globalThis.__prodreadyPlainStacks) process.setSourceMapsEnabled(true);
  addHook(
    (code, filename) => {
      const program = globalThis.__prodreadyProgram;
      const options = program && program.owns(filename) ? program.compilerOptions : {};
      const output = transpile(code, filename, "commonjs", options);
      if (output.map) maps.set(filename, output.map);
      const inline = Buffer.from(output.map ?? "{}").toString("base64");
      return `${output.code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`;
    },
    {
      exts: [".ts", ".tsx", ".cts"],
      ignoreNodeModules: true,
      matcher: (filename) => {
        const program = globalThis.__prodreadyProgram;
        return !program || program.typescript || !program.owns(filename);
      },
    },
  );
}
