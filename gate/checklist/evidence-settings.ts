/**
 * What evidence recognition is judged against: the maximum age, the test-name patterns of the user
 * flows, the Lighthouse thresholds and the API response-time budget. The defaults live here, once;
 * `--evidence-config FILE` (YAML or JSON) overrides any of them, `--evidence-max-age` the age.
 */
import Ajv from "ajv";
import type { EvidenceOptions } from "./evidence/types";

export interface EvidenceSettings {
  /** Evidence older than this many days does not count. */
  maxAgeDays: number;
  /** Item id → regular expressions a passing test's name must match for the flow to count as tested. */
  flowPatterns: Record<string, string[]>;
  /** Lighthouse category scores (0-100) and the page-load budget in milliseconds. */
  lighthouse: { performance: number; accessibility: number; bestPractices: number; maxLoadMs: number };
  /** k6: the p95 HTTP response-time budget in milliseconds. */
  apiP95Ms: number;
}

/** Test names come in every case (`test_registration`, `Registration flow`, `signUp`): patterns say so. */
export const DEFAULT_EVIDENCE_SETTINGS: EvidenceSettings = {
  maxAgeDays: 30,
  flowPatterns: {
    "qa.functionality.registration": ["[Rr]egist(er|ration)", "[Ss]ign[ _-]?[Uu]p"],
    "qa.functionality.login": ["[Ll]og[ _-]?[Ii]n", "[Ss]ign[ _-]?[Ii]n"],
    "qa.functionality.password-reset": [
      "[Pp]assword[ _-]?[Rr]eset",
      "[Rr]eset[ _-]?[Pp]assword",
      "[Ff]orgot[ _-]?[Pp]assword",
    ],
  },
  // Lighthouse's own "good" band starts at 90; 2500 ms is the "good" largest contentful paint.
  lighthouse: { performance: 90, accessibility: 90, bestPractices: 90, maxLoadMs: 2500 },
  // The budget k6's documentation uses for p(95) of http_req_duration.
  apiP95Ms: 500,
};

const score = { type: "number", minimum: 0, maximum: 100 };
const milliseconds = { type: "number", exclusiveMinimum: 0 };

export const EVIDENCE_SETTINGS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxAgeDays: { type: "integer", minimum: 1 },
    flowPatterns: {
      type: "object",
      additionalProperties: { type: "array", minItems: 1, items: { type: "string", minLength: 1 } },
    },
    lighthouse: {
      type: "object",
      additionalProperties: false,
      properties: {
        performance: score,
        accessibility: score,
        bestPractices: score,
        maxLoadMs: milliseconds,
      },
    },
    apiP95Ms: milliseconds,
  },
} as const;

/** An evidence config the report cannot use; exit code 2. */
export class EvidenceSettingsError extends Error {}

const validate = new Ajv({ allErrors: true, strict: false }).compile(EVIDENCE_SETTINGS_SCHEMA);

/** `--evidence-max-age DAYS`: a whole number of days, at least 1. */
export function parseMaxAge(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new EvidenceSettingsError(`--evidence-max-age ${text} is not a whole number of days (1 or more)`);
  }
  return Number(text);
}

/**
 * The defaults, then the config document (each flow's patterns replace that flow's defaults; each
 * Lighthouse threshold its default), then `--evidence-max-age`.
 */
export function evidenceSettings(
  document: unknown,
  checklistIds: ReadonlySet<string>,
  maxAgeDays?: number,
): EvidenceSettings {
  const given = (document ?? {}) as Partial<EvidenceSettings>;
  if (!validate(given)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath.slice(1).replace(/\//g, ".") || "(the document)"} ${e.message}`,
    );
    throw new EvidenceSettingsError(
      `${[...new Set(problems)].join("; ")}; the keys are maxAgeDays, flowPatterns, lighthouse, apiP95Ms`,
    );
  }
  for (const [item, patterns] of Object.entries(given.flowPatterns ?? {})) {
    if (!checklistIds.has(item))
      throw new EvidenceSettingsError(`flowPatterns names ${item}, which is not a checklist item`);
    for (const pattern of patterns) {
      try {
        new RegExp(pattern);
      } catch {
        throw new EvidenceSettingsError(`flowPatterns.${item}: ${pattern} is not a valid regular expression`);
      }
    }
  }
  const defaults = DEFAULT_EVIDENCE_SETTINGS;
  return {
    maxAgeDays: maxAgeDays ?? given.maxAgeDays ?? defaults.maxAgeDays,
    flowPatterns: { ...defaults.flowPatterns, ...given.flowPatterns },
    lighthouse: { ...defaults.lighthouse, ...given.lighthouse },
    apiP95Ms: given.apiP95Ms ?? defaults.apiP95Ms,
  };
}

/** The options evidence recognition takes (gate/checklist/evidence/types.ts). */
export function evidenceOptions(settings: EvidenceSettings, now: Date): EvidenceOptions {
  return {
    now,
    maxAgeDays: settings.maxAgeDays,
    flowPatterns: settings.flowPatterns,
    lighthouse: settings.lighthouse,
    apiP95Ms: settings.apiP95Ms,
  };
}
