/**
 * Lighthouse results: the result JSON (`lighthouse --output json`, and Lighthouse CI's
 * `.lighthouseci/lhr-*.json`), Lighthouse CI's `manifest.json` (category scores of each run) and its
 * `assertion-results.json` (which holds the failed assertions only, unless includePassedAssertions).
 * Scores are judged against EvidenceOptions.lighthouse; an audit counts as passed at score 0.9, where
 * Lighthouse itself lists it under "Passed audits".
 */
import type { ResolvedEvidenceOptions } from "../options";
import { shown, shownUrl } from "../redaction";
import { parseIsoTimestamp } from "../timestamps";
import { Claim, isObject, MalformedEvidence, objectsIn, plural, provesNothing, Reading } from "./reading";

const PAGE_LOAD = "qa.performance.page-load";
const ACCESSIBILITY = "qa.compatibility.accessibility";
const AUDIT_PASSED = 0.9;

/** Lighthouse audits that answer a checklist item on their own. */
export const LIGHTHOUSE_AUDIT_ITEMS: readonly { audit: string; item: string }[] = [
  { audit: "unminified-javascript", item: "frontend.build.minified" },
  { audit: "unused-javascript", item: "frontend.performance.code-splitting" },
  { audit: "total-byte-weight", item: "qa.performance.bundle-size" },
  { audit: "is-on-https", item: "frontend.security.https-api-calls" },
];

/** Audits whose failed Lighthouse CI assertion fails the page load item. */
const LOAD_AUDITS = new Set([
  "largest-contentful-paint",
  "first-contentful-paint",
  "interactive",
  "speed-index",
  "total-blocking-time",
]);

export function isLighthouseResult(document: Record<string, unknown>): boolean {
  return (
    typeof document.lighthouseVersion === "string" && ("categories" in document || "runtimeError" in document)
  );
}

export function isLighthouseCiManifest(document: unknown): boolean {
  return (
    Array.isArray(document) &&
    document.length > 0 &&
    document.every((run) => isObject(run) && typeof run.url === "string" && isObject(run.summary))
  );
}

export function isLighthouseCiAssertions(document: unknown): boolean {
  return (
    Array.isArray(document) &&
    document.length > 0 &&
    document.every(
      (entry) => isObject(entry) && typeof entry.auditId === "string" && typeof entry.passed === "boolean",
    )
  );
}

const percent = (score: number) => Math.round(score * 100);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function categoryScore(categories: Record<string, unknown>, id: string): number | undefined {
  const category = categories[id];
  return isObject(category) && typeof category.score === "number" ? category.score : undefined;
}

function pageLoadClaim(
  where: string,
  performance: number | undefined,
  lcpMs: number | undefined,
  limits: ResolvedEvidenceOptions["lighthouse"],
): Claim | undefined {
  const problems = [
    performance !== undefined && percent(performance) < limits.performance
      ? `performance ${percent(performance)} < ${limits.performance}`
      : "",
    lcpMs !== undefined && lcpMs > limits.maxLoadMs
      ? `largest contentful paint ${seconds(lcpMs)} > ${seconds(limits.maxLoadMs)}`
      : "",
  ].filter(Boolean);
  if (problems.length > 0)
    return { item: PAGE_LOAD, result: "fail", fact: `${where}: ${problems.join(", ")}` };
  if (performance === undefined || lcpMs === undefined) return undefined;
  return {
    item: PAGE_LOAD,
    result: "pass",
    fact: `${where}: performance ${percent(performance)} ≥ ${limits.performance}, largest contentful paint ${seconds(lcpMs)} ≤ ${seconds(limits.maxLoadMs)}`,
  };
}

function accessibilityClaim(where: string, score: number, minimum: number): Claim {
  const ok = percent(score) >= minimum;
  return {
    item: ACCESSIBILITY,
    result: ok ? "pass" : "fail",
    fact: `${where}: accessibility ${percent(score)} ${ok ? "≥" : "<"} ${minimum}`,
  };
}

export function readLighthouseResult(
  document: Record<string, unknown>,
  options: ResolvedEvidenceOptions,
): Reading {
  const version = document.lighthouseVersion as string;
  const rawUrl = [document.finalDisplayedUrl, document.finalUrl, document.requestedUrl].find(
    (u): u is string => typeof u === "string",
  );
  const url = rawUrl ? shownUrl(rawUrl) : "an unnamed page";
  const producedAt = parseIsoTimestamp(document.fetchTime);
  const timestampProblem = producedAt ? undefined : "its fetchTime is missing or not an ISO 8601 time";
  const where = `Lighthouse on ${url}`;
  const runtimeError = document.runtimeError;
  if (isObject(runtimeError) && typeof runtimeError.code === "string" && runtimeError.code !== "NO_ERROR") {
    return {
      ...provesNothing(
        `Lighthouse ${shown(version, 20)} on ${url}`,
        `the run failed (${shown(runtimeError.code, 40)})`,
      ),
      producedAt,
      timestampProblem,
    };
  }
  if (!isObject(document.categories) || !isObject(document.audits)) {
    throw new MalformedEvidence("Lighthouse result without categories and audits");
  }
  const categories = document.categories;
  const audits = document.audits;
  const limits = options.lighthouse;
  const performance = categoryScore(categories, "performance");
  const accessibility = categoryScore(categories, "accessibility");
  const bestPractices = categoryScore(categories, "best-practices");
  const lcp = audits["largest-contentful-paint"];
  const lcpMs = isObject(lcp) && typeof lcp.numericValue === "number" ? lcp.numericValue : undefined;

  const claims: Claim[] = [];
  const load = pageLoadClaim(where, performance, lcpMs, limits);
  if (load) claims.push(load);
  if (accessibility !== undefined)
    claims.push(accessibilityClaim(where, accessibility, limits.accessibility));
  for (const { audit, item } of LIGHTHOUSE_AUDIT_ITEMS) {
    const result = audits[audit];
    if (!isObject(result) || typeof result.score !== "number") continue;
    if (["notApplicable", "manual", "informative", "error"].includes(String(result.scoreDisplayMode)))
      continue;
    const title = typeof result.title === "string" ? shown(result.title, 60) : audit;
    const detail =
      typeof result.displayValue === "string" && result.displayValue
        ? `, ${shown(result.displayValue, 60)}`
        : "";
    claims.push({
      item,
      result: result.score >= AUDIT_PASSED ? "pass" : "fail",
      fact: `${where}: audit ${audit} "${title}" score ${result.score}${detail}`,
    });
  }
  if (performance !== undefined && lcpMs !== undefined) {
    claims.push({
      item: "post-deploy.benchmarks",
      result: "pass",
      fact: `${where}: performance ${percent(performance)} and largest contentful paint ${seconds(lcpMs)} recorded`,
    });
  }
  const scores = [
    ["performance", performance],
    ["accessibility", accessibility],
    ["best practices", bestPractices],
  ]
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .map(([name, score]) => `${name} ${percent(score)}`);
  const bestPracticesNote =
    bestPractices !== undefined && percent(bestPractices) < limits.bestPractices
      ? `; best practices below ${limits.bestPractices} (no checklist item names it)`
      : "";
  return {
    message: `Lighthouse ${shown(version, 20)} on ${url}: ${scores.join(", ") || "no category scored"}${lcpMs !== undefined ? `, LCP ${seconds(lcpMs)}` : ""}${bestPracticesNote}`,
    claims,
    producedAt,
    timestampProblem,
  };
}

