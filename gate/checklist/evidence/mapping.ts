/**
 * Which checklist items each evidence format can prove, and how: the table kept with the checklist
 * data, rendered into docs/checklist.md. It is built from the same rules the readers apply, and the
 * collector refuses a fact the table does not list, so the table cannot promise what the code does not do.
 */
import type { EvidenceFormat } from "./types";
import { DEFAULT_EVIDENCE_OPTIONS } from "./options";
import { FLOW_ITEMS, RUNNER_LABELS } from "./flows";
import { DJANGO_CHECK_RULES } from "./formats/django-check";
import { LIGHTHOUSE_AUDIT_ITEMS } from "./formats/lighthouse";
import { PYTHON_PACKAGE_RULES } from "./formats/dependencies";
import { MAX_FAILED_REQUEST_RATE } from "./formats/k6";
import { ZAP_CLASSES } from "./formats/zap";

/** What a format can claim about an item: that it holds, that it does not, or both. */
export type ClaimKinds = "pass-and-fail" | "pass-only" | "fail-only";

export interface ItemProof {
  item: string;
  claims: ClaimKinds;
  /** One line: what in the file proves it. */
  how: string;
}

export interface FormatMapping {
  format: EvidenceFormat;
  /** The tool output, as its users name it. */
  title: string;
  /** The content test that recognises it, whatever the file is called. */
  recognisedBy: string;
  /** Where the evidence's age comes from. */
  producedAt: string;
  proves: ItemProof[];
  /** What a reader might expect the format to prove and it cannot. */
  cannotProve?: string;
}

const L = DEFAULT_EVIDENCE_OPTIONS.lighthouse;
const MTIME = "the file's modification time (the format carries no time)";

const PYTHON_PRESENCE = (source: string, claims: ClaimKinds): ItemProof[] => [
  ...PYTHON_PACKAGE_RULES.map((rule) => ({
    item: rule.item,
    claims,
    how: `${rule.accepts.join(" or ")} among ${source}`,
  })),
  {
    item: "backend.dependencies.requirements-production",
    claims,
    how: `Django with a production server (gunicorn or uvicorn) and a PostgreSQL driver among ${source}`,
  },
];

