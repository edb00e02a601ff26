/**
 * Reading resource properties safely. Policies work on the raw deserialized values (not the SDK's
 * throwing proxy) so that an unknown value is reported precisely, with its property path, at the
 * policy's own terms, and so that odd input (null, wrong types, malformed JSON) never throws.
 */

/**
 * What the engine sends for a value not known during preview, whatever its type (the SDK's
 * `@pulumi/pulumi/runtime/rpc` `unknownValue`; not imported here because this module is also loaded
 * alone, without the SDK). test/policies/lib/values.test.ts fails if the two ever differ.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Every unknown sentinel `@pulumi/policy` recognises (its proxy.js, which exports them untyped):
 * the engine's one plus the SDK's typed ones. Their one home in the project.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  UNKNOWN_VALUE,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when the value, or anything inside it, is unknown at preview. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 64 || value === null || typeof value !== "object") return false;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return children.some((child) => containsUnknown(child, depth + 1));
}

/** Thrown by the readers below when a value a policy needs is unknown; the policy wrapper reports it. */
export class UnknownInput extends Error {
  constructor(public readonly path: string) {
    super(`${path} is not known until deploy`);
  }
}

/**
 * Runs a read and returns its answer, or the UnknownInput that kept it open: for a rule that weighs
 * several answers before it decides (one undecided answer need not make the whole check unverified).
 * Any other exception passes through.
 */
export function attempt<T>(read: () => T): T | UnknownInput {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownInput) return error;
    throw error;
  }
}

/**
 * Lenient readers, for joins and classifications where an unknown value simply does not match (the
 * rule reports what it could not join): they never throw.
 */

/** The value when it is a string known at preview, else undefined. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** The value when it is a plain object (an unknown is a string, so never one), else undefined. */
export function asProps(value: unknown): Props | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

/** The proxy key `@pulumi/policy` answers with the proxied object (proxy.js `getSpecialProxyTarget`). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Unwraps the SDK's unknown-checking proxy to the plain deserialized value. */
export function unwrapProxy<T>(value: T): T {
  // Remediation props come wrapped twice (unknown-checking around secret-preserving); unwrap all.
  let current: unknown = value;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth++) {
    const target = (current as Record<string, unknown>)[PROXY_TARGET];
    if (target === undefined || target === current) break;
    current = target;
  }
  return current as T;
}

export type Props = Record<string, unknown>;

/** Throws UnknownInput when the value is unknown; otherwise returns it unchanged. */
export function known(value: unknown, path: string): unknown {
  if (isUnknown(value)) throw new UnknownInput(path);
  return value;
}

export function str(value: unknown, path: string): string | undefined {
  known(value, path);
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown, path: string): number | undefined {
  known(value, path);
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function bool(value: unknown, path: string): boolean | undefined {
  known(value, path);
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

/** The elements of an array (empty for anything else); throws if the array itself is unknown. */
export function arr(value: unknown, path: string): unknown[] {
  known(value, path);
  return Array.isArray(value) ? value : [];
}

/** A plain object, or undefined for anything else; throws if unknown. */
export function obj(value: unknown, path: string): Props | undefined {
  known(value, path);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

/** An array of strings: the strings in an array, or a single string; throws if unknown anywhere. */
export function strings(value: unknown, path: string): string[] {
  if (typeof value === "string") return [str(value, path)!];
  return arr(value, path).flatMap((item, index) => {
    const text = str(item, `${path}[${index}]`);
    return text === undefined ? [] : [text];
  });
}

export type JsonResult = { ok: true; value: unknown } | { ok: false };

/** Parses a JSON document given as a string (or already an object); malformed input is `{ok:false}`. */
export function json(value: unknown, path: string): JsonResult {
  known(value, path);
  if (typeof value !== "string")
    return value === undefined || value === null ? { ok: false } : { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}