export function readLighthouseCiManifest(runs: unknown[], options: ResolvedEvidenceOptions): Reading {
  const all = objectsIn(runs);
  const representative = all.filter((run) => run.isRepresentativeRun === true);
  const chosen = representative.length > 0 ? representative : all;
  const limits = options.lighthouse;
  const summaryScore = (summary: unknown, id: string) =>
    isObject(summary) && typeof summary[id] === "number" ? (summary[id] as number) : undefined;
  const scored = chosen.map((run) => ({
    url: shownUrl(run.url as string),
    performance: summaryScore(run.summary, "performance"),
    accessibility: summaryScore(run.summary, "accessibility"),
  }));
  const claims: Claim[] = [];
  const slow = scored.filter(
    (run) => run.performance !== undefined && percent(run.performance) < limits.performance,
  );
  if (slow.length > 0) {
    const first = slow[0];
    claims.push({
      item: PAGE_LOAD,
      result: "fail",
      fact: `Lighthouse CI manifest: performance ${percent(first.performance as number)} < ${limits.performance} on ${first.url}${slow.length > 1 ? ` and ${plural(slow.length - 1, "other page")}` : ""}`,
    });
  }
  const withAccessibility = scored.filter((run) => run.accessibility !== undefined);
  if (withAccessibility.length > 0) {
    const worst = withAccessibility.reduce((a, b) =>
      (a.accessibility as number) <= (b.accessibility as number) ? a : b,
    );
    const claim = accessibilityClaim(
      `Lighthouse CI manifest, lowest of ${plural(withAccessibility.length, "page")} (${worst.url})`,
      worst.accessibility as number,
      limits.accessibility,
    );
    claims.push(claim);
  }
  return {
    message: `Lighthouse CI manifest: ${plural(chosen.length, "representative run")}; page load needs the result JSON (largest contentful paint)`,
    claims,
  };
}

function assertionItem(entry: Record<string, unknown>): string | undefined {
  const audit = entry.auditId as string;
  const property = typeof entry.auditProperty === "string" ? entry.auditProperty : "";
  if (audit === "categories") {
    if (property === "performance") return PAGE_LOAD;
    if (property === "accessibility") return ACCESSIBILITY;
    return undefined;
  }
  if (LOAD_AUDITS.has(audit)) return PAGE_LOAD;
  if ((audit === "resource-summary" || audit === "performance-budget") && /^(script|total)/.test(property)) {
    return "qa.performance.bundle-size";
  }
  return LIGHTHOUSE_AUDIT_ITEMS.find((entry) => entry.audit === audit)?.item;
}

export function readLighthouseCiAssertions(entries: unknown[]): Reading {
  const all = objectsIn(entries);
  const failed = all.filter((entry) => entry.passed === false && entry.level === "error");
  const warned = all.filter((entry) => entry.passed === false && entry.level !== "error");
  const claims: Claim[] = [];
  for (const entry of failed) {
    const item = assertionItem(entry);
    if (!item || claims.some((claim) => claim.item === item)) continue;
    const property = typeof entry.auditProperty === "string" ? `:${entry.auditProperty}` : "";
    const value = (v: unknown) => (typeof v === "number" ? String(Math.round(v * 1000) / 1000) : "?");
    const url = typeof entry.url === "string" ? ` on ${shownUrl(entry.url)}` : "";
    claims.push({
      item,
      result: "fail",
      fact: `Lighthouse CI assertion failed: ${shown(`${entry.auditId}${property}`, 60)} ${shown(String(entry.name ?? ""), 30)} ${shown(String(entry.operator ?? ""), 4)} ${value(entry.expected)}, actual ${value(entry.actual)}${url}`,
    });
  }
  const summary = `Lighthouse CI assertions: ${plural(failed.length, "error")}, ${plural(warned.length, "warning")}, ${all.length - failed.length - warned.length} passed`;
  if (failed.length === 0) {
    return provesNothing(
      summary,
      "passed assertions use the team's own thresholds; the result JSON carries the measurements",
    );
  }
  return { message: summary, claims };
}
