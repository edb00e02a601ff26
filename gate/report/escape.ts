/**
 * Text that reaches a report from outside the gate (resource names, types, URNs, file paths, the
 * pack's messages) made inert: it cannot start a line of its own, move a terminal's cursor, open a
 * hyperlink, or add HTML, a link or a table cell to a pull-request comment.
 */

/**
 * C0 and C1 controls (newline, carriage return, ESC that starts CSI and OSC sequences, BEL), DEL,
 * line and paragraph separators, and the invisible bidirectional controls that reorder a line.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return (
    NAMED[char] ??
    (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`)
  );
}

/** One line of terminal text: every control shown as an escape (`\n`, `\x1b`), never acted on. */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Several lines of terminal text (a multi-line message): split on newlines, each line made safe. */
export function terminalLines(text: string): string[] {
  return text.split("\n").map(terminalLine);
}

const HTML: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * Prose in a Markdown table cell: HTML characters as entities, Markdown's inline punctuation
 * backslash-escaped (so no emphasis, link, image, code or extra cell), newlines as `<br>`.
 */
export function markdownText(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      terminalLine(line)
        .replace(/[<>&]/g, (c) => HTML[c])
        .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`),
    )
    .join("<br>");
}

/**
 * A name in a Markdown code span: shown exactly (no HTML, link, emphasis or mention is rendered
 * inside one), on one line, with a fence longer than any backtick run in it, and `|` escaped so
 * GitHub's table parser keeps it in the cell.
 */
export function markdownCode(text: string): string {
  const line = terminalLine(text).replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}
