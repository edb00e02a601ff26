/**
 * The readiness report: the checklist data (items.ts), one gate result, the facts of the evidence
 * files and the sign-offs in; a status per item, counts, what is missing by owner and the verdict out.
 * Pure: the gate result arrives as the gate's JSON document (what `prodready gate --format json`
 * prints) plus each policy's effective level and checklist ids; evidence as an EvidenceResult.
 */
import { CHECKLIST_ITEMS, ChecklistItem, enforcingPolicies, ownerOf } from "./items";
import type { EvidenceFact, EvidenceFile, EvidenceResult } from "./evidence/types";
import { isExpired, dayOf, Signoff } from "./signoff";
import { isObject, plural } from "./evidence/formats/reading";
import type { GateReport } from "../run";
import type { AnalysisResult } from "../analyzer/session";
import { buildModel, checklistOf } from "../report/model";
import { toJsonDocument } from "../report/json";

/**
 * `production`: every item must be answered (policy, component, doc, evidence or sign-off).
 * `infrastructure`: only what the pack, the program and the runbooks answer; the items that
 * application teams own are shown out of scope (the pull-request gate, which has no app evidence).
 */
export type Scope = "production" | "infrastructure";
export const SCOPES: readonly Scope[] = ["production", "infrastructure"];

export type ItemStatus =
  | "fail"
  | "failed-by-evidence"
  | "not-enforced"
  | "needs-evidence"
  | "stale-evidence"
  | "signoff-expired"
  | "unverified"
  | "pass"
  | "evidenced"
  | "signed-off"
  | "provisioned"
  | "documented"
  | "out-of-scope";

/** Display order: what needs action first. */
export const STATUSES: readonly ItemStatus[] = [
  "fail",
  "failed-by-evidence",
  "not-enforced",
  "needs-evidence",
  "stale-evidence",
  "signoff-expired",
  "unverified",
  "pass",
  "evidenced",
  "signed-off",
  "provisioned",
  "documented",
  "out-of-scope",
];

const SCOPE_STATUSES: Record<Scope, ReadonlySet<ItemStatus>> = {
  production: new Set(STATUSES.filter((status) => status !== "out-of-scope")),
  infrastructure: new Set([
    "fail",
    "not-enforced",
    "unverified",
    "pass",
    "provisioned",
    "documented",
    "out-of-scope",
  ]),
};

/** The statuses a report of this scope can give, in display order (what the renderers count). */
export function statusesOf(scope: Scope): ItemStatus[] {
  return STATUSES.filter((status) => SCOPE_STATUSES[scope].has(status));
}

export const STATUS_LABELS: Record<ItemStatus, string> = {
  fail: "fail",
  "failed-by-evidence": "failed by evidence",
  "not-enforced": "not enforced",
  "needs-evidence": "needs evidence or sign-off",
  "stale-evidence": "stale evidence",
  "signoff-expired": "sign-off expired",
  unverified: "unverified at preview",
  pass: "pass",
  evidenced: "evidenced",
  "signed-off": "signed off",
  provisioned: "provisioned",
  documented: "documented",
  "out-of-scope": "out of scope",
};

/** Statuses that keep a stack from being ready. */
export const FAILING_STATUSES: ReadonlySet<ItemStatus> = new Set([
  "fail",
  "failed-by-evidence",
  "not-enforced",
  "needs-evidence",
  "stale-evidence",
  "signoff-expired",
]);

export const READY = "production ready";
export const INFRASTRUCTURE_READY = "infrastructure ready";
export const NOT_READY = "not ready";
export type Verdict = typeof READY | typeof INFRASTRUCTURE_READY | typeof NOT_READY;

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

/**
 * A policy of the pack: its level in the run after config reconciliation (`disabled` included) and
 * the checklist ids its own metadata names (PolicyInfo tags `checklist:<id>`).
 */
export interface PolicyLevel {
  name: string;
  enforcementLevel: string;
  checklist: string[];
}

/** What the readiness report reads from one gate run. */
export interface GateOutcome {
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  /** The pack's profile the gate ran with, as its result records it (absent: a file, no profile, or an older result). */
  profile?: string;
  /** Every policy of the pack that ran, with its effective level and checklist ids. */
  policies: PolicyLevel[];
  findings: GateFinding[];
}

/** A sign-off as the report shows it: the entry and whether it still holds on the report's day. */
export interface SignoffState extends Signoff {
  expired: boolean;
}

