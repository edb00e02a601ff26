/**
 * The report every format renders: findings from all runs, merged where preview and deploy said
 * the same thing, with checklist ids from the pack's metadata and counts a person acts on.
 */
import * as path from "path";
import { isMandatoryFailure, Finding } from "../analyzer/session";
import type { GateReport } from "../run";
import { CHECKLIST_TAG_PREFIX, TYPE_TAG_PREFIX, UNVERIFIED_PREFIX } from "../../policies/api";
import { redactStrings } from "../redaction";
import type { PolicyInfo } from "../analyzer/protocol";

export const TOOL = "prodready";
export const TOOL_VERSION: string = require("../../package.json").version;

export interface ReportedFinding {
  policy: string;
  enforcementLevel: string;
  severity: string;
  category: Finding["category"];
  blocking: boolean;
  urn: string;
  resourceType: string;
  resourceName: string;
  message: string;
  description: string;
  checklist: string[];
  source?: { file: string; line: number };
  modes: string[];
}

export interface Summary {
  mandatory: number;
  advisory: number;
  unverified: number;
  exempt: number;
  policyErrors: number;
  notApplicable: number;
  resources: number;
  /**
   * Resources of a type some policy of the pack names in a `type:<token>` tag (`type:*` policies, which
   * judge any type, do not make a resource recognised). null: the pack does not say which types all
   * its policies judge, so the count would be a guess.
   */
  recognised: number | null;
  remediations: number;
}

/** A resource the gate analysed, as a reporter lists it. */
export interface ReportedResource {
  urn: string;
  type: string;
  name: string;
}

export interface ReportModel {
  tool: string;
  version: string;
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  /** The pack's profile the run used (null: a --policy-pack-config file, or the pack's own levels) and what chose it. */
  policyConfig: { profile: string | null; file: string | null; source: string };
  policies: PolicyInfo[];
  /** Policies findings are reported under that the pack does not describe (the gate's own). */
  gatePolicies: PolicyInfo[];
  /** Each policy's level after config reconciliation in this run (`disabled` included). */
  levels: Record<string, string>;
  /** The type tokens each policy judges, from its `type:` tags (`*`: any type); absent when it names none. */
  judgedTypes: Record<string, string[]>;
  /** Every resource analysed, in registration order (all runs). */
  resources: ReportedResource[];
  findings: ReportedFinding[];
  summary: Summary;
  /** How reports name checks that could not be verified: at preview, or from an export. */
  unverifiedLabel: string;
  passed: boolean;
  strictUnknowns: boolean;
}

export function checklistOf(policy: PolicyInfo | undefined): string[] {
  return (policy?.tags ?? [])
    .filter((t) => t.startsWith(CHECKLIST_TAG_PREFIX))
    .map((t) => t.slice(CHECKLIST_TAG_PREFIX.length));
}

/** The type tokens a policy says it judges (`type:<token>` tags; `*` is any type). */
export function judgedTypesOf(policy: PolicyInfo): string[] {
  return policy.tags.filter((t) => t.startsWith(TYPE_TAG_PREFIX)).map((t) => t.slice(TYPE_TAG_PREFIX.length));
}

export const ANY_TYPE = "*";

/** The recognised count of one run, or null when some policy of the pack names no type. */
function recognisedIn(
  resources: readonly { type: string }[],
  policies: readonly PolicyInfo[],
): number | null {
  const named = policies.map(judgedTypesOf);
  if (named.length === 0 || named.some((types) => types.length === 0)) return null;
  const types = new Set(named.flat().filter((t) => t !== ANY_TYPE));
  return resources.filter((r) => types.has(r.type)).length;
}

const AUDIT_UNVERIFIED = "[not verifiable from the export]";
/** This pack's words for an unknown value (policies/lib/define.ts), naming the property. */
const OUR_UNVERIFIED = new RegExp(
  `^${UNVERIFIED_PREFIX.replace(/[[\]]/g, "\\$&")} (.+) is not known until deploy; enforced at deploy\\.$`,
  "s",
);

/**
 * In an audit, the only values the policies could not read are secrets the export holds encrypted:
 * say so, instead of the pack's words for a preview.
 */
function exportCannotShow(message: string): string {
  const ours = OUR_UNVERIFIED.exec(message);
  if (ours)
    return `${AUDIT_UNVERIFIED} ${ours[1]}: the value is encrypted in the export; export with --show-secrets to check it.`;
  const sdk =
    /^can't run (policy '.+?') from policy pack .+? during preview: \w+ value at (\S+) can't be known during preview/s.exec(
      message,
    );
  if (sdk)
    return `${AUDIT_UNVERIFIED} ${sdk[1]} could not read ${sdk[2]}: the value is encrypted in the export; export with --show-secrets to check it.`;
  const rest = message.startsWith(UNVERIFIED_PREFIX)
    ? message.slice(UNVERIFIED_PREFIX.length).trimStart()
    : message;
  return `${AUDIT_UNVERIFIED} ${rest} (a value it needs is encrypted in the export)`;
}

