/**
 * The output of Django's `manage.py check --deploy`. Each deploy warning names a setting (Django's
 * docs, ref/checks, "Security"); a warning fails the item its setting serves, and its absence passes
 * the item only when the file shows the deploy checks ran (`--deploy` in a recorded command line, or
 * any security.W0xx in the output: plain `check` prints the same "no issues" line) and none was
 * silenced (the count says how many, not which).
 */
import { Claim, MalformedEvidence, plural, provesNothing, Reading } from "./reading";

/** The deploy checks this reader maps, with what each says in a fact. */
const DEPLOY_CHECKS: Record<string, string> = {
  "security.W001": "SecurityMiddleware is not in MIDDLEWARE, so SECURE_SSL_REDIRECT has no effect",
  "security.W003": "CsrfViewMiddleware is not in MIDDLEWARE",
  "security.W004": "SECURE_HSTS_SECONDS is not set",
  "security.W008": "SECURE_SSL_REDIRECT is not True",
  "security.W009": "SECRET_KEY is short, repetitive or a generated django-insecure- key",
  "security.W010": "SESSION_COOKIE_SECURE is not True",
  "security.W011": "SESSION_COOKIE_SECURE is not True",
  "security.W012": "SESSION_COOKIE_SECURE is not True",
  "security.W013": "SESSION_COOKIE_HTTPONLY is not True",
  "security.W014": "SESSION_COOKIE_HTTPONLY is not True",
  "security.W015": "SESSION_COOKIE_HTTPONLY is not True",
  "security.W016": "CSRF_COOKIE_SECURE is not True",
  "security.W018": "DEBUG is True",
  "security.W020": "ALLOWED_HOSTS is empty",
  "security.W025": "a key in SECRET_KEY_FALLBACKS is weak",
};

export interface DjangoCheckRule {
  item: string;
  checks: readonly string[];
  /** What the absence of every check shows; undefined when absence proves nothing (fail only). */
  absenceShows?: string;
}

export const DJANGO_CHECK_RULES: readonly DjangoCheckRule[] = [
  { item: "backend.security.debug-off", checks: ["security.W018"], absenceShows: "DEBUG is off" },
  {
    item: "backend.security.ssl-redirect",
    checks: ["security.W001", "security.W004", "security.W008"],
    absenceShows: "SecurityMiddleware on, SECURE_SSL_REDIRECT True, HSTS set",
  },
  {
    item: "backend.security.admin-https-only",
    checks: ["security.W001", "security.W008"],
    absenceShows: "every path, the admin included, redirects to HTTPS",
  },
  {
    item: "backend.security.csrf-secure-cookies",
    checks: ["security.W003", "security.W016"],
    absenceShows: "CsrfViewMiddleware on, CSRF_COOKIE_SECURE True",
  },
  {
    item: "backend.security.session-cookies-secure",
    checks: [
      "security.W010",
      "security.W011",
      "security.W012",
      "security.W013",
      "security.W014",
      "security.W015",
    ],
    absenceShows: "SESSION_COOKIE_SECURE and SESSION_COOKIE_HTTPONLY True",
  },
  // A long random key can still be hard-coded, and a non-empty ALLOWED_HOSTS can still be ["*"].
  { item: "backend.security.secret-key-from-secret", checks: ["security.W009", "security.W025"] },
  { item: "backend.security.allowed-hosts-restricted", checks: ["security.W020"] },
];

const ISSUE = /^(\S.*?): \(([a-z_]+\.[DIWEC]\d{3})\)/;
const FOOTER = /System check identified (no issues|(\d+) issues?) \((\d+) silenced\)\./;
const HEADER = /System check identified some issues:/;
const COMMAND = /\bmanage\.py\s+check\b|\bdjango-admin\s+check\b/;
const RECORDED_COMMAND = /^\s*[$>+#]\s*(?:python\S*\s+)?\S*manage\.py\s+check\b/m;
const MAX_ISSUE_LINE = 4096;

/** True when the text looks like Django system check output (the reader decides what it proves). */
export function looksLikeDjangoCheck(text: string): boolean {
  return (
    FOOTER.test(text) ||
    HEADER.test(text) ||
    /^\S.*?: \(security\.[WE]\d{3}\)/m.test(text) ||
    RECORDED_COMMAND.test(text)
  );
}

export function readDjangoCheck(text: string): Reading {
  const lines = text.split(/\r?\n/);
  // Django's messages are a few hundred characters; a longer line is not an issue line.
  const issues = lines
    .map((line) => (line.length <= MAX_ISSUE_LINE ? ISSUE.exec(line)?.[2] : undefined))
    .filter((id): id is string => id !== undefined);
  const footer = FOOTER.exec(text);
  const what = "Django system check";
  if (/^Traceback \(most recent call last\):/m.test(text)) {
    return provesNothing(what, "the check stopped with a Python traceback");
  }
  if (!footer) {
    throw new MalformedEvidence(
      'Django system check output without its closing "System check identified ..." line (truncated?)',
    );
  }
  const declared = footer[2] === undefined ? 0 : Number(footer[2]);
  const silenced = Number(footer[3]);
  if (declared !== issues.length) {
    throw new MalformedEvidence(
      `Django system check output that counts ${plural(declared, "issue")} but lists ${issues.length} (truncated?)`,
    );
  }
  const deployRan =
    issues.some((id) => id.startsWith("security.")) ||
    lines.some((line) => COMMAND.test(line) && /--deploy\b/.test(line));
  const summary = `Django check --deploy: ${plural(issues.length, "issue")} (${silenced} silenced)`;
  if (!deployRan) {
    return provesNothing(
      `Django system check: ${plural(issues.length, "issue")}`,
      "nothing in the file shows the deploy checks ran (plain `check` prints the same); record the command line, e.g. `echo '$ python manage.py check --deploy'` before its output",
    );
  }
  const claims: Claim[] = [];
  for (const rule of DJANGO_CHECK_RULES) {
    const raised = rule.checks.filter((check) => issues.includes(check));
    if (raised.length > 0) {
      const named = raised.map((check) => `${check} (${DEPLOY_CHECKS[check]})`).join(", ");
      claims.push({ item: rule.item, result: "fail", fact: `Django check --deploy: ${named}` });
    } else if (rule.absenceShows !== undefined && silenced === 0) {
      claims.push({
        item: rule.item,
        result: "pass",
        fact: `Django check --deploy: no ${rule.checks.join(", ")}: ${rule.absenceShows}`,
      });
    }
  }
  const unmapped = [...new Set(issues.filter((id) => !(id in DEPLOY_CHECKS)))];
  const notes = [
    silenced > 0 ? "passes withheld: a silenced check might be one of them" : "",
    unmapped.length > 0 ? `not mapped to an item: ${unmapped.slice(0, 6).join(", ")}` : "",
  ].filter(Boolean);
  return { message: [summary, ...notes].join("; "), claims };
}
