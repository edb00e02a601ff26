/**
 * JUnit XML from pytest (`--junitxml`), jest-junit, Vitest and Playwright's junit reporter. The runner
 * is told from the content (pytest's suite name and python module paths, jest-junit's and Vitest's
 * root names, Playwright's ` › ` title paths), and decides what the tests can prove: a jest run says
 * nothing about the Django API. Items are found by test names (flowPatterns); Playwright's project
 * names (its `hostname` attribute) tell browsers and device sizes apart.
 */
import { XMLParser } from "fast-xml-parser";
import type { ResolvedEvidenceOptions } from "../options";
import { FLOW_ITEMS, nameAsWords, RUNNER_LABELS, TestRunner } from "../flows";
import { shown } from "../redaction";
import { parseIsoTimestamp } from "../timestamps";
import { Claim, isObject, MalformedEvidence, plural, provesNothing, Reading } from "./reading";

type Outcome = "passed" | "failed" | "errored" | "skipped";

interface TestCase {
  /** How a person finds the test: `tests.test_auth.TestLogin::test_login_ok`, `auth.spec.ts › signs in`. */
  label: string;
  words: string;
  name: string;
  classname: string;
  file: string;
  outcome: Outcome;
  /** Playwright's project (the suite's `hostname`). */
  project: string;
}

type FoundCase = Omit<TestCase, "label" | "words">;

interface Suite {
  name: string;
  timestamp?: string;
  hostname: string;
  cases: unknown[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name),
});

