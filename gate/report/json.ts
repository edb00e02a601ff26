/** JSON output: the machine contract of the gate (docs/gate.md describes every field). */
import { checklistOf, ReportModel } from "./model";

export function toJsonDocument(model: ReportModel) {
  return {
    tool: model.tool,
    version: model.version,
    project: model.project,
    stack: model.stack,
    mode: model.mode,
    passed: model.passed,
    policyPack: model.policyPack,
    policyConfig: model.policyConfig,
    resources: model.summary.resources,
    policies: model.policies.map((p) => ({
      name: p.name,
      enforcementLevel: model.levels[p.name],
      severity: p.severity,
      checklist: checklistOf(p),
    })),
    violations: model.findings.map((f) => ({
      policy: f.policy,
      enforcementLevel: f.enforcementLevel,
      category: f.category,
      blocking: f.blocking,
      severity: f.severity,
      urn: f.urn,
      resourceType: f.resourceType,
      resourceName: f.resourceName,
      message: f.message,
      checklist: f.checklist,
      source: f.source ?? null,
      modes: f.modes,
    })),
    summary: model.summary,
  };
}

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(toJsonDocument(model), null, 2)}\n`;
}
