/**
 * The contract between evidence recognition (this folder) and the readiness report (../model.ts):
 * files an application team already produces go in, facts about checklist items come out.
 * What a file cannot prove, it does not claim; a file that is malformed, truncated or foreign proves
 * nothing and is reported as such.
 */

/** The formats evidence is recognised in, by content (never by file name). */
export type EvidenceFormat =
  | "junit"
  | "django-check-deploy"
  | "nextjs-required-server-files"
  | "lighthouse"
  | "pip-audit"
  | "npm-audit"
  | "python-requirements"
  | "poetry-lock"
  | "uv-lock"
  | "npm-lockfile"
  | "tsc-log"
  | "eslint-json"
  | "axe-core"
  | "zap-baseline"
  | "openapi"
  | "k6-summary";

/** One thing a file proves (or disproves) about one checklist item. */
export interface EvidenceFact {
  /** Checklist item id (`testing.unit.backend-tests-pass`, ...). */
  item: string;
  /** Whether the evidence shows the item holds. */
  result: "pass" | "fail";
  /**
   * One line a person reads, naming the fact that decided it:
   * "pytest JUnit: 214 tests, 0 failures, tests/test_auth.py::test_password_reset".
   */
  fact: string;
  /** The file, as found under the --evidence folder (relative to it, `/`-separated). */
  file: string;
  /** The --evidence folder the file was found in, as given. */
  dir: string;
  format: EvidenceFormat;
  /** When the evidence was produced (a timestamp inside the file, else the file's mtime), ISO 8601. */
  producedAt: string;
  /** Whole days between producedAt and the report's `now`. */
  ageDays: number;
  /** Older than EvidenceOptions.maxAgeDays: shown, but it does not count. */
  stale: boolean;
}

/** What became of each file found under an --evidence folder. */
export interface EvidenceFile {
  file: string;
  dir: string;
  /** The recognised format, or "unrecognised" for a file of no known format (foreign). */
  format: EvidenceFormat | "unrecognised";
  status: "used" | "stale" | "malformed" | "foreign";
  /** One line: what was read from it, or what is wrong with it ("truncated JSON at byte 812"). */
  message: string;
  /** How many facts it gave. */
  facts: number;
}

/** Lighthouse category scores (0-100) an item needs, and the page-load budget in milliseconds. */
export interface LighthouseThresholds {
  performance: number;
  accessibility: number;
  bestPractices: number;
  maxLoadMs: number;
}

/** What evidence is judged against; every field but `now` has a default (DEFAULT_EVIDENCE_OPTIONS). */
export interface EvidenceOptions {
  /** The report's clock. */
  now: Date;
  /** Evidence older than this many whole days does not count (default 30). */
  maxAgeDays?: number;
  /**
   * Item id → regular expressions matched against test names (flows: registration, login, ...);
   * each replaces that item's defaults, `[]` switches the item off.
   */
  flowPatterns?: Record<string, readonly string[]>;
  /** Each threshold given replaces its default. */
  lighthouse?: Partial<LighthouseThresholds>;
  /** k6: the p95 response-time budget in milliseconds. */
  apiP95Ms?: number;
}

export interface EvidenceResult {
  facts: EvidenceFact[];
  files: EvidenceFile[];
}
