/**
 * Markdown readiness report, for a pull-request comment or a file: the verdict and counts first,
 * then every section folded, open where something fails.
 */
import type { ChecklistReport, GateFinding, ItemResult, ItemStatus } from "./model";
import { FAILING_STATUSES, STATUS_LABELS, STATUSES } from "./model";

export const CHECKLIST_COMMENT_MARKER = "<!-- prodready-checklist -->";

export const STATUS_ICONS: Record<ItemStatus, string> = {
  pass: "✅",
  fail: "❌",
  "not-enforced": "⛔",
  unverified: "❔",
  provisioned: "🏗️",
  documented: "📄",
  "out-of-scope": "➖",
};

/** Markdown prose from data: `<` outside code spans would start an HTML tag on GitHub. */
export function markdownProse(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") ? part : part.replace(/</g, "&lt;")))
    .join("");
}

function cell(text: string): string {
  return markdownProse(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function answeredBy(result: ItemResult): string {
  const disposition = result.item.disposition;
  switch (disposition.kind) {
    case "enforced":
      return result.policies.map((p) => `\`${p.name}\` (${p.enforcementLevel})`).join(", ");
    case "provisioned":
      return `\`${disposition.component}\` in \`${disposition.file}\`: ${disposition.setting}`;
    case "documented":
      return `${disposition.doc}, “${disposition.heading}”`;
    case "out-of-scope":
      return `${disposition.reason} Owner: ${disposition.owner}.`;
  }
}

function findingLine(finding: GateFinding): string {
  const where = finding.resourceType ? `\`${finding.resourceType}\` ${finding.resourceName}` : "the stack";
  const source = finding.source ? ` (\`${finding.source.file}:${finding.source.line}\`)` : "";
  const kind =
    finding.category === "violation" || finding.category === "policy-error"
      ? finding.blocking
        ? "blocking"
        : "advisory"
      : finding.category;
  return markdownProse(
    `  - ${kind}: \`${finding.policy}\` on ${where}${source}: ${finding.message.replace(/\n/g, " ")}`,
  );
}

function itemLines(result: ItemResult): string[] {
  const { item, status } = result;
  const aws = item.awsEquivalent ? ` (on AWS: ${item.awsEquivalent})` : "";
  const lines = [
    markdownProse(
      `- ${STATUS_ICONS[status]} **${STATUS_LABELS[status]}** \`${item.id}\`: ${item.text}${aws} — ${answeredBy(result)}`,
    ),
  ];
  for (const finding of result.findings) lines.push(findingLine(finding));
  return lines;
}

function countsRow(counts: Record<ItemStatus, number>): string {
  return `| ${STATUSES.map((status) => counts[status]).join(" | ")} |`;
}

export function renderChecklistMarkdown(report: ChecklistReport): string {
  const header = `| ${STATUSES.map((status) => `${STATUS_ICONS[status]} ${capitalized(STATUS_LABELS[status])}`).join(" | ")} |`;
  const rule = `| ${STATUSES.map(() => "---:").join(" | ")} |`;
  const total = report.sections.reduce((sum, section) => sum + section.items.length, 0);
  const lines = [
    CHECKLIST_COMMENT_MARKER,
    `### ${report.ready ? "✅" : "❌"} ${capitalized(report.verdict)}: \`${report.project}/${report.stack}\``,
    "",
    `${total} checklist items against policy pack \`${report.policyPack.name}@${report.policyPack.version}\`, gate mode ${report.mode}.`,
    "",
  ];
  if (report.reasons.length > 0) lines.push(...report.reasons.map((reason) => `- ${reason}`), "");
  lines.push(header, rule, countsRow(report.counts), "");
  lines.push(
    `| Section | ${STATUSES.map((status) => STATUS_ICONS[status]).join(" | ")} |`,
    `| --- | ${STATUSES.map(() => "---:").join(" | ")} |`,
    ...report.sections.map((section) => `| ${cell(section.title)} ${countsRow(section.counts)}`),
    "",
  );
  if (report.otherBlocking.length > 0) {
    lines.push("#### Blocking findings of policies without a checklist item", "");
    lines.push(...report.otherBlocking.map((finding) => findingLine(finding).slice(2)), "");
  }
  for (const section of report.sections) {
    const failing = section.items.some((result) => FAILING_STATUSES.has(result.status));
    const summary = STATUSES.filter((status) => section.counts[status] > 0)
      .map((status) => `${section.counts[status]} ${STATUS_LABELS[status]}`)
      .join(", ");
    lines.push(
      `<details${failing ? " open" : ""}><summary><b>${section.title}</b>: ${summary}</summary>`,
      "",
    );
    section.items.forEach((result, index) => {
      const subsection = result.item.subsection;
      if (subsection && subsection !== section.items[index - 1]?.item.subsection)
        lines.push(`#### ${subsection}`, "");
      lines.push(...itemLines(result));
      if (subsection !== section.items[index + 1]?.item.subsection) lines.push("");
    });
    lines.push("</details>", "");
  }
  return `${lines.join("\n")}\n`;
}
