/**
 * The readiness report: the checklist data (policies/checklist.ts) and one gate result in, a status
 * per item, counts and the verdict out. Pure: the gate result arrives as the gate's JSON document
 * (what `prodready gate --format json` prints) plus each policy's effective enforcement level.
 */
import { CHECKLIST_ITEMS, ChecklistItem } from "../../policies/checklist";
import type { GateReport } from "../run";
import type { AnalysisResult } from "../analyzer/session";
import { buildModel } from "../report/model";
import { toJsonDocument } from "../report/json";

export type ItemStatus =
  "pass" | "fail" | "not-enforced" | "unverified" | "provisioned" | "documented" | "out-of-scope";

/** Display order: what needs action first. */
export const STATUSES: readonly ItemStatus[] = [
  "fail",
  "not-enforced",
  "unverified",
  "pass",
  "provisioned",
  "documented",
  "out-of-scope",
];

export const STATUS_LABELS: Record<ItemStatus, string> = {
  pass: "pass",
  fail: "fail",
  "not-enforced": "not enforced",
  unverified: "unverified at preview",
  provisioned: "provisioned",
  documented: "documented",
  "out-of-scope": "out of scope",
};

/** Statuses that keep a stack from being production ready. */
export const FAILING_STATUSES: ReadonlySet<ItemStatus> = new Set(["fail", "not-enforced"]);

export const READY = "production ready";
export const NOT_READY = "not ready";

/** One finding as the gate's JSON document carries it (docs/gate.md). */
export interface GateFinding {
  policy: string;
  enforcementLevel: string;
  category: "violation" | "unverified" | "exempt" | "policy-error";
  blocking: boolean;
  severity: string;
  urn: string;
  resourceType: string;
  resourceName: string;
  message: string;
  checklist: string[];
  source: { file: string; line: number } | null;
  modes: string[];
}

/** A policy of the pack and its level in the run after config reconciliation (`disabled` included). */
export interface PolicyLevel {
  name: string;
  enforcementLevel: string;
}

/** What the readiness report reads from one gate run. */
export interface GateEvidence {
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  /** Every policy of the pack that ran, with its effective level. */
  policies: PolicyLevel[];
  findings: GateFinding[];
}

export interface ItemResult {
  item: ChecklistItem;
  status: ItemStatus;
  /** Enforced items: each enforcing policy and its level in the run, `missing` when the pack lacks it. */
  policies: PolicyLevel[];
  /** Enforced items: the findings of the enforcing policies (violations, unverified, exempt, errors). */
  findings: GateFinding[];
}

export type StatusCounts = Record<ItemStatus, number>;

export interface SectionResult {
  title: string;
  counts: StatusCounts;
  items: ItemResult[];
}

export interface ChecklistReport {
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  ready: boolean;
  verdict: typeof READY | typeof NOT_READY;
  /** Why the stack is not ready, one sentence each; empty when ready. */
  reasons: string[];
  counts: StatusCounts;
  sections: SectionResult[];
  /** Blocking findings of policies that enforce no checklist item: they block readiness too. */
  otherBlocking: GateFinding[];
}

/** A gate result the checklist cannot read; the CLI turns it into exit code 2. */
export class GateResultError extends Error {}

const CATEGORIES: ReadonlySet<string> = new Set(["violation", "unverified", "exempt", "policy-error"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readFinding(value: unknown, index: number): GateFinding {
  const problem = (what: string) =>
    new GateResultError(`violations[${index}] ${what}; pass the output of \`prodready gate --format json\``);
  if (!isObject(value)) throw problem("is not an object");
  for (const key of ["policy", "enforcementLevel", "category", "message"]) {
    if (typeof value[key] !== "string") throw problem(`has no string "${key}"`);
  }
  if (!CATEGORIES.has(value.category as string)) throw problem(`has an unknown category`);
  if (typeof value.blocking !== "boolean") throw problem(`has no boolean "blocking"`);
  const strings = (key: string) =>
    Array.isArray(value[key])
      ? (value[key] as unknown[]).filter((v): v is string => typeof v === "string")
      : [];
  const text = (key: string) => (typeof value[key] === "string" ? (value[key] as string) : "");
  const source =
    isObject(value.source) && typeof value.source.file === "string" && typeof value.source.line === "number"
      ? { file: value.source.file, line: value.source.line }
      : null;
  return {
    policy: value.policy as string,
    enforcementLevel: value.enforcementLevel as string,
    category: value.category as GateFinding["category"],
    blocking: value.blocking,
    severity: text("severity"),
    urn: text("urn"),
    resourceType: text("resourceType"),
    resourceName: text("resourceName"),
    message: value.message as string,
    checklist: strings("checklist"),
    source,
    modes: strings("modes"),
  };
}

/**
 * Reads a gate JSON document (`prodready gate --format json`). Its `policies` list carries each
 * policy's effective level; a document without one (from an older gate) takes the levels the
 * caller derives from the pack and its profile.
 */
export function evidenceFromGateJson(
  document: unknown,
  fallbackPolicies: readonly PolicyLevel[],
): GateEvidence {
  if (!isObject(document) || document.tool !== "prodready") {
    throw new GateResultError("it is not a gate result; pass the output of `prodready gate --format json`");
  }
  for (const key of ["project", "stack", "mode"]) {
    if (typeof document[key] !== "string") {
      throw new GateResultError(`it has no "${key}"; pass the output of \`prodready gate --format json\``);
    }
  }
  const pack = document.policyPack;
  if (!isObject(pack) || typeof pack.name !== "string" || typeof pack.version !== "string") {
    throw new GateResultError(
      'it has no "policyPack" name and version; pass the output of `prodready gate --format json`',
    );
  }
  if (!Array.isArray(document.violations)) {
    throw new GateResultError(
      'it has no "violations" list; pass the output of `prodready gate --format json`',
    );
  }
  return {
    project: document.project as string,
    stack: document.stack as string,
    mode: document.mode as string,
    policyPack: { name: pack.name, version: pack.version },
    policies: (Array.isArray(document.policies)
      ? (document.policies as unknown[]).filter(
          (p): p is PolicyLevel =>
            isObject(p) && typeof p.name === "string" && typeof p.enforcementLevel === "string",
        )
      : fallbackPolicies
    ).map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel })),
    findings: document.violations.map(readFinding),
  };
}

