/** SARIF 2.1.0 for GitHub code scanning: rules from policy metadata, results at the program's source line. */
import type { ReportModel, ReportedFinding } from "./model";
import { checklistOf } from "./model";

function level(f: ReportedFinding): "error" | "warning" | "note" {
  if (f.blocking) return "error";
  return f.category === "violation" ? "warning" : "note";
}

const SEVERITY_SCORE: Record<string, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  unspecified: "5.0",
};

export function renderSarif(model: ReportModel): string {
  const rules = [...model.policies, ...model.gatePolicies].map((p) => ({
    id: p.name,
    name: p.name,
    shortDescription: { text: p.description },
    fullDescription: { text: p.description },
    help: { text: p.remediationSteps || p.description },
    defaultConfiguration: { level: p.enforcementLevel === "advisory" ? "warning" : "error" },
    properties: {
      tags: ["prodready", ...checklistOf(p)],
      "security-severity": SEVERITY_SCORE[p.severity] ?? "5.0",
      precision: "high",
    },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = model.findings.map((f) => ({
    ruleId: f.policy,
    ruleIndex: ruleIndex.get(f.policy),
    level: level(f),
    message: {
      text: `${f.message} (${f.resourceType || "stack"} ${f.resourceName}${f.category === "violation" ? "" : `; ${f.category}`})`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.source?.file ?? "Pulumi.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: f.source?.line && f.source.line > 0 ? f.source.line : 1 },
        },
        logicalLocations: [{ fullyQualifiedName: f.urn, kind: "resource" }],
      },
    ],
    partialFingerprints: { "prodready/v1": `${f.policy}:${f.urn}:${f.category}` },
    properties: {
      enforcementLevel: f.enforcementLevel,
      category: f.category,
      checklist: f.checklist,
      modes: f.modes,
    },
  }));
  const document = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: model.tool, version: model.version, semanticVersion: model.version, rules } },
        automationDetails: { id: `prodready/${model.project}/${model.stack}/${model.mode}` },
        results,
        properties: { policyPack: model.policyPack, summary: model.summary },
      },
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
