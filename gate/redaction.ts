/**
 * Secret values (`--secret`, and config keys the stack marks secure) never reach an output stream
 * or a report file: every write of the CLI goes through one Redactor, which learns the values as
 * soon as they are known (the command line first, then the loaded stack config).
 */

export const REDACTED = "[secret]";

/** Shorter values are not redacted: replacing every "on" or "1" would make the output unreadable. */
export const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly values = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  private ordered: string[] = [];

  /** Adds values, with the forms they take in output: JSON-escaped, and each string of a structured (JSON) value. */
  add(values: Iterable<string>): void {
    let changed = false;
    const keep = (value: string) => {
      if (value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
      this.values.add(value);
      changed = true;
    };
    for (const value of values) {
      keep(value);
      keep(JSON.stringify(value).slice(1, -1));
      for (const leaf of stringLeaves(value)) {
        keep(leaf);
        keep(JSON.stringify(leaf).slice(1, -1));
      }
    }
    if (changed) this.ordered = [...this.values].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.ordered)
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return result;
  }
}

/** Every string inside a value that is JSON text (a structured secret such as `{"user":..,"password":..}`). */
function stringLeaves(value: string): string[] {
  if (!/^\s*[[{]/.test(value)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  const leaves: string[] = [];
  const pending: unknown[] = [parsed];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === "string") leaves.push(current);
    else if (current !== null && typeof current === "object") pending.push(...Object.values(current));
  }
  return leaves;
}

/** Replaces every secret value in text; the last line of defence after the pack's own rule. */
export function redact(text: string, secrets: readonly string[]): string {
  const redactor = new Redactor();
  redactor.add(secrets);
  return redactor.redact(text);
}

/** Every string inside a plain-data value (a report model) with the secrets replaced; a copy. */
export function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const redactor = new Redactor();
  redactor.add(secrets);
  return JSON.parse(JSON.stringify(value), (_key, leaf: unknown) =>
    typeof leaf === "string" ? redactor.redact(leaf) : leaf,
  ) as T;
}

/**
 * The values of `--secret key=value` (or `--secret=key=value`) on a command line, known before the
 * command line is parsed, so that even a parse error cannot echo one. An argument without `=` is
 * wholly a value: the user may have left out the key.
 */
export function secretArguments(argv: readonly string[]): string[] {
  const values: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const text =
      argument === "--secret"
        ? argv[index + 1]
        : argument.startsWith("--secret=")
          ? argument.slice(9)
          : undefined;
    if (text === undefined) continue;
    const eq = text.indexOf("=");
    values.push(eq > 0 ? text.slice(eq + 1) : text);
  }
  return values;
}
