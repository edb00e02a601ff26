/**
 * What a message may say about a value: a message is shown in CI logs and PR comments, so a value
 * read from a resource is quoted only when it is one of the values its setting can take (an enum);
 * anything else may be a secret someone pasted in the wrong place and is never echoed.
 */

/** Quotes a value only when it is one of `allowed` (lower-case values, compared case-insensitively), else a neutral phrase. */
export function quoted(value: string, allowed: ReadonlySet<string>): string {
  return allowed.has(value.toLowerCase()) ? `"${value}"` : "a different value";
}
