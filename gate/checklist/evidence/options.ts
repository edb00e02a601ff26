/**
 * The defaults a readiness report applies to evidence, and the check of what a caller passes instead:
 * the one home of both (the --evidence-config file and the CLI flags only parse and hand over).
 * Bad options are the caller's mistake: they stop the report (EvidenceError) rather than weaken it.
 */
import type { EvidenceOptions, LighthouseThresholds } from "./types";
import { DEFAULT_FLOW_PATTERNS, FLOW_ITEM_IDS } from "./flows";
import { GateInputError } from "../../errors";

/** Bad evidence options or an --evidence folder that cannot be read: the report cannot decide (exit 2). */
export class EvidenceError extends GateInputError {}

/** EvidenceOptions with every default filled in and every pattern compiled. */
export interface ResolvedEvidenceOptions {
  now: Date;
  maxAgeDays: number;
  /** Item id → compiled patterns (all must be matched by a passing test). */
  flowPatterns: ReadonlyMap<string, readonly RegExp[]>;
  lighthouse: LighthouseThresholds;
  apiP95Ms: number;
}

export interface EvidenceDefaults {
  maxAgeDays: number;
  flowPatterns: Readonly<Record<string, readonly string[]>>;
  lighthouse: Readonly<LighthouseThresholds>;
  apiP95Ms: number;
}

export const DEFAULT_EVIDENCE_OPTIONS: Readonly<EvidenceDefaults> = {
  maxAgeDays: 30,
  flowPatterns: DEFAULT_FLOW_PATTERNS,
  // 90 is where Lighthouse colours a score green; 2.5 s is the "good" largest contentful paint.
  lighthouse: { performance: 90, accessibility: 90, bestPractices: 90, maxLoadMs: 2500 },
  apiP95Ms: 500,
};

function finiteAtLeast(value: number, min: number, what: string, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
    throw new EvidenceError(`${what} must be a number ${range}; got ${JSON.stringify(value)}`);
  }
  return value;
}

function compilePatterns(item: string, patterns: unknown): RegExp[] {
  if (!Array.isArray(patterns)) {
    throw new EvidenceError(`flowPatterns["${item}"] must be a list of regular expressions`);
  }
  return patterns.map((pattern, index) => {
    if (typeof pattern !== "string" || pattern.trim() === "") {
      throw new EvidenceError(`flowPatterns["${item}"][${index}] must be a non-empty regular expression`);
    }
    try {
      return new RegExp(pattern, "i");
    } catch (error) {
      throw new EvidenceError(
        `flowPatterns["${item}"][${index}] is not a valid regular expression (${(error as Error).message})`,
      );
    }
  });
}

/**
 * Fills in defaults and checks every option. flowPatterns and lighthouse merge over the defaults key
 * by key: an item given `[]` proves nothing from test names.
 */
export function resolveEvidenceOptions(options: EvidenceOptions): ResolvedEvidenceOptions {
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new EvidenceError("the evidence options need `now`, a valid Date");
  }
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_EVIDENCE_OPTIONS.maxAgeDays;
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 0)
    throw new EvidenceError(
      `maxAgeDays must be a whole number of days, 0 or more; got ${JSON.stringify(maxAgeDays)}`,
    );
  const given = options.flowPatterns ?? {};
  for (const item of Object.keys(given)) {
    if (!FLOW_ITEM_IDS.has(item)) {
      throw new EvidenceError(
        `flowPatterns names "${item}", which test names cannot prove; the items they can: ${[...FLOW_ITEM_IDS].join(", ")}`,
      );
    }
  }
  const merged = { ...DEFAULT_EVIDENCE_OPTIONS.flowPatterns, ...given };
  const flowPatterns = new Map(
    Object.entries(merged).map(([item, list]) => [item, compilePatterns(item, list)]),
  );
  const lighthouse = { ...DEFAULT_EVIDENCE_OPTIONS.lighthouse, ...options.lighthouse };
  for (const key of ["performance", "accessibility", "bestPractices"] as const) {
    finiteAtLeast(lighthouse[key], 0, `lighthouse.${key}`, 100);
  }
  finiteAtLeast(lighthouse.maxLoadMs, 1, "lighthouse.maxLoadMs");
  const apiP95Ms = finiteAtLeast(options.apiP95Ms ?? DEFAULT_EVIDENCE_OPTIONS.apiP95Ms, 1, "apiP95Ms");
  return { now: options.now, maxAgeDays, flowPatterns, lighthouse, apiP95Ms };
}
