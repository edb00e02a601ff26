// Type-checks a Pulumi program with the project's own TypeScript, as the language host's ts-node
// does when the program is not transpile-only: the entry and what it imports, with the project's
// tsconfig.json. Receives {projectDir, entry, tsconfig} over IPC, answers {errors[]} or {setup}.
const path = require("path");

function check({ projectDir, entry, tsconfig }) {
  let ts;
  try {
    ts = require(require.resolve("typescript", { paths: [projectDir] }));
  } catch {
    return {
      setup: `--typecheck needs TypeScript in the project; run npm install --save-dev typescript in ${projectDir}`,
    };
  }
  // The host's defaults (cmd/run/run.js), overridden by the project's tsconfig.
  let options = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  if (tsconfig) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      tsconfig,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    if (parsed) options = { ...options, ...parsed.options };
  }
  const program = ts.createProgram([entry], { ...options, noEmit: true });
  // ts-node reports what it compiles, the program's own sources: not errors inside declaration files
  // or packages. Checking only those files (not every .d.ts the program reaches, as
  // getPreEmitDiagnostics does) gives the same errors for a fraction of the time.
  const own = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file));
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  return {
    errors: diagnostics
      .filter((d) => d.category === ts.DiagnosticCategory.Error && !d.file?.isDeclarationFile)
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
        if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        const file = path.relative(projectDir, d.file.fileName);
        return `${file}:${line + 1}:${character + 1}: error TS${d.code}: ${text}`;
      }),
  };
}

process.once("message", (request) => {
  let answer;
  try {
    answer = check(request);
  } catch (error) {
    answer = { setup: `the type check failed: ${error.message}` };
  }
  process.send(answer, () => process.exit(0));
});