/** Each policy of the pack with its level after config reconciliation, from one analysis. */
export function policyLevelsOf(analysis: Pick<AnalysisResult, "pack" | "config">): PolicyLevel[] {
  return analysis.pack.policies.map((policy) => ({
    name: policy.name,
    enforcementLevel: analysis.config.config[policy.name]?.enforcementLevel ?? policy.enforcementLevel,
  }));
}

/** The evidence of an in-process gate run, read through the same JSON document `--from` reads. */
export function evidenceFromReport(report: GateReport): GateEvidence {
  return evidenceFromGateJson(
    JSON.parse(JSON.stringify(toJsonDocument(buildModel(report)))),
    policyLevelsOf(report.runs[0].analysis),
  );
}

function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as StatusCounts;
}

function countStatuses(results: readonly ItemResult[]): StatusCounts {
  const counts = emptyCounts();
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/**
 * In a run of both modes, a check unverified at preview that the deploy run evaluated without an
 * unverified finding of its own was verified at deploy: it passes (or fails) on the deploy's word.
 */
function judge(
  item: ChecklistItem,
  levels: ReadonlyMap<string, string>,
  findings: readonly GateFinding[],
  bothModes: boolean,
): ItemResult {
  const disposition = item.disposition;
  if (disposition.kind !== "enforced") return { item, status: disposition.kind, policies: [], findings: [] };
  const enforcing = new Set(disposition.policies);
  const policies = disposition.policies.map((name) => ({
    name,
    enforcementLevel: levels.get(name) ?? "missing",
  }));
  const own = findings.filter((f) => enforcing.has(f.policy) || f.checklist.includes(item.id));
  let status: ItemStatus = "pass";
  if (own.some((f) => f.category === "violation" || f.category === "policy-error")) status = "fail";
  else if (policies.some((p) => p.enforcementLevel === "missing" || p.enforcementLevel === "disabled"))
    status = "not-enforced";
  else if (own.some((f) => f.category === "unverified" && !(bothModes && !f.modes.includes("deploy"))))
    status = "unverified";
  return { item, status, policies, findings: own };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Statuses, counts and the verdict for every item of the checklist. */
export function buildChecklistReport(
  evidence: GateEvidence,
  items: readonly ChecklistItem[] = CHECKLIST_ITEMS,
): ChecklistReport {
  const levels = new Map(evidence.policies.map((p) => [p.name, p.enforcementLevel]));
  const results = items.map((item) => judge(item, levels, evidence.findings, evidence.mode === "both"));
  const sections: SectionResult[] = [...new Set(items.map((item) => item.section))].map((title) => {
    const own = results.filter((result) => result.item.section === title);
    return { title, counts: countStatuses(own), items: own };
  });
  const counts = countStatuses(results);

  const enforcing = new Set(
    items.flatMap((item) => (item.disposition.kind === "enforced" ? item.disposition.policies : [])),
  );
  const otherBlocking = evidence.findings.filter(
    (f) => f.blocking && !enforcing.has(f.policy) && f.checklist.length === 0,
  );
  const blocking = evidence.findings.filter((f) => f.blocking).length;
  const reasons: string[] = [];
  if (counts.fail > 0) reasons.push(`${plural(counts.fail, "enforced item fails", "enforced items fail")}.`);
  if (counts["not-enforced"] > 0) {
    reasons.push(
      `${plural(counts["not-enforced"], "enforced item has", "enforced items have")} a policy that is disabled or missing from the pack.`,
    );
  }
  if (blocking > 0)
    reasons.push(
      `${plural(blocking, "mandatory violation blocks", "mandatory violations block")} the deploy.`,
    );
  const ready = reasons.length === 0;
  return {
    project: evidence.project,
    stack: evidence.stack,
    mode: evidence.mode,
    policyPack: evidence.policyPack,
    ready,
    verdict: ready ? READY : NOT_READY,
    reasons,
    counts,
    sections,
    otherBlocking,
  };
}

/** 0 production ready, 1 not ready (2, could not decide, is the CLI's). */
export function checklistExitCode(report: ChecklistReport): 0 | 1 {
  return report.ready ? 0 : 1;
}
