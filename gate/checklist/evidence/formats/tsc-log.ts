/**
 * A `tsc` log. A clean `tsc --noEmit` prints nothing, so a passing log is recognised by its recorded
 * command line (`> tsc --noEmit` as npm run prints it, `$ npx tsc ...`) or tsc's own "Found 0 errors";
 * a failing one by its `error TS<code>` lines. Error messages quote source text, so facts name only
 * the file, position and code.
 */
import { shown } from "../redaction";
import { Claim, plural, provesNothing, Reading } from "./reading";

const ERROR = /^(?:(.+?)(?:\((\d+),(\d+)\)|:(\d+):(\d+)) ?[:-] ?)?error (TS\d{1,5}):/;
const FOUND = /^Found (\d+) errors?\b/m;
const COMMAND =
  /^\s*(?:[$>+#]|PS>)\s*(?:(?:npx|pnpm(?: exec)?|yarn|bunx)\s+)?tsc(?:\s|$)(?!.*--(?:version|help|init)\b)/m;
// Lines that show tsc did not run or the log is of a failed script, not a type check.
const NOT_RUN = /command not found|tsc: not found|npm ERR!|ELIFECYCLE|Cannot find module/;
// Errors about the configuration (unknown option, unreadable tsconfig, no inputs): no type was checked.
const CONFIGURATION_ERROR = /^TS(5\d{3}|18003)$/;
const ANSI = /\u001b\[[0-9;]*m/g;

export function looksLikeTscLog(text: string): boolean {
  const plain = text.replace(ANSI, "");
  return (
    plain.split(/\r?\n/).some((line) => ERROR.test(line.trim())) || FOUND.test(plain) || COMMAND.test(plain)
  );
}

export function readTscLog(text: string): Reading {
  const lines = text.replace(ANSI, "").split(/\r?\n/);
  const errors = lines.map((line) => ERROR.exec(line.trim())).filter((m): m is RegExpExecArray => m !== null);
  const found = FOUND.exec(lines.join("\n"));
  const item = "frontend.build.no-typescript-errors";
  const configErrors = errors.filter((m) => CONFIGURATION_ERROR.test(m[6]));
  if (errors.length > 0 && configErrors.length === errors.length) {
    return provesNothing(
      `tsc log: ${plural(errors.length, "error")}`,
      `tsc stopped on its configuration (${configErrors[0][6]}) before type checking`,
    );
  }
  if (errors.length > 0 || (found && Number(found[1]) > 0)) {
    const first = errors.find((m) => !configErrors.includes(m));
    const line = first?.[2] ?? first?.[4];
    const where = first
      ? `${first[1] ? shown(first[1], 80) : "(project)"}${line ? `:${line}` : ""} ${first[6]}`
      : "";
    const total = Math.max(errors.length, found ? Number(found[1]) : 0);
    const claims: Claim[] = [
      {
        item,
        result: "fail",
        fact: `tsc: ${plural(total, "type error")}${where ? ` (first: ${where})` : ""}`,
      },
    ];
    return { message: `tsc log: ${plural(total, "error")}`, claims };
  }
  const notRun = lines.findIndex((line) => NOT_RUN.test(line));
  if (notRun >= 0) {
    return provesNothing("tsc log", `line ${notRun + 1} shows the command failed before type checking`);
  }
  if (!COMMAND.test(lines.join("\n")) && !found) {
    return provesNothing("tsc log", "no recorded tsc command line");
  }
  return {
    message: "tsc log: no error",
    claims: [
      {
        item,
        result: "pass",
        fact: `tsc: 0 errors${found ? " (Found 0 errors)" : " after the recorded tsc command"}`,
      },
    ],
  };
}
