/** Markdown for a pull-request comment: the verdict first, blocking findings in a table, the rest folded. */
import type { ReportModel, ReportedFinding } from "./model";

export const COMMENT_MARKER = "<!-- prodready-gate -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

function table(findings: ReportedFinding[]): string[] {
  const rows = ["| Policy | Resource | Finding | Source |", "| --- | --- | --- | --- |"];
  for (const f of findings) {
    const source = f.source ? `\`${f.source.file}:${f.source.line}\`` : "";
    rows.push(
      `| \`${f.policy}\` | ${cell(`${f.resourceType || "stack"} ${f.resourceName}`)} | ${cell(f.message)} | ${source} |`,
    );
  }
  return rows;
}

export function renderMarkdown(model: ReportModel): string {
  const s = model.summary;
  const lines = [
    COMMENT_MARKER,
    `### ${model.passed ? "✅" : "❌"} prodready gate: \`${model.project}/${model.stack}\` (${model.mode})`,
    "",
  ];
  lines.push(
    `Policy pack \`${model.policyPack.name}@${model.policyPack.version}\`, ${s.resources} resources.`,
    "",
  );
  lines.push(
    "| Mandatory | Advisory | Unverified at preview | Exempt | Policy errors |",
    "| ---: | ---: | ---: | ---: | ---: |",
  );
  lines.push(`| ${s.mandatory} | ${s.advisory} | ${s.unverified} | ${s.exempt} | ${s.policyErrors} |`, "");
  const blocking = model.findings.filter((f) => f.blocking);
  if (blocking.length > 0) lines.push("#### Blocking", "", ...table(blocking), "");
  for (const [title, predicate] of [
    ["Advisory", (f: ReportedFinding) => f.category === "violation" && !f.blocking],
    ["Unverified at preview (enforced at deploy)", (f: ReportedFinding) => f.category === "unverified"],
    ["Exempt", (f: ReportedFinding) => f.category === "exempt"],
  ] as const) {
    const group = model.findings.filter(predicate);
    if (group.length === 0) continue;
    lines.push(
      `<details><summary>${title} (${group.length})</summary>`,
      "",
      ...table(group),
      "",
      "</details>",
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}
