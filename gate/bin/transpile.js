// One TypeScript → JavaScript transform (swc, transpile-only) for every loader of the gate: the
// CommonJS hook (register.js), the ES module hooks (esm-hooks.mjs) and the capture, which recomputes
// a file's source map to map a registration back to its .ts line. Same input, same output.
// Loaded on the first TypeScript file: a JavaScript program never loads the compiler.
let swc;
const compiler = () => (swc ??= require("@swc/core"));

/** A syntax error at file:line:col, the way tsc and ts-node point at one. */
class TypeScriptSyntaxError extends SyntaxError {}

// swc prints "  x <message>" then "   ,-[<file>:<line>:<col>]" for each diagnostic.
function syntaxError(error, filename) {
  const text = String(error && error.message ? error.message : error);
  const message = /^\s*x (.+)$/m.exec(text);
  const where = /,-\[(.+):(\d+):(\d+)\]/.exec(text);
  // swc's header names the first line of the snippet; the caret line shows the column.
  const lines = text.split("\n");
  let line = where ? Number(where[2]) : 1;
  let column = where ? Number(where[3]) : 1;
  const caret = lines.findIndex((l) => /^\s*:\s*\^/.test(l));
  if (caret > 0) {
    const source = /^\s*(\d+)\s*\|/.exec(lines[caret - 1]);
    if (source) {
      line = Number(source[1]);
      const gutter = lines[caret - 1].indexOf("|") + 2;
      column = lines[caret].indexOf("^") - gutter + 1;
    }
  }
  const result = new TypeScriptSyntaxError(
    `${filename}:${line}:${Math.max(1, column)}: ${message ? message[1].trim() : text.split("\n")[0]}`,
  );
  result.file = filename;
  result.line = line;
  result.column = Math.max(1, column);
  return result;
}

/**
 * Compiles one .ts/.tsx/.mts/.cts file; moduleType "commonjs" or "es6". useDefineForClassFields as
 * the program's tsconfig implies it: with it, a declared field (`readonly arn!: Output<string>`)
 * is redefined as undefined after the Resource constructor set it.
 */
function transpile(code, filename, moduleType, options = {}) {
  const { transformSync } = compiler(); // outside the try: a missing compiler is not a syntax error
  try {
    return transformSync(code, {
      filename,
      sourceMaps: true,
      jsc: {
        parser: { syntax: "typescript", tsx: filename.endsWith(".tsx") },
        target: "es2022",
        transform: { useDefineForClassFields: options.useDefineForClassFields ?? true },
      },
      module: { type: moduleType },
    });
  } catch (error) {
    throw syntaxError(error, filename);
  }
}

module.exports = { transpile, TypeScriptSyntaxError };
