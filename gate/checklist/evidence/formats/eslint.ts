/**
 * ESLint's JSON formatter (`eslint -f json`, also `json-with-metadata`). Errors decide the lint item;
 * a `no-console` report (any severity) shows a console call in the code. Which rules were on is not in
 * the file, so a file without `no-console` reports does not show the code has none. Messages and the
 * `source` field quote code, so facts name only the file, line and rule.
 */
import { shown } from "../redaction";
import { Claim, isObject, objectsIn, plural, Reading } from "./reading";

function isLintResult(entry: unknown): boolean {
  return isObject(entry) && typeof entry.filePath === "string" && Array.isArray(entry.messages);
}

export function isEslintResults(document: unknown): boolean {
  const results = isObject(document) && isObject(document.metadata) ? document.results : document;
  return Array.isArray(results) && results.length > 0 && results.every(isLintResult);
}

/** The last three segments of a CI machine's absolute path: enough to find the file. */
function shortPath(filePath: string): string {
  return shown(filePath.split(/[\\/]/).filter(Boolean).slice(-3).join("/"), 80);
}

interface Report {
  file: string;
  line: number;
  rule: string;
  severity: number;
}

export function readEslint(document: unknown): Reading {
  const results = objectsIn(isObject(document) && isObject(document.metadata) ? document.results : document);
  const reports: Report[] = results.flatMap((result) =>
    objectsIn(result.messages).map((message) => ({
      file: shortPath(result.filePath as string),
      line: typeof message.line === "number" ? message.line : 0,
      rule:
        typeof message.ruleId === "string"
          ? shown(message.ruleId, 60)
          : message.fatal
            ? "parse error"
            : "(no rule)",
      severity: message.fatal ? 2 : typeof message.severity === "number" ? message.severity : 2,
    })),
  );
  const errors = reports.filter((r) => r.severity === 2);
  const warnings = reports.filter((r) => r.severity === 1);
  const where = (r: Report) => `${r.file}${r.line ? `:${r.line}` : ""} ${r.rule}`;
  const counts = `${plural(errors.length, "error")}, ${plural(warnings.length, "warning")} in ${plural(results.length, "file")}`;
  const claims: Claim[] = [];
  if (errors.length > 0) {
    const files = new Set(errors.map((r) => r.file)).size;
    claims.push({
      item: "frontend.build.no-eslint-errors",
      result: "fail",
      fact: `ESLint: ${plural(errors.length, "error")} in ${plural(files, "file")} (first: ${where(errors[0])})`,
    });
  } else {
    claims.push({ item: "frontend.build.no-eslint-errors", result: "pass", fact: `ESLint: ${counts}` });
  }
  const consoleCalls = reports.filter((r) => r.rule === "no-console");
  if (consoleCalls.length > 0) {
    claims.push({
      item: "frontend.performance.no-console-logs",
      result: "fail",
      fact: `ESLint no-console: ${plural(consoleCalls.length, "console call")} (first: ${consoleCalls[0].file}:${consoleCalls[0].line})`,
    });
  }
  return { message: `ESLint: ${counts}`, claims };
}