function attribute(node: Record<string, unknown>, name: string): string {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function suitesOf(node: Record<string, unknown>, into: Suite[]): void {
  for (const suite of Array.isArray(node.testsuite) ? node.testsuite : []) {
    if (!isObject(suite)) continue;
    into.push({
      name: attribute(suite, "name"),
      timestamp: attribute(suite, "timestamp") || undefined,
      hostname: attribute(suite, "hostname"),
      cases: Array.isArray(suite.testcase) ? suite.testcase : [],
    });
    suitesOf(suite, into);
  }
}

function outcomeOf(testcase: Record<string, unknown>): Outcome {
  if (testcase.failure !== undefined) return "failed";
  if (testcase.error !== undefined) return "errored";
  if (testcase.skipped !== undefined) return "skipped";
  return "passed";
}

const PYTHON_MODULE_PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const PYTEST_MODULE = /(^|\.)(test_\w+|\w+_test)(\.|$)/;
const SPEC_FILE = /\.(spec|test|e2e)\.[cm]?[jt]sx?$/;

function runnerOf(rootName: string, rootHasId: boolean, suites: Suite[], cases: FoundCase[]): TestRunner {
  if (/^vitest tests$/i.test(rootName)) return "vitest";
  if (/^jest tests$/i.test(rootName)) return "jest";
  if (
    cases.some((c) => c.name.includes(" › ")) ||
    (rootHasId && suites.every((s) => SPEC_FILE.test(s.name)))
  ) {
    return "playwright";
  }
  if (suites.some((s) => s.name === "pytest") || cases.some((c) => c.file.endsWith(".py"))) return "pytest";
  const pythonLike = cases.every(
    (c) => PYTHON_MODULE_PATH.test(c.classname) && PYTEST_MODULE.test(c.classname) && /^test/.test(c.name),
  );
  return cases.length > 0 && pythonLike ? "pytest" : "unknown";
}

function labelOf(runner: TestRunner, classname: string, name: string): string {
  if (!classname || name.includes(classname)) return name;
  return runner === "playwright" ? `${classname} › ${name}` : `${classname}::${name}`;
}

function matches(pattern: RegExp, test: TestCase): boolean {
  return pattern.test(test.label) || pattern.test(test.words) || pattern.test(test.file);
}

const failedOutcome = (test: TestCase) => test.outcome === "failed" || test.outcome === "errored";

function firstLabels(tests: TestCase[], count = 2): string {
  const labels = tests.slice(0, count).map((t) => shown(t.label, 100));
  return tests.length > count ? `${labels.join(", ")} and ${tests.length - count} more` : labels.join(", ");
}

/** Playwright projects by the browser they stand for; WebKit is the engine Playwright runs for Safari. */
const BROWSERS = [
  { browser: "Chrome", project: /chrom/i },
  { browser: "Firefox", project: /firefox/i },
  { browser: "Safari", project: /webkit|safari/i },
  { browser: "Edge", project: /edge/i },
];
const MOBILE = /mobile|iphone|pixel|galaxy|android|phone/i;
const TABLET = /tablet|ipad/i;
const DESKTOP = /desktop|chrom|firefox|webkit|safari|edge/i;
const SIZES = [
  { size: "mobile", project: (p: string) => MOBILE.test(p) },
  { size: "tablet", project: (p: string) => TABLET.test(p) && !MOBILE.test(p) },
  { size: "desktop", project: (p: string) => DESKTOP.test(p) && !MOBILE.test(p) && !TABLET.test(p) },
];

/** Every group (browser, device size) passes a test in some project of it, and none fails. */
function projectGroupsClaim(
  item: string,
  tests: TestCase[],
  groups: { name: string; inGroup: (project: string) => boolean }[],
  what: string,
): Claim | undefined {
  const failed = tests.filter((t) => failedOutcome(t) && groups.some((g) => g.inGroup(t.project)));
  if (failed.length > 0) {
    return {
      item,
      result: "fail",
      fact: `Playwright JUnit: ${plural(failed.length, "test")} failed in ${[...new Set(failed.map((t) => shown(t.project, 40)))].join(", ")} (${firstLabels(failed, 1)})`,
    };
  }
  const covered = groups.map((g) => {
    const projects = new Set(
      tests.filter((t) => t.outcome === "passed" && g.inGroup(t.project)).map((t) => t.project),
    );
    return { group: g.name, projects: [...projects] };
  });
  if (covered.some((c) => c.projects.length === 0)) return undefined;
  const list = covered
    .map((c) => `${c.group} (${c.projects.map((p) => shown(p, 40)).join(", ")})`)
    .join(", ");
  return { item, result: "pass", fact: `Playwright JUnit: tests pass ${what} ${list}` };
}

export function readJunit(xml: string, options: ResolvedEvidenceOptions): Reading {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new MalformedEvidence(
      `JUnit XML that cannot be parsed (${shown((error as Error).message.split("\n")[0], 160)})`,
    );
  }
  const root = isObject(document.testsuites) ? document.testsuites : undefined;
  const suites: Suite[] = [];
  if (root) suitesOf(root, suites);
  else suitesOf({ testsuite: document.testsuite }, suites);
  if (suites.length === 0) throw new MalformedEvidence("JUnit XML without a <testsuite>");

  const found: FoundCase[] = suites.flatMap((suite) =>
    suite.cases.filter(isObject).map((testcase) => ({
      name: attribute(testcase, "name"),
      classname: attribute(testcase, "classname"),
      file: attribute(testcase, "file"),
      outcome: outcomeOf(testcase),
      project: suite.hostname,
    })),
  );
  const runner = runnerOf(root ? attribute(root, "name") : "", root?.["@_id"] !== undefined, suites, found);
  const tests: TestCase[] = found.map((t) => {
    const label = labelOf(runner, t.classname, t.name);
    return { ...t, label, words: nameAsWords(label) };
  });

  const runnerName = RUNNER_LABELS[runner];
  const count = (outcome: Outcome) => tests.filter((t) => t.outcome === outcome).length;
  const [passed, failed, errored, skipped] = (["passed", "failed", "errored", "skipped"] as const).map(count);
  const summary = `${runnerName} JUnit: ${plural(tests.length, "test")}, ${plural(failed, "failure")}, ${plural(errored, "error")}`;
  const stamps = suites.map((s) => s.timestamp).filter((t): t is string => t !== undefined);
  const times = stamps.map(parseIsoTimestamp);
  const producedAt =
    times.every((t) => t !== undefined) && times.length > 0
      ? new Date(Math.max(...times.map((t) => (t as Date).getTime())))
      : undefined;
  const timestampProblem =
    stamps.length === 0
      ? undefined
      : producedAt === undefined
        ? "a testsuite timestamp is not an ISO 8601 time"
        : undefined;

  if (passed + failed + errored === 0) {
    return {
      ...provesNothing(summary, skipped > 0 ? "every test was skipped" : "it ran no test"),
      producedAt,
      timestampProblem,
    };
  }

  const claims: Claim[] = [];
  const failures = tests.filter(failedOutcome);
  for (const flow of FLOW_ITEMS) {
    if (!flow.runners.includes(runner)) continue;
    const patterns = options.flowPatterns.get(flow.item) ?? [];
    if (flow.item === "qa.functionality.main-features" && failures.length > 0) {
      claims.push({ item: flow.item, result: "fail", fact: `${summary} (${firstLabels(failures)})` });
      continue;
    }
    if (patterns.length === 0) continue;
    const matched = patterns.map((pattern) => tests.filter((t) => matches(pattern, t)));
    const matchedFailures = [...new Set(matched.flat().filter(failedOutcome))];
    if (matchedFailures.length > 0) {
      claims.push({
        item: flow.item,
        result: "fail",
        fact: `${runnerName} JUnit: ${plural(matchedFailures.length, "test")} of ${flow.subject} failed (${firstLabels(matchedFailures)})`,
      });
      continue;
    }
    const passing = matched.map((list) => list.find((t) => t.outcome === "passed"));
    if (passing.every((t) => t !== undefined)) {
      const evidence = [...new Set(passing as TestCase[])];
      claims.push({ item: flow.item, result: "pass", fact: `${summary}; ${firstLabels(evidence, 3)}` });
    }
  }
  if (runner === "playwright") {
    const browsers = BROWSERS.map((b) => ({ name: b.browser, inGroup: (p: string) => b.project.test(p) }));
    const sizes = SIZES.map((s) => ({ name: s.size, inGroup: s.project }));
    for (const claim of [
      projectGroupsClaim("qa.compatibility.browsers", tests, browsers, "in"),
      projectGroupsClaim("qa.compatibility.responsive", tests, sizes, "at"),
    ]) {
      if (claim) claims.push(claim);
    }
  }
  const projects =
    runner === "playwright" ? [...new Set(tests.map((t) => shown(t.project, 40)))].filter(Boolean) : [];
  const inProjects =
    projects.length > 0 ? ` in ${plural(projects.length, "project")} (${projects.join(", ")})` : "";
  return {
    message: `${summary}, ${skipped} skipped${inProjects}`,
    claims,
    producedAt,
    timestampProblem,
  };
}
