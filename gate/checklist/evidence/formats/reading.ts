/** What every format reader returns, and the small shape tests they share. */

/** One item a file proves or disproves, before the collector adds where and when. */
export interface Claim {
  item: string;
  result: "pass" | "fail";
  fact: string;
}

export interface Reading {
  /** One line: what was read. A file that proves nothing says why, starting "proves nothing:". */
  message: string;
  claims: Claim[];
  /** The time written inside the file, when the format carries one. */
  producedAt?: Date;
  /** The format carries a time but this file's is missing or unreadable (the mtime stands in). */
  timestampProblem?: string;
}

/** The file is of the format but broken (truncated, a required part missing or of the wrong type). */
export class MalformedEvidence extends Error {}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function objectsIn(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

export function provesNothing(what: string, why: string): Reading {
  return { message: `${what}; proves nothing: ${why}`, claims: [] };
}
