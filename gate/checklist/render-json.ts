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
    disposition: item.disposition,
    status: result.status,
    policies: result.policies,
    findings: result.findings,
  };
}

export function toChecklistDocument(report: ChecklistReport) {
  return {
    tool: TOOL,
    version: TOOL_VERSION,
    report: "checklist",
    project: report.project,
    stack: report.stack,
    mode: report.mode,
    policyPack: report.policyPack,
    ready: report.ready,
    verdict: report.verdict,
    reasons: report.reasons,
    counts: report.counts,
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