/** How the item is answered, with the enforcing policies derived from the run's pack. */
export type ResolvedDisposition =
  { kind: "enforced"; policies: string[] } | Exclude<ChecklistItem["disposition"], { kind: "enforced" }>;

export interface ItemResult {
  item: ChecklistItem;
  status: ItemStatus;
  disposition: ResolvedDisposition;
  /** Who answers for the item: the owner of an out-of-scope item, else the platform team. */
  owner: string;
  /** Enforced items: each policy of the run that names the item, and its level. */
  policies: Array<{ name: string; enforcementLevel: string }>;
  /** Enforced items: the findings of the enforcing policies (violations, unverified, exempt, errors). */
  findings: GateFinding[];
  /** Every evidence fact about the item, stale ones included (they are shown, they do not count). */
  evidence: EvidenceFact[];
  signoff: SignoffState | null;
}

export type StatusCounts = Record<ItemStatus, number>;

export interface SectionResult {
  title: string;
  counts: StatusCounts;
  items: ItemResult[];
}

/** The items that keep the stack from being ready, under the owner who must act. */
export interface OwnerGroup {
  owner: string;
  items: ItemResult[];
}

export interface ChecklistReport {
  scope: Scope;
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  /** The pack's profile the levels come from (null: a --policy-pack-config file or the pack's own levels). */
  profile: string | null;
  /** The report's clock, ISO 8601: evidence ages and sign-off expiry are judged against it. */
  generatedAt: string;
  ready: boolean;
  verdict: Verdict;
  /** The verdict and why, one line: "not ready: 62 items need evidence or sign-off". */
  headline: string;
  /** Why the stack is not ready, one clause each; empty when ready. */
  reasons: string[];
  counts: StatusCounts;
  sections: SectionResult[];
  missing: OwnerGroup[];
  /** Blocking findings of policies that enforce no checklist item: they block readiness too. */
  otherBlocking: GateFinding[];
  /** The evidence read (production scope with --evidence), else null. */
  evidence: { maxAgeDays: number; files: EvidenceFile[] } | null;
  /** The sign-offs read (production scope with --signoff), else null. */
  signoffs: SignoffState[] | null;
}

/** What a report is built from besides the gate result. */
export interface ReadinessInputs {
  scope?: Scope;
  /** The report's clock (default: now). */
  now?: Date;
  evidence?: { maxAgeDays: number; result: EvidenceResult };
  signoffs?: readonly Signoff[];
  items?: readonly ChecklistItem[];
}

/** A gate result the checklist cannot read; the CLI turns it into exit code 2. */
export class GateResultError extends Error {}

/** Evidence or sign-off the report cannot use (it names no checklist item, or comes in the wrong scope). */
export class ReadinessInputError extends Error {}

const CATEGORIES: ReadonlySet<string> = new Set(["violation", "unverified", "exempt", "policy-error"]);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

function readFinding(value: unknown, index: number): GateFinding {
  const problem = (what: string) =>
    new GateResultError(`violations[${index}] ${what}; pass the output of \`prodready gate --format json\``);
  if (!isObject(value)) throw problem("is not an object");
  for (const key of ["policy", "enforcementLevel", "category", "message"]) {
    if (typeof value[key] !== "string") throw problem(`has no string "${key}"`);
  }
  if (!CATEGORIES.has(value.category as string)) throw problem(`has an unknown category`);
  if (typeof value.blocking !== "boolean") throw problem(`has no boolean "blocking"`);
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
    checklist: strings(value.checklist),
    source,
    modes: strings(value.modes),
  };
}

/**
 * Reads a gate JSON document (`prodready gate --format json`). Its `policies` list carries each
 * policy's effective level and checklist ids; a document without one (from an older gate) takes the
 * policies the caller derives from the pack and its profile.
 */
export function gateOutcomeFromJson(
  document: unknown,
  fallbackPolicies: readonly PolicyLevel[],
): GateOutcome {
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
    profile:
      isObject(document.policyConfig) && typeof document.policyConfig.profile === "string"
        ? document.policyConfig.profile
        : undefined,
    policies: (Array.isArray(document.policies)
      ? (document.policies as unknown[])
          .filter(
            (p): p is Record<string, unknown> =>
              isObject(p) && typeof p.name === "string" && typeof p.enforcementLevel === "string",
          )
          .map((p) => ({
            name: p.name as string,
            enforcementLevel: p.enforcementLevel as string,
            checklist: strings(p.checklist),
          }))
      : fallbackPolicies
    ).map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel, checklist: [...p.checklist] })),
    findings: document.violations.map(readFinding),
  };
}

