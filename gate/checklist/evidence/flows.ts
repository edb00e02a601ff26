/**
 * Checklist items a test run proves by the names of its tests: user flows, security probes, and the
 * behaviours the application teams test themselves. Each item says which test runners can prove it
 * (a jest run does not prove a Django behaviour) and the name patterns that find its tests by default.
 */

/** Test runners told apart by the content of a JUnit file. */
export type TestRunner = "pytest" | "jest" | "vitest" | "playwright" | "unknown";

export const RUNNER_LABELS: Record<TestRunner, string> = {
  pytest: "pytest",
  jest: "jest",
  vitest: "Vitest",
  playwright: "Playwright",
  unknown: "JUnit (runner not recognised)",
};

const ANY: readonly TestRunner[] = ["pytest", "jest", "vitest", "playwright", "unknown"];
const DJANGO: readonly TestRunner[] = ["pytest"];
const FRONTEND: readonly TestRunner[] = ["jest", "vitest", "playwright"];

export interface FlowItem {
  item: string;
  /** The runners whose tests can prove it. */
  runners: readonly TestRunner[];
  /** What the tests show, for the mapping table. */
  subject: string;
  /**
   * Default name patterns (case-insensitive): every pattern needs a passing test, so `|` inside one
   * pattern lists alternatives and separate patterns list things that must all be tested.
   */
  patterns: readonly string[];
}

const REFRESH = String.raw`\brefresh(es|ed|ing)?\b.*\b(token|jwt|access)\b|\b(tokens?|jwt)\b.*\brefresh`;

export const FLOW_ITEMS: readonly FlowItem[] = [
  {
    item: "qa.functionality.registration",
    runners: ANY,
    subject: "the registration flow",
    patterns: [String.raw`\bregist|\bsign ?ups?\b`],
  },
  {
    item: "qa.functionality.login",
    runners: ANY,
    subject: "the login flow",
    patterns: [String.raw`\blogs? ?in\b|\bsigns? ?in\b`],
  },
  {
    item: "qa.functionality.password-reset",
    runners: ANY,
    subject: "the password reset flow",
    patterns: [
      String.raw`\bpassword ?reset|\breset(s|ting)? (the |a |their |your )?password|\bforgot(ten)? ?password`,
    ],
  },
  {
    item: "qa.functionality.main-features",
    runners: ANY,
    subject: "each main feature named in flowPatterns (none by default), with no failed test in the file",
    patterns: [],
  },
  {
    item: "qa.functionality.error-cases",
    runners: ANY,
    subject: "error cases",
    patterns: [
      String.raw`\b(errors?|invalid|not found|404|500|forbidden|rejects?|rejected|fails gracefully)\b`,
    ],
  },
  {
    item: "qa.security.sql-injection",
    runners: ANY,
    subject: "SQL injection probes",
    patterns: [String.raw`\bsql ?injection\b|\bsqli\b`],
  },
  {
    item: "qa.security.xss",
    runners: ANY,
    subject: "XSS probes",
    patterns: [String.raw`\bxss\b|\bcross site script`],
  },
  {
    item: "qa.security.csrf",
    runners: ANY,
    subject: "CSRF protection",
    patterns: [String.raw`\bcsrf\b|\bxsrf\b|\bcross site request forgery\b`],
  },
  {
    item: "qa.security.auth-bypass",
    runners: ANY,
    subject: "requests without authentication being refused",
    patterns: [
      String.raw`\bunauthenticated\b|\banonymous\b|\bauth(entication)? bypass\b|\bwithout (an? )?(auth|authentication|token|login|session|credentials)\b|\brequires? (auth|authentication|login)\b|\b401\b`,
    ],
  },
  {
    item: "qa.security.authorization",
    runners: ANY,
    subject: "authorization checks",
    patterns: [
      String.raw`\bpermissions?\b|\bforbidden\b|\b403\b|\bauthori[sz](ation|ed)\b|\bnot allowed\b|\baccess denied\b`,
    ],
  },
  {
    item: "backend.auth.token-refresh",
    runners: DJANGO,
    subject: "the API's token refresh",
    patterns: [REFRESH],
  },
  {
    item: "api.migrations.data-migrations-tested",
    runners: DJANGO,
    subject: "data migrations",
    patterns: [String.raw`\bdata migrations?\b`],
  },
  {
    item: "api.cors.preflight",
    runners: DJANGO,
    subject: "CORS preflight (OPTIONS) requests",
    patterns: [String.raw`\bpreflight\b|\boptions request`],
  },
  {
    item: "api.cors.credentials-allowed",
    runners: DJANGO,
    subject: "CORS with credentials",
    patterns: [String.raw`\bcors\b.*\bcredentials?\b|\ballow credentials\b`],
  },
  {
    item: "frontend.auth.token-refresh",
    runners: FRONTEND,
    subject: "the frontend's token refresh",
    patterns: [REFRESH],
  },
  {
    item: "frontend.auth.logout-clears-session",
    runners: FRONTEND,
    subject: "logout",
    patterns: [String.raw`\blogs? ?out\b|\bsigns? ?out\b`],
  },
  {
    item: "frontend.errors.error-pages",
    runners: FRONTEND,
    subject: "the 404 and the 500 page",
    patterns: [
      String.raw`\b404\b|\bnot found\b`,
      String.raw`\b500\b|\bserver error\b|\berror (page|boundary)\b`,
    ],
  },
];

export const FLOW_ITEM_IDS: ReadonlySet<string> = new Set(FLOW_ITEMS.map((flow) => flow.item));

export const DEFAULT_FLOW_PATTERNS: Readonly<Record<string, string[]>> = Object.fromEntries(
  FLOW_ITEMS.map((flow) => [flow.item, [...flow.patterns]]),
);

/**
 * A test's name as words: split at camelCase and at `_ - . / : › ,`, lower-cased, one space apart,
 * so that `test_password_reset`, `passwordReset` and `password reset › sends mail` all read alike.
 */
export function nameAsWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .toLowerCase();
}
