/** JSON output of the readiness report: the machine contract (docs/checklist.md describes it). */
import { TOOL, TOOL_VERSION } from "../report/model";
import type { ChecklistReport, ItemResult } from "./model";

function itemDocument(result: ItemResult) {
  const { item } = result;
  return {
    id: item.id,
    subsection: item.subsection,
    text: item.text,
    ...(item.awsEquivalent ? { awsEquivalent: item.awsEquivalent } : {}),
    owner: result.owner,
    disposition: result.disposition,
    status: result.status,
    policies: result.policies,
    findings: result.findings,
    evidence: result.evidence,
    signoff: result.signoff,
  };
}

export function toChecklistDocument(report: ChecklistReport) {
  return {
    tool: TOOL,
    version: TOOL_VERSION,
    report: "checklist",
    scope: report.scope,
    project: report.project,
    stack: report.stack,
    mode: report.mode,
    policyPack: report.policyPack,
    profile: report.profile,
    generatedAt: report.generatedAt,
    ready: report.ready,
    verdict: report.verdict,
    headline: report.headline,
    reasons: report.reasons,
    counts: report.counts,
    missing: report.missing.map((group) => ({
      owner: group.owner,
      items: group.items.map((result) => ({
        id: result.item.id,
        text: result.item.text,
        status: result.status,
      })),
    })),
    evidence: report.evidence,
    signoffs: report.signoffs,
    sections: report.sections.map((section) => ({
      title: section.title,
      counts: section.counts,
      items: section.items.map(itemDocument),
    })),
    otherBlocking: report.otherBlocking,
  };
}

export function renderChecklistJson(report: ChecklistReport): string {
  return `${JSON.stringify(toChecklistDocument(report), null, 2)}\n`;
}
