/**
 * What a message may say about a value: a message is shown in CI logs and PR comments, so a value
 * read from a resource is quoted only when it is one of the values its setting can take (an enum);
 * anything else may be a secret someone pasted in the wrong place and is never echoed.
 */

/** The value, when it is one of `allowed` (lower-case values, compared case-insensitively); else undefined. */
export function allowedValue(value: string, allowed: ReadonlySet<string>): string | undefined {
  return allowed.has(value.toLowerCase()) ? value : undefined;
}

/** The value in quotes when it is one of `allowed`, else a neutral phrase. */
export function quoted(value: string, allowed: ReadonlySet<string>): string {
  const safe = allowedValue(value, allowed);
  return safe === undefined ? "a different value" : `"${safe}"`;
}
