/**
 * axe-core results (`axe.run`, @axe-core/playwright's `analyze()`, or @axe-core/cli's list of them).
 * A violation tagged with a WCAG 2.0/2.1 A or AA success criterion fails the accessibility item; a run
 * restricted (`runOnly`) to rules that leave out WCAG 2.1 AA cannot pass it. Automated rules find part
 * of what WCAG asks; the fact says what was checked.
 */
import { shown, shownUrl } from "../redaction";
import { parseIsoTimestamp } from "../timestamps";
import { Claim, isObject, objectsIn, plural, Reading } from "./reading";

const WCAG_21_AA = new Set(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);

function isAxeRun(value: unknown): value is Record<string, unknown> {
  return (
    isObject(value) &&
    Array.isArray(value.violations) &&
    Array.isArray(value.passes) &&
    ((isObject(value.testEngine) && value.testEngine.name === "axe-core") ||
      Array.isArray(value.inapplicable))
  );
}

export function isAxeResults(document: unknown): boolean {
  if (Array.isArray(document)) return document.length > 0 && document.every(isAxeRun);
  return isAxeRun(document);
}

/** The tags or rules a run was limited to, when it was. */
function runOnlyValues(run: Record<string, unknown>): { type: string; values: string[] } | undefined {
  const options = isObject(run.toolOptions) ? run.toolOptions : {};
  const runOnly = options.runOnly;
  if (runOnly === undefined || runOnly === null) return undefined;
  if (typeof runOnly === "string") return { type: "tag", values: [runOnly] };
  if (Array.isArray(runOnly)) return { type: "tag", values: runOnly.map(String) };
  if (isObject(runOnly)) {
    const values = Array.isArray(runOnly.values) ? runOnly.values.map(String) : [];
    return { type: String(runOnly.type ?? "tag"), values };
  }
  return undefined;
}

function coversWcag21AA(run: Record<string, unknown>): boolean {
  const only = runOnlyValues(run);
  if (!only) return true;
  return (
    only.type.startsWith("tag") &&
    ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"].every((tag) => only.values.includes(tag))
  );
}

export function readAxe(document: unknown): Reading {
  const runs = (Array.isArray(document) ? document : [document]).filter(isAxeRun);
  const engine =
    isObject(runs[0].testEngine) && typeof runs[0].testEngine.version === "string"
      ? `axe-core ${shown(runs[0].testEngine.version, 20)}`
      : "axe-core";
  const pages = runs.map((run) => (typeof run.url === "string" ? shownUrl(run.url) : "a page"));
  const times = runs.map((run) => parseIsoTimestamp(run.timestamp));
  const producedAt = times.every((t) => t !== undefined)
    ? new Date(Math.max(...times.map((t) => (t as Date).getTime())))
    : undefined;
  const violations = runs.flatMap((run, index) =>
    objectsIn(run.violations)
      .filter((v) => Array.isArray(v.tags) && v.tags.some((tag) => WCAG_21_AA.has(String(tag))))
      .map((v) => ({ rule: shown(String(v.id), 40), nodes: objectsIn(v.nodes).length, page: pages[index] })),
  );
  const otherViolations =
    runs.reduce((sum, run) => sum + objectsIn(run.violations).length, 0) - violations.length;
  const incomplete = runs.reduce((sum, run) => sum + objectsIn(run.incomplete).length, 0);
  const passedRules = runs.reduce((sum, run) => sum + objectsIn(run.passes).length, 0);
  const where = pages.length === 1 ? pages[0] : `${plural(pages.length, "page")}`;
  const item = "qa.compatibility.accessibility";
  const claims: Claim[] = [];
  if (violations.length > 0) {
    const list = violations.slice(0, 3).map((v) => `${v.rule} on ${v.page}: ${plural(v.nodes, "element")}`);
    claims.push({
      item,
      result: "fail",
      fact: `${engine}: ${plural(violations.length, "WCAG 2.1 A/AA violation")} (${list.join("; ")}${violations.length > 3 ? "; ..." : ""})`,
    });
  } else if (runs.every(coversWcag21AA) && passedRules > 0) {
    claims.push({
      item,
      result: "pass",
      fact: `${engine}: no WCAG 2.1 A/AA violation on ${where} (${plural(passedRules, "rule check")} passed, ${incomplete} to review by hand)`,
    });
  }
  const limited = runs.some((run) => !coversWcag21AA(run)) ? "; runOnly leaves out WCAG 2.1 AA rules" : "";
  return {
    message: `${engine} on ${where}: ${plural(violations.length, "WCAG A/AA violation")}, ${otherViolations} other, ${incomplete} incomplete${limited}`,
    claims,
    producedAt,
    timestampProblem: producedAt ? undefined : "a run without an ISO 8601 timestamp",
  };
}
