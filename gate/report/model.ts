/**
 * The report every format renders: findings from all runs, merged where preview and deploy said
 * the same thing, with checklist ids from the pack's metadata and counts a person acts on.
 */
import * as path from "path";
import { isMandatoryFailure, Finding } from "../analyzer/session";
import type { GateReport } from "../run";
import { CHECKLIST_TAG_PREFIX } from "../../policies/lib/markers";
import type { PolicyInfo } from "../analyzer/protocol";
import { GATE_POLICIES } from "../capture/remote-components";

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
  remediations: number;
}

export interface ReportModel {
  tool: string;
  version: string;
  project: string;
  stack: string;
  mode: string;
  policyPack: { name: string; version: string };
  policies: PolicyInfo[];
  /** Policies the gate itself reported findings under (remote components), not part of the pack. */
  gatePolicies: PolicyInfo[];
  /** Each policy's level after config reconciliation in this run (`disabled` included). */
  levels: Record<string, string>;
  findings: ReportedFinding[];
  summary: Summary;
  passed: boolean;
  strictUnknowns: boolean;
}

export function checklistOf(policy: PolicyInfo | undefined): string[] {
  return (policy?.tags ?? [])
    .filter((t) => t.startsWith(CHECKLIST_TAG_PREFIX))
    .map((t) => t.slice(CHECKLIST_TAG_PREFIX.length));
}

export function buildModel(report: GateReport): ReportModel {
  const pack = report.runs[0].analysis.pack;
  const policies = new Map(pack.policies.map((p) => [p.name, p]));
  const merged = new Map<string, ReportedFinding>();
  for (const run of report.runs) {
    for (const f of run.analysis.findings) {
      const key = `${f.policyName}\u0000${f.urn}\u0000${f.category}\u0000${f.message}`;
      const existing = merged.get(key);
      if (existing) {
        existing.modes.push(run.mode);
        continue;
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
        message: f.message,
        description: f.description,
        checklist: checklistOf(policies.get(f.policyName) ?? GATE_POLICIES.get(f.policyName)),
        source: f.source
          ? { file: relativeSource(report.projectDir, f.source.file), line: f.source.line }
          : undefined,
        modes: [run.mode],
      });
    }
  }
  const findings = [...merged.values()];
  const count = (predicate: (f: ReportedFinding) => boolean) => findings.filter(predicate).length;
  const summary: Summary = {
    mandatory: count((f) => f.blocking),
    advisory: count((f) => f.category === "violation" && !f.blocking),
    unverified: count((f) => f.category === "unverified"),
    exempt: count((f) => f.category === "exempt"),
    policyErrors: count((f) => f.category === "policy-error"),
    notApplicable: Math.max(...report.runs.map((r) => r.analysis.notApplicable)),
    resources: Math.max(...report.runs.map((r) => r.analysis.resourcesAnalyzed)),
    remediations: Math.max(...report.runs.map((r) => r.analysis.remediations.length)),
  };
  const passed = summary.mandatory === 0 && !(report.strictUnknowns && summary.unverified > 0);
  return {
    tool: TOOL,
    version: TOOL_VERSION,
    project: report.project,
    stack: report.stack,
    mode: report.requestedMode,
    policyPack: { name: pack.name, version: pack.version },
    policies: pack.policies,
    gatePolicies: [...GATE_POLICIES.values()].filter((p) => findings.some((f) => f.policy === p.name)),
    levels: Object.fromEntries(
      pack.policies.map((p) => [
        p.name,
        report.runs[0].analysis.config.config[p.name]?.enforcementLevel ?? p.enforcementLevel,
      ]),
    ),
    findings,
    summary,
    passed,
    strictUnknowns: report.strictUnknowns,
  };
}

function relativeSource(projectDir: string, file: string): string {
  const relative = path.relative(projectDir, file);
  return relative.startsWith("..") ? file : relative.split(path.sep).join("/");
}

/** Replaces every known secret value in rendered output; the last line of defence after the pack's own rule. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    result = result.split(secret).join("[secret]");
    const encoded = JSON.stringify(secret).slice(1, -1);
    if (encoded !== secret) result = result.split(encoded).join("[secret]");
  }
  return result;
}