export const EVIDENCE_MAPPING: readonly FormatMapping[] = [
  {
    format: "junit",
    title: "JUnit XML (pytest --junitxml, jest-junit, Vitest, Playwright junit reporter)",
    recognisedBy: "an XML document whose root is <testsuites> or <testsuite>; the runner from its content",
    producedAt:
      "the latest testsuite `timestamp` (read as UTC without a zone), else the file's modification time",
    proves: [
      ...FLOW_ITEMS.map((flow) => ({
        item: flow.item,
        claims: "pass-and-fail" as const,
        how:
          flow.item === "qa.functionality.main-features"
            ? "a passed test for each flowPatterns pattern (none by default) and no failed test in the file; any failed or errored test fails it"
            : `a passed ${!flow.runners.includes("unknown") ? flow.runners.map((r) => RUNNER_LABELS[r]).join("/") + " " : ""}test of ${flow.subject} (a name matching ${flow.patterns.map((p) => `\`/${p}/i\``).join(" and ")} by default); a matching failed test fails it`,
      })),
      {
        item: "qa.compatibility.browsers",
        claims: "pass-and-fail",
        how: "Playwright tests passing in projects for Chrome (chromium), Firefox, Safari (webkit) and Edge; a test failing in one of them fails it",
      },
      {
        item: "qa.compatibility.responsive",
        claims: "pass-and-fail",
        how: "Playwright tests passing in mobile, tablet and desktop projects (by project name); a test failing in one fails it",
      },
    ],
    cannotProve:
      'a run\'s target environment, so not "All endpoints tested with production environment" nor post-deploy flows',
  },
  {
    format: "django-check-deploy",
    title: "Django `manage.py check --deploy` output",
    recognisedBy: 'Django\'s "System check identified ..." lines or `(security.W0xx)` issue lines',
    producedAt: MTIME,
    proves: DJANGO_CHECK_RULES.map((rule) => ({
      item: rule.item,
      claims: rule.absenceShows ? ("pass-and-fail" as const) : ("fail-only" as const),
      how: rule.absenceShows
        ? `${rule.checks.join(", ")} fail it; their absence, when the deploy checks ran and none was silenced: ${rule.absenceShows}`
        : `${rule.checks.join(", ")} fail it; their absence does not show the setting is right`,
    })),
  },
  {
    format: "nextjs-required-server-files",
    title: "Next.js .next/required-server-files.json",
    recognisedBy: "a JSON object with a numeric `version`, a `config` object and a `files` list",
    producedAt: MTIME,
    proves: [
      {
        item: "frontend.build.no-browser-source-maps",
        claims: "pass-and-fail",
        how: "config.productionBrowserSourceMaps false (true fails)",
      },
      {
        item: "frontend.performance.image-remote-patterns",
        claims: "pass-and-fail",
        how: "config.images.remotePatterns naming https hosts; none, a wildcard host, a local address or plain http fails",
      },
      {
        item: "frontend.performance.image-optimization",
        claims: "pass-and-fail",
        how: "config.images.unoptimized not true",
      },
      {
        item: "frontend.build.minified",
        claims: "pass-and-fail",
        how: "config.swcMinify true (false fails; Next.js 15+ has no such setting)",
      },
      {
        item: "frontend.build.no-typescript-errors",
        claims: "pass-only",
        how: "config.typescript.ignoreBuildErrors false: next build type-checks before writing the file",
      },
    ],
    cannotProve:
      "that `npm run build` completed: Next.js writes the file before collecting page data and prerendering; poweredByHeader and compress are reported, no item names them",
  },
  {
    format: "lighthouse",
    title: "Lighthouse result JSON, Lighthouse CI manifest.json and assertion-results.json",
    recognisedBy:
      "`lighthouseVersion` with categories (result); a list of runs with url and summary (manifest); a list of assertions with auditId and passed",
    producedAt: "`fetchTime` of a result; the file's modification time for the manifest and assertions",
    proves: [
      {
        item: "qa.performance.page-load",
        claims: "pass-and-fail",
        how: `performance ≥ ${L.performance} and largest-contentful-paint ≤ ${L.maxLoadMs} ms (lighthouse thresholds); a lower manifest score or a failed performance/LCP assertion fails it`,
      },
      {
        item: "qa.compatibility.accessibility",
        claims: "pass-and-fail",
        how: `accessibility ≥ ${L.accessibility} in a result or the manifest's lowest page; a failed accessibility assertion fails it`,
      },
      ...LIGHTHOUSE_AUDIT_ITEMS.map(({ audit, item }) => ({
        item,
        claims: "pass-and-fail" as const,
        how: `the ${audit} audit scoring at least 0.9 (Lighthouse's "passed"); lower, or a failed assertion on it, fails it`,
      })),
      {
        item: "post-deploy.benchmarks",
        claims: "pass-only",
        how: "a result with a performance score and a largest contentful paint",
      },
    ],
    cannotProve: `best practices (threshold ${L.bestPractices}): reported, no checklist item names it`,
  },
  {
    format: "pip-audit",
    title: "pip-audit -f json",
    recognisedBy:
      "a list of dependencies each with name and version plus vulns (or skip_reason), bare or under `dependencies` with `fixes`",
    producedAt: MTIME,
    proves: PYTHON_PRESENCE("the audited packages", "pass-only"),
    cannotProve:
      "that a package is missing (an audit covers one environment), nor vulnerabilities: the checklist has no item for them",
  },
  {
    format: "npm-audit",
    title: "npm audit --json (npm 7+)",
    recognisedBy:
      "`auditReportVersion` with a `vulnerabilities` object (npm 6's `advisories` is reported malformed)",
    producedAt: MTIME,
    proves: ZAP_CLASSES.filter((c) => c.cwe !== "").map((c) => ({
      item: c.item,
      claims: "fail-only" as const,
      how: `a moderate, high or critical advisory classed CWE-${c.cwe} (${c.name}) in a dependency`,
    })),
    cannotProve:
      "other vulnerabilities: the checklist has no item for them; npm audit does not say whether a package is a dev dependency",
  },
  {
    format: "python-requirements",
    title: "pip requirements file (requirements*.txt, pip freeze, pip-compile)",
    recognisedBy:
      "every non-comment line is a requirement specifier or a pip option, and at least one requirement has a version, URL or hash",
    producedAt: MTIME,
    proves: [
      ...PYTHON_PRESENCE("the requirements (when Django is one)", "pass-only"),
      {
        item: "backend.dependencies.pinned-versions",
        claims: "pass-and-fail",
        how: "every requirement pinned with == or === or carrying --hash (a VCS URL at a commit); any other fails it",
      },
    ],
    cannotProve: "that a package is missing: the file may be one of several (-r includes are not followed)",
  },
  ...(["poetry-lock", "uv-lock"] as const).map((format) => ({
    format,
    title: format === "uv-lock" ? "uv.lock" : "poetry.lock",
    recognisedBy:
      format === "uv-lock"
        ? "TOML with a numeric `version` and [[package]] tables, no [metadata]"
        : "TOML with [[package]] tables and [metadata] lock-version or content-hash",
    producedAt: MTIME,
    proves: [
      ...PYTHON_PRESENCE("the locked packages (when Django is one)", "pass-and-fail"),
      {
        item: "backend.dependencies.pinned-versions",
        claims: "pass-only" as const,
        how: "the lockfile of a Django project: every package at an exact version",
      },
    ],
  })),
  {
    format: "npm-lockfile",
    title: "npm package-lock.json",
    recognisedBy: "a numeric `lockfileVersion` with `packages` or `dependencies`",
    producedAt: MTIME,
    proves: [
      {
        item: "backend.dependencies.pinned-versions",
        claims: "pass-and-fail",
        how: "the Next.js app's lockfile (it has next): every package at a version, git sources at a commit; this is the npm half, the Python half needs its own evidence",
      },
    ],
  },
  {
    format: "tsc-log",
    title: "tsc output",
    recognisedBy: '`error TS<code>` lines, tsc\'s "Found N errors", or a recorded `tsc` command line',
    producedAt: MTIME,
    proves: [
      {
        item: "frontend.build.no-typescript-errors",
        claims: "pass-and-fail",
        how: "no `error TS` line after a recorded tsc command (tsc prints nothing when clean); any fails it",
      },
    ],
  },
  {
    format: "eslint-json",
    title: "ESLint JSON formatter output (json, json-with-metadata)",
    recognisedBy: "a list of results each with filePath and messages",
    producedAt: MTIME,
    proves: [
      {
        item: "frontend.build.no-eslint-errors",
        claims: "pass-and-fail",
        how: "no message of severity 2 (error) or fatal",
      },
      {
        item: "frontend.performance.no-console-logs",
        claims: "fail-only",
        how: "a no-console report; its absence does not show the rule was on",
      },
    ],
  },
  {
    format: "axe-core",
    title: "axe-core results JSON (axe.run, @axe-core/playwright, @axe-core/cli)",
    recognisedBy:
      "violations and passes lists with testEngine axe-core (or inapplicable), alone or in a list",
    producedAt: "the run's `timestamp`, else the file's modification time",
    proves: [
      {
        item: "qa.compatibility.accessibility",
        claims: "pass-and-fail",
        how: "no violation tagged wcag2a/wcag2aa/wcag21a/wcag21aa in runs not limited away from WCAG 2.1 AA; one fails it",
      },
    ],
  },
  {
    format: "zap-baseline",
    title: "OWASP ZAP JSON report (baseline, full or API scan)",
    recognisedBy: "a `site` list with `@programName` ZAP or `@generated`",
    producedAt: "`created`, else `@generated` (read as UTC), else the file's modification time",
    proves: ZAP_CLASSES.map((c) => ({
      item: c.item,
      claims: c.passable ? ("pass-and-fail" as const) : ("fail-only" as const),
      how: `an alert (low risk or more, not a false positive) from rule ${c.rules.join("/")}${c.cwe ? ` or CWE-${c.cwe}` : ""} fails it${c.passable ? "; none passes it only when an alert shows an active scan ran (an attack)" : ""}`,
    })),
    cannotProve: "XSS or SQL injection from a baseline scan alone: it is passive",
  },
  {
    format: "openapi",
    title: "OpenAPI 3.x or Swagger 2.0 document (JSON or YAML)",
    recognisedBy: "`openapi: 3.x` or `swagger: 2.0` with an info object",
    producedAt: MTIME,
    proves: [
      { item: "docs.api-endpoints", claims: "pass-only", how: "at least one operation documented" },
      {
        item: "api.endpoints.versioning",
        claims: "pass-and-fail",
        how: "every path (health and schema paths aside) under /vN/, or every server URL/basePath with one; some paths without fails it",
      },
    ],
  },
  {
    format: "k6-summary",
    title: "k6 summary JSON (--summary-export, or handleSummary's data)",
    recognisedBy: "a `metrics` object with a `root_group`",
    producedAt: MTIME,
    proves: [
      {
        item: "qa.performance.api-response-times",
        claims: "pass-and-fail",
        how: `http_req_duration p(95) within apiP95Ms (default ${DEFAULT_EVIDENCE_OPTIONS.apiP95Ms} ms) with at most ${MAX_FAILED_REQUEST_RATE * 100}% failed requests`,
      },
      {
        item: "post-deploy.benchmarks",
        claims: "pass-only",
        how: "a run with HTTP requests and their p(95)",
      },
    ],
  },
];

/** The proof the table lists for a format and item, if any. */
export function proofOf(format: EvidenceFormat, item: string): ItemProof | undefined {
  return EVIDENCE_MAPPING.find((m) => m.format === format)?.proves.find((p) => p.item === item);
}
