/** Markdown for a pull-request comment: the verdict first, blocking findings in a table, the rest folded. */
import type { ReportModel, ReportedFinding } from "./model";
import { markdownCode, markdownText } from "./escape";
import { profileLabel, recognisedNote } from "./text";

export const COMMENT_MARKER = "<!-- prodready-gate -->";

function table(findings: ReportedFinding[]): string[] {
  const rows = ["| Policy | Resource | Finding | Source |", "| --- | --- | --- | --- |"];
  for (const f of findings) {
    const source = f.source ? markdownCode(`${f.source.file}:${f.source.line}`) : "";
    const subject = f.resourceType ? markdownCode(`${f.resourceType} ${f.resourceName}`) : "stack";
    rows.push(`| ${markdownCode(f.policy)} | ${subject} | ${markdownText(f.message)} | ${source} |`);
  }
  return rows;
}

const capitalised = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

export function renderMarkdown(model: ReportModel): string {
  const s = model.summary;
  const lines = [
    COMMENT_MARKER,
    `### ${model.passed ? "✅" : "❌"} prodready gate: ${markdownCode(`${model.project}/${model.stack}`)} (${model.mode})`,
    "",
  ];
  const recognised =
    s.recognised === null
      ? "the pack does not say which types it judges"
      : `${s.recognised} of a type the pack judges`;
  lines.push(
    `Policy pack ${markdownCode(`${model.policyPack.name}@${model.policyPack.version}`)}, profile ${markdownCode(profileLabel(model))}, ${s.resources} resources (${recognised}).`,
    "",
  );
  const note = recognisedNote(model);
  if (note) lines.push(`> **${capitalised(note)}.**`, "");
  const unverified = capitalised(model.unverifiedLabel);
  lines.push(
    `| Mandatory | Advisory | ${unverified} | Exempt | Policy errors |`,
    "| ---: | ---: | ---: | ---: | ---: |",
  );
  lines.push(`| ${s.mandatory} | ${s.advisory} | ${s.unverified} | ${s.exempt} | ${s.policyErrors} |`, "");
  const blocking = model.findings.filter((f) => f.blocking);
  if (blocking.length > 0) lines.push("#### Blocking", "", ...table(blocking), "");
  for (const [title, predicate] of [
    ["Advisory", (f: ReportedFinding) => f.category === "violation" && !f.blocking],
    [
      model.mode === "audit" ? unverified : `${unverified} (enforced at deploy)`,
      (f: ReportedFinding) => f.category === "unverified",
    ],
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
