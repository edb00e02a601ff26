/**
 * Markdown readiness report, for a pull-request comment or a file: the verdict, its reasons and the
 * counts first, then what is missing by owner, the evidence and sign-offs read, then every section
 * folded, open where something is missing.
 */
import type { EvidenceFact } from "./evidence/types";
import { plural } from "./evidence/formats/reading";
import type { ChecklistReport, GateFinding, ItemResult, ItemStatus, SignoffState } from "./model";
import {
  evidenceAge,
  evidencePath,
  FAILING_STATUSES,
  STATUS_LABELS,
  statusesOf,
  statusPhrase,
} from "./model";

export const CHECKLIST_COMMENT_MARKER = "<!-- prodready-checklist -->";

export const STATUS_ICONS: Record<ItemStatus, string> = {
  fail: "❌",
  "failed-by-evidence": "🚫",
  "not-enforced": "⛔",
  "needs-evidence": "⬜",
  "stale-evidence": "🕰️",
  "signoff-expired": "⌛",
  unverified: "❔",
  pass: "✅",
  evidenced: "🧾",
  "signed-off": "✍️",
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
  const disposition = result.disposition;
  switch (disposition.kind) {
    case "enforced":
      return result.policies.length > 0
        ? result.policies.map((p) => `\`${p.name}\` (${p.enforcementLevel})`).join(", ")
        : "no policy of this pack names it";
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

/** "evidence (pass): <fact> (`dir/file`, 3 days old)"; a stale fact says it does not count. */
function factLine(fact: EvidenceFact, maxAgeDays: number): string {
  const kind = fact.stale ? `stale evidence (${fact.result})` : `evidence (${fact.result})`;
  return `  - ${kind}: ${oneLine(fact.fact)} (${codeSpan(evidencePath(fact))}, ${evidenceAge(fact, maxAgeDays)})`;
}

function signoffLine(signoff: SignoffState): string {
  const state = signoff.expired
    ? `sign-off expired on ${signoff.expires}`
    : `signed off until ${signoff.expires}`;
  const note = signoff.note ? `: ${oneLine(signoff.note)}` : "";
  return `  - ${state}: ${oneLine(signoff.signedBy)} on ${signoff.signedAt}, looked at ${autolink(signoff.link)}${note}`;
}

/** A URL from a file as an autolink; characters that could end it or start markup are percent-encoded. */
function autolink(url: string): string {
  return `<${url.replace(/[<>"`|\s\\]/g, (c) => encodeURIComponent(c))}>`;
}

/** Untrusted text on one line: no newline can forge a line of the comment. */
function oneLine(text: string): string {
  return markdownProse(text.replace(/[\r\n]+/g, " "));
}

/** A path as a code span, with a fence longer than any backtick run inside it. */
function codeSpan(text: string): string {
  const fence = "`".repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}${fence.length > 1 ? " " : ""}${text.replace(/[\r\n]+/g, " ")}${fence.length > 1 ? " " : ""}${fence}`;
}

function itemLines(result: ItemResult, maxAgeDays: number): string[] {
  const { item, status } = result;
  const aws = item.awsEquivalent ? ` (on AWS: ${item.awsEquivalent})` : "";
  const lines = [
    markdownProse(
      `- ${STATUS_ICONS[status]} **${STATUS_LABELS[status]}** \`${item.id}\`: ${item.text}${aws} — ${answeredBy(result)}`,
    ),
  ];
  for (const finding of result.findings) lines.push(findingLine(finding));
  for (const fact of result.evidence) lines.push(factLine(fact, maxAgeDays));
  if (result.signoff) lines.push(signoffLine(result.signoff));
  return lines;
}

function countsRow(statuses: readonly ItemStatus[], counts: Record<ItemStatus, number>): string {
  return `| ${statuses.map((status) => counts[status]).join(" | ")} |`;
}

function missingLines(report: ChecklistReport): string[] {
  if (report.missing.length === 0) return [];
  const lines = ["#### Missing, by owner", ""];
  for (const group of report.missing) {
    lines.push(`**${capitalized(group.owner)}** (${group.items.length})`, "");
    for (const result of group.items) {
      lines.push(
        markdownProse(
          `- ${STATUS_ICONS[result.status]} ${statusPhrase(result)}: \`${result.item.id}\` ${result.item.text}`,
        ),
      );
    }
    lines.push("");
  }
  return lines;
}

