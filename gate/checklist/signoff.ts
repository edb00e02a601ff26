/**
 * Sign-off (`prodready checklist --signoff FILE`): for what no evidence file can prove, a person says
 * they looked, when, at what, and until when that holds. Pure: a parsed YAML document and the
 * report's day in, the entries out; every authoring mistake is a SignoffError (exit 2), never a pass.
 * An entry past its expiry is not an error: the report shows the item as "sign-off expired" (not ready).
 */
import Ajv from "ajv";
import { parseYaml } from "./input-files";

export interface Signoff {
  /** Checklist item id. */
  item: string;
  /** Who signed (a name, an e-mail address). */
  signedBy: string;
  /** The day they signed, `YYYY-MM-DD`. */
  signedAt: string;
  /** What they looked at: a dashboard, a test run, a ticket (http or https URL). */
  link: string;
  /** The last day the sign-off holds, `YYYY-MM-DD` (UTC); from the next day the item is not ready. */
  expires: string;
  note?: string;
}

/** A file the report cannot use; the CLI turns it into exit code 2 with this one line. */
export class SignoffError extends Error {}

const DATE = "^\\d{4}-\\d{2}-\\d{2}$";

const FIELDS: Record<string, string> = {
  signedBy: "who signed (a name or an e-mail address)",
  signedAt: "the day they signed, a date YYYY-MM-DD",
  link: "an http(s) URL of what they looked at",
  expires: "the last day the sign-off holds, a date YYYY-MM-DD",
  note: "free text",
};

/** The sign-off file's JSON schema (the file is YAML; dates stay strings, see parseSignoffYaml). */
export const SIGNOFF_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["signoffs"],
  properties: {
    signoffs: {
      type: "object",
      description: "Checklist item id (docs/checklist.md) → its sign-off.",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["signedBy", "signedAt", "link", "expires"],
        properties: {
          signedBy: { type: "string", pattern: "\\S", description: FIELDS.signedBy },
          signedAt: { type: "string", pattern: DATE, description: FIELDS.signedAt },
          link: { type: "string", pattern: "^https?://\\S+$", description: FIELDS.link },
          expires: { type: "string", pattern: DATE, description: FIELDS.expires },
          note: { type: "string", description: FIELDS.note },
        },
      },
    },
  },
} as const;

/** What docs/checklist.md shows (two items no evidence format proves); a test parses it, so it stays valid. */
export const SIGNOFF_EXAMPLE = `signoffs:
  post-deploy.analytics:
    signedBy: Dana Whitfield <dana@example.com>
    signedAt: 2026-11-28
    link: https://analytics.example.com/dashboards/launch-week
    expires: 2027-02-28
    note: Page views, sign-ups and checkouts arrive from production.
  qa.compatibility.mobile-os:
    signedBy: QA team (Ilya Marsh)
    signedAt: 2026-11-27
    link: https://tracker.example.com/QA-412
    expires: 2027-01-31
`;

const validate = new Ajv({ allErrors: true, strict: false }).compile(SIGNOFF_SCHEMA);

/** The sign-off file's YAML document; dates stay strings. */
export function parseSignoffYaml(text: string): unknown {
  return parseYaml(text, SignoffError);
}

function describeError(error: { instancePath: string; keyword: string; params: any }): string {
  // "" is the document, "/signoffs" the mapping, "/signoffs/<item>" an entry, then its fields.
  const [, , item, field] = error.instancePath
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (item === undefined) {
    return 'it must be a mapping with one key, "signoffs", mapping checklist item ids to sign-offs';
  }
  if (field === undefined) {
    switch (error.keyword) {
      case "required":
        return `the sign-off of ${item} has no "${error.params.missingProperty}": ${FIELDS[error.params.missingProperty]}`;
      case "additionalProperties":
        return `the sign-off of ${item} has an unknown field "${error.params.additionalProperty}"; the fields are ${Object.keys(FIELDS).join(", ")}`;
      default:
        return `the sign-off of ${item} must be a mapping of ${Object.keys(FIELDS).join(", ")}`;
    }
  }
  return `the sign-off of ${item}: ${field} must be ${FIELDS[field] ?? "valid"}`;
}

/** `YYYY-MM-DD` of a day the calendar has (Date would roll 2026-02-30 over into March). */
export const isCalendarDate = (text: string) =>
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * The entries of a sign-off document, checked against the schema and the checklist: unknown item
 * ids, impossible dates, a signature dated after `today` or an expiry before the signature are errors.
 */
export function parseSignoffs(
  document: unknown,
  checklistIds: ReadonlySet<string>,
  today: string,
): Signoff[] {
  if (!validate(document)) {
    const messages = [...new Set((validate.errors ?? []).map(describeError))];
    throw new SignoffError(messages.join("; "));
  }
  const entries = Object.entries(
    (document as { signoffs: Record<string, Omit<Signoff, "item">> }).signoffs,
  ).map(([item, entry]): Signoff => ({ item, ...entry }));
  const unknown = entries.filter((entry) => !checklistIds.has(entry.item)).map((entry) => entry.item);
  if (unknown.length > 0) {
    throw new SignoffError(
      `${unknown.join(", ")} ${unknown.length === 1 ? "is not a checklist item" : "are not checklist items"}; use the ids of docs/checklist.md`,
    );
  }
  for (const entry of entries) {
    for (const field of ["signedAt", "expires"] as const) {
      if (!isCalendarDate(entry[field]))
        throw new SignoffError(
          `the sign-off of ${entry.item}: ${field} ${entry[field]} is not a calendar date`,
        );
    }
    if (entry.signedAt > today) {
      throw new SignoffError(
        `the sign-off of ${entry.item} is dated ${entry.signedAt}, after today (${today}); date it when it was signed`,
      );
    }
    if (entry.expires < entry.signedAt) {
      throw new SignoffError(
        `the sign-off of ${entry.item} expires (${entry.expires}) before it was signed (${entry.signedAt})`,
      );
    }
  }
  return entries;
}

/** Expired: `today` is after the last day it holds (UTC days, like the pack's exemptions). */
export function isExpired(signoff: Signoff, today: string): boolean {
  return signoff.expires < today;
}

/** The report's day, UTC, `YYYY-MM-DD`. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
