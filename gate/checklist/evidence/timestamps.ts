/**
 * Timestamps written inside evidence files. Tools disagree on zones: pytest and jest-junit write local
 * or UTC time without an offset, ZAP writes an RFC 1123 date without a zone. A time without a zone is
 * read as UTC; being off by the producer's offset moves an age by less than a day.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC_1123 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})(?:\s*(GMT|UTC|Z))?$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function valid(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An ISO 8601 date-time (any number of fraction digits, optional zone), or undefined. */
export function parseIsoTimestamp(text: unknown): Date | undefined {
  if (typeof text !== "string") return undefined;
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = "00", fraction = "0", zone = "Z"] = match;
  const millis = fraction.slice(0, 3).padEnd(3, "0");
  const offset = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return valid(new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`));
}

/** `Wed, 25 Feb 2026 11:09:49` (ZAP's `@generated`), read as UTC. */
export function parseRfc1123Timestamp(text: unknown): Date | undefined {
  if (typeof text !== "string") return undefined;
  const match = RFC_1123.exec(text.trim());
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2].toLowerCase());
  if (month < 0) return undefined;
  const [day, year, hour, minute, second] = [match[1], match[3], match[4], match[5], match[6]].map(Number);
  return valid(new Date(Date.UTC(year, month, day, hour, minute, second)));
}
