/**
 * `--evidence-config FILE` and `--evidence-max-age DAYS`: what a user writes, turned into the options
 * evidence recognition takes. This layer only parses: the document's shape against a schema, the flag
 * as whole days (it wins over the file's `maxAgeDays`). The defaults and every check of a value live
 * once, with evidence recognition (evidence/options.ts).
 */
import Ajv from "ajv";
import type { EvidenceOptions } from "./evidence/types";
import { EvidenceError, resolveEvidenceOptions } from "./evidence/options";

const number = { type: "number" } as const;

/** The shape of an evidence config; what the values may be is resolveEvidenceOptions's to say. */
export const EVIDENCE_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxAgeDays: number,
    flowPatterns: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
    },
    lighthouse: {
      type: "object",
      additionalProperties: false,
      properties: { performance: number, accessibility: number, bestPractices: number, maxLoadMs: number },
    },
    apiP95Ms: number,
  },
} as const;

const KEYS = Object.keys(EVIDENCE_CONFIG_SCHEMA.properties).join(", ");

const validate = new Ajv({ allErrors: true, strict: false }).compile(EVIDENCE_CONFIG_SCHEMA);

/** `--evidence-max-age DAYS`: whole days, 0 or more (0: only evidence of the last 24 hours counts). */
export function parseMaxAge(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new EvidenceError(`--evidence-max-age ${text} is not a whole number of days (0 or more)`);
  }
  return Number(text);
}

/**
 * The options of an evidence config document (undefined: no file, or an empty one), with the flag's
 * maximum age over the file's, checked whole before any evidence is read; `maxAgeDays` filled in.
 */
export function evidenceOptionsFrom(
  document: unknown,
  now: Date,
  maxAgeDays?: number,
): EvidenceOptions & { maxAgeDays: number } {
  const given = document ?? {};
  if (!validate(given)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath.slice(1).replace(/\//g, ".") || "(the document)"} ${e.message}`,
    );
    throw new EvidenceError(`${[...new Set(problems)].join("; ")}; the keys are ${KEYS}`);
  }
  const options: EvidenceOptions = { ...(given as Omit<EvidenceOptions, "now">), now };
  if (maxAgeDays !== undefined) options.maxAgeDays = maxAgeDays;
  return { ...options, maxAgeDays: resolveEvidenceOptions(options).maxAgeDays };
}
