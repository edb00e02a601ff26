/**
 * A k6 summary: `k6 run --summary-export` (metric values at the top of each metric, thresholds as
 * `true` when crossed) or the data `handleSummary` receives, written as JSON (values under `values`,
 * thresholds as `{ok}`). Neither carries a time, so the file's mtime dates it. Fast failures make a
 * good p95, so a run where more than 1% of requests failed does not pass.
 */
import type { ResolvedEvidenceOptions } from "../options";
import { Claim, isObject, plural, provesNothing, Reading } from "./reading";

/** More failed requests than this and the response times do not describe a working API. */
export const MAX_FAILED_REQUEST_RATE = 0.01;

export function isK6Summary(document: Record<string, unknown>): boolean {
  return isObject(document.metrics) && isObject(document.root_group);
}

function valuesOf(metric: unknown): Record<string, unknown> | undefined {
  if (!isObject(metric)) return undefined;
  return isObject(metric.values) ? metric.values : metric;
}

function crossedThresholds(metrics: Record<string, unknown>): number {
  let crossed = 0;
  for (const metric of Object.values(metrics)) {
    // Both shapes keep thresholds beside the metric's values: `true` (crossed) or `{ok: false}`.
    if (!isObject(metric) || !isObject(metric.thresholds)) continue;
    for (const result of Object.values(metric.thresholds)) {
      if (result === true || (isObject(result) && result.ok === false)) crossed++;
    }
  }
  return crossed;
}

export function readK6Summary(document: Record<string, unknown>, options: ResolvedEvidenceOptions): Reading {
  const metrics = document.metrics as Record<string, unknown>;
  // Successful responses only, when k6 recorded the submetric: failures are counted below.
  const duration =
    valuesOf(metrics["http_req_duration{expected_response:true}"]) ?? valuesOf(metrics.http_req_duration);
  const requests = valuesOf(metrics.http_reqs);
  const count = typeof requests?.count === "number" ? requests.count : undefined;
  const failed = valuesOf(metrics.http_req_failed);
  const failedRate =
    typeof failed?.rate === "number" ? failed.rate : typeof failed?.value === "number" ? failed.value : 0;
  const crossed = crossedThresholds(metrics);
  const thresholdNote = crossed > 0 ? `; ${plural(crossed, "k6 threshold")} crossed` : "";
  if (!duration || count === undefined || count === 0) {
    return provesNothing(`k6 summary${thresholdNote}`, "it records no HTTP request");
  }
  const p95 = duration["p(95)"];
  if (typeof p95 !== "number") {
    return provesNothing(
      `k6 summary: ${plural(count, "request")}`,
      "no p(95) of http_req_duration (add it to summaryTrendStats)",
    );
  }
  const budget = options.apiP95Ms;
  const ms = (value: number) => `${Math.round(value)} ms`;
  const failedPercent = `${(failedRate * 100).toFixed(2)}% failed`;
  const item = "qa.performance.api-response-times";
  const claims: Claim[] = [];
  if (failedRate > MAX_FAILED_REQUEST_RATE) {
    claims.push({
      item,
      result: "fail",
      fact: `k6: ${(failedRate * 100).toFixed(2)}% of ${plural(count, "request")} failed (more than ${MAX_FAILED_REQUEST_RATE * 100}%)`,
    });
  } else {
    claims.push({
      item,
      result: p95 <= budget ? "pass" : "fail",
      fact: `k6: http_req_duration p(95) ${ms(p95)} ${p95 <= budget ? "≤" : ">"} ${ms(budget)} over ${plural(count, "request")}, ${failedPercent}`,
    });
  }
  claims.push({
    item: "post-deploy.benchmarks",
    result: "pass",
    fact: `k6: p(95) ${ms(p95)} over ${plural(count, "request")} recorded`,
  });
  return {
    message: `k6 summary: ${plural(count, "request")}, p(95) ${ms(p95)}, ${failedPercent}${thresholdNote}`,
    claims,
  };
}