/** A policy the pack does not describe, from what its findings say (the gate's own findings). */
function policyOfFinding(f: Finding): PolicyInfo {
  return {
    name: f.policyName,
    displayName: f.policyName,
    description: f.description,
    enforcementLevel: f.enforcementLevel,
    kind: "resource",
    severity: f.severity,
    tags: [],
    remediationSteps: "",
    url: "",
  };
}

export function buildModel(report: GateReport): ReportModel {
  const pack = report.runs[0].analysis.pack;
  const policies = new Map(pack.policies.map((p) => [p.name, p]));
  const described = new Map((report.gatePolicies ?? []).map((p) => [p.name, p]));
  const gatePolicies = new Map<string, PolicyInfo>();
  const audit = report.requestedMode === "audit";
  const merged = new Map<string, ReportedFinding>();
  for (const run of report.runs) {
    for (const f of run.analysis.findings) {
      const message = audit && f.category === "unverified" ? exportCannotShow(f.message) : f.message;
      const key = `${f.policyName}\u0000${f.urn}\u0000${f.category}\u0000${message}`;
      const existing = merged.get(key);
      if (existing) {
        existing.modes.push(run.mode);
        continue;
      }
      let policy = policies.get(f.policyName);
      if (!policy) {
        policy = gatePolicies.get(f.policyName) ?? described.get(f.policyName) ?? policyOfFinding(f);
        gatePolicies.set(f.policyName, policy);
      }
      merged.set(key, {
        policy: f.policyName,
        enforcementLevel: f.enforcementLevel,
        severity: f.severity,
        category: f.category,
        blocking: isMandatoryFailure(f),
        urn: f.urn,
        resourceType: f.resourceType,
        resourceName: f.resourceName,
        message,
        description: f.description,
        checklist: checklistOf(policy),
        source: f.source
          ? { file: relativeSource(report.projectDir, f.source.file), line: f.source.line }
          : undefined,
        modes: [run.mode],
      });
    }
  }
  const findings = [...merged.values()];
  const count = (predicate: (f: ReportedFinding) => boolean) => findings.filter(predicate).length;
  const recognisedByRun = report.runs.map((r) => recognisedIn(r.resources, pack.policies));
  const summary: Summary = {
    mandatory: count((f) => f.blocking),
    advisory: count((f) => f.category === "violation" && !f.blocking),
    unverified: count((f) => f.category === "unverified"),
    exempt: count((f) => f.category === "exempt"),
    policyErrors: count((f) => f.category === "policy-error"),
    notApplicable: Math.max(...report.runs.map((r) => r.analysis.notApplicable)),
    resources: Math.max(...report.runs.map((r) => r.analysis.resourcesAnalyzed)),
    recognised: recognisedByRun.includes(null) ? null : Math.max(...(recognisedByRun as number[])),
    remediations: Math.max(...report.runs.map((r) => r.analysis.remediations.length)),
  };
  const resources = new Map<string, ReportedResource>();
  for (const run of report.runs)
    for (const r of run.resources)
      if (!resources.has(r.urn)) resources.set(r.urn, { urn: r.urn, type: r.type, name: r.name });
  const judgedTypes: Record<string, string[]> = {};
  for (const p of pack.policies) {
    const types = judgedTypesOf(p);
    if (types.length > 0) judgedTypes[p.name] = types;
  }
  const passed = summary.mandatory === 0 && !(report.strictUnknowns && summary.unverified > 0);
  const model: ReportModel = {
    tool: TOOL,
    version: TOOL_VERSION,
    project: report.project,
    stack: report.stack,
    mode: report.requestedMode,
    policyPack: { name: pack.name, version: pack.version },
    policyConfig: {
      profile: report.policyConfig?.profile ?? null,
      // A profile the pack ships is named, not located: its path is inside the installed package.
      file: report.policyConfig?.profile ? null : (report.policyConfig?.file ?? null),
      source: report.policyConfig?.source ?? "default",
    },
    policies: pack.policies,
    gatePolicies: [...gatePolicies.values()],
    levels: Object.fromEntries(
      pack.policies.map((p) => [
        p.name,
        report.runs[0].analysis.config.config[p.name]?.enforcementLevel ?? p.enforcementLevel,
      ]),
    ),
    judgedTypes,
    resources: [...resources.values()],
    findings,
    summary,
    unverifiedLabel: audit ? "not verifiable from the export" : "unverified at preview",
    passed,
    strictUnknowns: report.strictUnknowns,
  };
  // Every string of the model without the secret values, so no renderer's escaping can hide one.
  return redactStrings(model, report.secretValues);
}

function relativeSource(projectDir: string, file: string): string {
  const relative = path.relative(projectDir, file);
  return relative.startsWith("..") ? file : relative.split(path.sep).join("/");
}