/** Each policy of the pack with its level after config reconciliation and its checklist ids, from one analysis. */
export function policyLevelsOf(analysis: Pick<AnalysisResult, "pack" | "config">): PolicyLevel[] {
  return analysis.pack.policies.map((policy) => ({
    name: policy.name,
    enforcementLevel: analysis.config.config[policy.name]?.enforcementLevel ?? policy.enforcementLevel,
    checklist: checklistOf(policy),
  }));
}

/** The outcome of an in-process gate run, read through the same JSON document `--from` reads. */
export function gateOutcomeFromReport(report: GateReport): GateOutcome {
  return gateOutcomeFromJson(
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
 * The item's status from the gate alone. In a run of both modes, a check unverified at preview that
 * the deploy run evaluated without an unverified finding of its own was verified at deploy: it
 * passes (or fails) on the deploy's word. An item the checklist expects a policy for that no policy
 * of this pack names is not enforced.
 */
function judgeByGate(
  item: ChecklistItem,
  policies: ItemResult["policies"],
  findings: readonly GateFinding[],
  bothModes: boolean,
  scope: Scope,
): ItemStatus {
  if (policies.length === 0) {
    if (item.disposition.kind === "enforced") return "not-enforced";
    if (item.disposition.kind === "out-of-scope")
      return scope === "production" ? "needs-evidence" : "out-of-scope";
    return item.disposition.kind;
  }
  if (findings.some((f) => f.category === "violation" || f.category === "policy-error")) return "fail";
  if (policies.some((p) => p.enforcementLevel === "disabled")) return "not-enforced";
  if (findings.some((f) => f.category === "unverified" && !(bothModes && !f.modes.includes("deploy"))))
    return "unverified";
  return "pass";
}

/**
 * How evidence and sign-off combine with the gate: a policy failure stands; a fresh failing fact fails
 * any item, even one a policy passed (Django's `check --deploy` sees the settings the task definition
 * cannot show); an item the gate answers keeps its status; an item nothing answers (needs evidence, or
 * its policy is disabled) is evidenced by a fresh passing fact, else signed off by a sign-off that
 * holds; else it says why not (an expired sign-off, stale evidence). A sign-off never overrides a
 * failure, and stale facts never count.
 */
function combine(base: ItemStatus, facts: readonly EvidenceFact[], signoff: SignoffState | null): ItemStatus {
  if (base === "fail") return base;
  const fresh = facts.filter((fact) => !fact.stale);
  if (fresh.some((fact) => fact.result === "fail")) return "failed-by-evidence";
  if (base !== "needs-evidence" && base !== "not-enforced") return base;
  if (fresh.some((fact) => fact.result === "pass")) return "evidenced";
  if (signoff && !signoff.expired) return "signed-off";
  if (signoff) return "signoff-expired";
  if (facts.length > 0) return "stale-evidence";
  return base;
}

const REASONS: Array<[ItemStatus, string, string]> = [
  ["fail", "item fails a policy", "items fail a policy"],
  ["failed-by-evidence", "item is failed by evidence", "items are failed by evidence"],
  [
    "not-enforced",
    "enforced item has a disabled or missing policy",
    "enforced items have a disabled or missing policy",
  ],
  ["needs-evidence", "item needs evidence or sign-off", "items need evidence or sign-off"],
  ["stale-evidence", "item has only stale evidence", "items have only stale evidence"],
  ["signoff-expired", "item's sign-off expired", "items' sign-offs expired"],
];

/** Statuses, counts, what is missing by owner, and the verdict, for every item of the checklist. */
export function buildChecklistReport(gate: GateOutcome, inputs: ReadinessInputs = {}): ChecklistReport {
  const scope = inputs.scope ?? "production";
  const now = inputs.now ?? new Date();
  const items = inputs.items ?? CHECKLIST_ITEMS;
  const today = dayOf(now);
  if (scope === "infrastructure" && (inputs.evidence || inputs.signoffs)) {
    throw new ReadinessInputError(
      "--scope infrastructure judges what the pack, the program and the runbooks answer; drop --evidence and --signoff, or use --scope production",
    );
  }
  const known = new Set(items.map((item) => item.id));
  const facts = inputs.evidence?.result.facts ?? [];
  const strangers = [...new Set(facts.map((fact) => fact.item).filter((id) => !known.has(id)))];
  if (strangers.length > 0) {
    throw new ReadinessInputError(
      `evidence names ${strangers.join(", ")}, which the checklist does not have; the evidence mapping and the checklist disagree`,
    );
  }
  const signoffs = new Map(
    (inputs.signoffs ?? []).map((s): [string, SignoffState] => [
      s.item,
      { ...s, expired: isExpired(s, today) },
    ]),
  );

  const levels = new Map(gate.policies.map((p) => [p.name, p.enforcementLevel]));
  const enforcing = enforcingPolicies(gate.policies);
  const bothModes = gate.mode === "both";
  const results = items.map((item): ItemResult => {
    const names = enforcing.get(item.id) ?? [];
    const policies = names.map((name) => ({ name, enforcementLevel: levels.get(name) as string }));
    const findings = gate.findings.filter((f) => names.includes(f.policy) || f.checklist.includes(item.id));
    const disposition: ResolvedDisposition =
      names.length > 0 || item.disposition.kind === "enforced"
        ? { kind: "enforced", policies: [...names] }
        : item.disposition;
    const evidence = facts.filter((fact) => fact.item === item.id);
    const signoff = signoffs.get(item.id) ?? null;
    const base = judgeByGate(item, policies, findings, bothModes, scope);
    const status = scope === "production" ? combine(base, evidence, signoff) : base;
    return { item, status, disposition, owner: ownerOf(item), policies, findings, evidence, signoff };
  });

  const sections: SectionResult[] = [...new Set(items.map((item) => item.section))].map((title) => {
    const own = results.filter((result) => result.item.section === title);
    return { title, counts: countStatuses(own), items: own };
  });
  const counts = countStatuses(results);
  const missing: OwnerGroup[] = [];
  for (const result of results.filter((r) => FAILING_STATUSES.has(r.status))) {
    const group = missing.find((g) => g.owner === result.owner);
    if (group) group.items.push(result);
    else missing.push({ owner: result.owner, items: [result] });
  }

  const namesAnItem = new Set(gate.policies.filter((p) => p.checklist.length > 0).map((p) => p.name));
  const otherBlocking = gate.findings.filter(
    (f) => f.blocking && !namesAnItem.has(f.policy) && f.checklist.length === 0,
  );
  const blocking = gate.findings.filter((f) => f.blocking).length;
  const reasons = REASONS.filter(([status]) => counts[status] > 0).map(([status, one, many]) =>
    plural(counts[status], one, many),
  );
  if (blocking > 0)
    reasons.push(
      plural(blocking, "mandatory violation blocks the deploy", "mandatory violations block the deploy"),
    );
  const ready = reasons.length === 0;
  const verdict: Verdict = !ready ? NOT_READY : scope === "production" ? READY : INFRASTRUCTURE_READY;
  return {
    scope,
    project: gate.project,
    stack: gate.stack,
    mode: gate.mode,
    policyPack: gate.policyPack,
    profile: gate.profile ?? null,
    generatedAt: now.toISOString(),
    ready,
    verdict,
    headline: ready ? verdict : `${verdict}: ${reasons.join("; ")}`,
    reasons,
    counts,
    sections,
    missing,
    otherBlocking,
    evidence: inputs.evidence
      ? { maxAgeDays: inputs.evidence.maxAgeDays, files: inputs.evidence.result.files }
      : null,
    signoffs: inputs.signoffs ? [...signoffs.values()] : null,
  };
}

/** 0 ready, 1 not ready (2, could not decide, is the CLI's). */
export function checklistExitCode(report: ChecklistReport): 0 | 1 {
  return report.ready ? 0 : 1;
}

/** How old a fact is, and for a stale one that it does not count: "45 days old, older than 30 days: it does not count". */
export function evidenceAge(fact: Pick<EvidenceFact, "ageDays" | "stale">, maxAgeDays: number): string {
  const age = `${plural(fact.ageDays, "day")} old`;
  return fact.stale ? `${age}, older than ${plural(maxAgeDays, "day")}: it does not count` : age;
}

/** An item's status in a list of what is missing: a stale one with the age of its newest evidence. */
export function statusPhrase(result: Pick<ItemResult, "status" | "evidence">): string {
  if (result.status !== "stale-evidence" || result.evidence.length === 0) return STATUS_LABELS[result.status];
  const newest = Math.min(...result.evidence.map((fact) => fact.ageDays));
  return `${STATUS_LABELS[result.status]}, ${plural(newest, "day")} old`;
}

/** The file an evidence fact came from, as a path from where the report was run. */
export function evidencePath(fact: Pick<EvidenceFact, "dir" | "file">): string {
  return `${fact.dir.replace(/\/+$/, "")}/${fact.file}`;
}