function evidenceLines(report: ChecklistReport): string[] {
  if (!report.evidence) return [];
  const files = report.evidence.files;
  const lines = [
    "#### Evidence files",
    "",
    `${plural(files.length, "file")} read; evidence older than ${plural(report.evidence.maxAgeDays, "day")} does not count.`,
    "",
  ];
  if (files.length > 0) {
    lines.push("| File | Format | Status | Facts | What was read |", "| --- | --- | --- | ---: | --- |");
    for (const file of files) {
      lines.push(
        `| ${cell(codeSpan(evidencePath(file)))} | ${file.format} | ${file.status} | ${file.facts} | ${cell(oneLine(file.message))} |`,
      );
    }
    lines.push("");
  }
  return lines;
}

function signoffLines(report: ChecklistReport): string[] {
  if (!report.signoffs) return [];
  const lines = ["#### Sign-offs", ""];
  if (report.signoffs.length === 0) return [...lines, "The sign-off file has no entries.", ""];
  lines.push("| Item | Signed by | On | Expires | Looked at |", "| --- | --- | --- | --- | --- |");
  for (const signoff of report.signoffs) {
    const expires = signoff.expired ? `⌛ ${signoff.expires} (expired)` : signoff.expires;
    lines.push(
      `| \`${signoff.item}\` | ${cell(oneLine(signoff.signedBy))} | ${signoff.signedAt} | ${expires} | ${autolink(signoff.link)} |`,
    );
  }
  return [...lines, ""];
}

export function renderChecklistMarkdown(report: ChecklistReport): string {
  const statuses = statusesOf(report.scope);
  // Facts exist only with evidence; the fallback is never shown.
  const maxAgeDays = report.evidence?.maxAgeDays ?? 0;
  const header = `| ${statuses.map((status) => `${STATUS_ICONS[status]} ${capitalized(STATUS_LABELS[status])}`).join(" | ")} |`;
  const rule = `| ${statuses.map(() => "---:").join(" | ")} |`;
  const total = report.sections.reduce((sum, section) => sum + section.items.length, 0);
  const lines = [
    CHECKLIST_COMMENT_MARKER,
    `### ${report.ready ? "✅" : "❌"} ${capitalized(report.verdict)}: \`${report.project}/${report.stack}\``,
    "",
    `${total} checklist items against policy pack \`${report.policyPack.name}@${report.policyPack.version}\`${report.profile ? ` (profile \`${report.profile}\`)` : ""}, gate mode ${report.mode}, scope ${report.scope}, ${report.generatedAt.slice(0, 10)}.`,
    "",
  ];
  if (report.scope === "infrastructure") {
    lines.push(
      `Infrastructure only: the ${report.counts["out-of-scope"]} items application teams own are not judged, so this is not a production-readiness verdict.`,
      "",
    );
  }
  if (report.reasons.length > 0) lines.push(...report.reasons.map((reason) => `- ${reason}`), "");
  lines.push(header, rule, countsRow(statuses, report.counts), "");
  lines.push(
    `| Section | ${statuses.map((status) => STATUS_ICONS[status]).join(" | ")} |`,
    `| --- | ${statuses.map(() => "---:").join(" | ")} |`,
    ...report.sections.map((section) => `| ${cell(section.title)} ${countsRow(statuses, section.counts)}`),
    "",
  );
  lines.push(...missingLines(report));
  if (report.otherBlocking.length > 0) {
    lines.push("#### Blocking findings of policies without a checklist item", "");
    lines.push(...report.otherBlocking.map((finding) => findingLine(finding).slice(2)), "");
  }
  lines.push(...evidenceLines(report), ...signoffLines(report));
  for (const section of report.sections) {
    const failing = section.items.some((result) => FAILING_STATUSES.has(result.status));
    const summary = statuses
      .filter((status) => section.counts[status] > 0)
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
      lines.push(...itemLines(result, maxAgeDays));
      if (subsection !== section.items[index + 1]?.item.subsection) lines.push("");
    });
    lines.push("</details>", "");
  }
  return `${lines.join("\n")}\n`;
}
