/**
 * The readiness report as one self-contained HTML page: inline CSS, no scripts, no external assets.
 * A verdict banner, counts per status, what is missing by owner, a bar per section, the evidence
 * files and sign-offs read, then every item with its status badge, the findings of its policies,
 * its evidence (linked to the file) and its sign-off.
 */
import * as path from "path";
import type { EvidenceFact } from "./evidence/types";
import type {
  ChecklistReport,
  GateFinding,
  ItemResult,
  ItemStatus,
  SectionResult,
  SignoffState,
} from "./model";
import {
  evidenceAge,
  evidencePath,
  FAILING_STATUSES,
  STATUS_LABELS,
  statusesOf,
  statusPhrase,
} from "./model";
import { plural } from "./evidence/formats/reading";

/** One colour per status, distinct from every other (a test checks). */
export const STATUS_COLORS: Record<ItemStatus, string> = {
  fail: "#cf222e",
  "failed-by-evidence": "#bf3989",
  "not-enforced": "#a40e26",
  "needs-evidence": "#e16f24",
  "stale-evidence": "#7a5230",
  "signoff-expired": "#3d444d",
  unverified: "#bf8700",
  pass: "#1a7f37",
  evidenced: "#0a7f8f",
  "signed-off": "#5a7d1a",
  provisioned: "#0969da",
  documented: "#8250df",
  "out-of-scope": "#8c959f",
};

export interface HtmlOptions {
  /** The folder the page is written to: evidence links are made relative to it (default: the working folder). */
  linkFrom?: string;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1f2328; background: #f6f8fa; }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; background: #eff1f3; border-radius: 4px; padding: 1px 4px; }
main { max-width: 1180px; margin: 0 auto; padding: 0 24px 48px; }
.banner { color: #fff; padding: 28px 24px 52px; }
.banner.ready { background: linear-gradient(135deg, #1a7f37, #2da44e); }
.banner.not-ready { background: linear-gradient(135deg, #a40e26, #cf222e); }
.banner.infrastructure-ready { background: linear-gradient(135deg, #0550ae, #0969da); }
.banner-inner { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
.verdict { font-size: 34px; font-weight: 700; letter-spacing: -0.5px; margin: 0; }
.verdict .mark { display: inline-block; width: 44px; height: 44px; line-height: 44px; text-align: center; border-radius: 50%; background: rgba(255,255,255,0.22); margin-right: 12px; font-size: 26px; vertical-align: 4px; }
.meta { opacity: 0.92; margin-top: 6px; }
.meta code { background: rgba(255,255,255,0.18); color: #fff; }
.reasons { margin: 12px 0 0; padding-left: 20px; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 12px; margin: -30px 0 24px; }
.card { background: #fff; border-radius: 10px; padding: 12px 14px; box-shadow: 0 1px 3px rgba(31,35,40,0.12); border-top: 4px solid var(--c); }
.card .count { display: block; font-size: 28px; font-weight: 700; color: var(--c); line-height: 1.2; }
.card .label { font-size: 12px; color: #59636e; text-transform: uppercase; letter-spacing: 0.4px; }
.panel { background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(31,35,40,0.12); padding: 18px 20px; margin-bottom: 24px; }
h2 { font-size: 20px; margin: 0 0 12px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.5px; color: #59636e; margin: 18px 0 6px; }
.overview { width: 100%; border-collapse: collapse; }
.overview th { text-align: left; font-weight: 600; width: 210px; padding: 7px 12px 7px 0; white-space: nowrap; }
.overview th a { color: inherit; text-decoration: none; }
.overview td { padding: 7px 0; }
.overview td.nums { width: 300px; padding-left: 14px; color: #59636e; font-size: 12px; }
.bar { display: flex; height: 18px; border-radius: 9px; overflow: hidden; background: #eaeef2; }
.seg { display: block; height: 100%; background: var(--c); border-right: 2px solid #fff; }
.seg:last-child { border-right: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 12px; font-size: 12px; color: #59636e; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: var(--c); margin-right: 6px; }
.badge { display: inline-block; min-width: 104px; text-align: center; border-radius: 12px; padding: 2px 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--c); white-space: nowrap; }
.section-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.section-head .mini { font-size: 12px; color: #59636e; }
.items { width: 100%; border-collapse: collapse; }
.items td { border-top: 1px solid #eaeef2; padding: 8px 8px; vertical-align: top; }
.items td.status { width: 130px; }
.items td.by { width: 38%; color: #424a53; font-size: 13px; }
.items tr.failing td { background: #fff5f5; }
.item-id { color: #59636e; font-size: 11px; background: none; padding: 0; }
.item-text { font-weight: 500; }
.aws { font-size: 12px; color: #59636e; margin-top: 2px; }
.policy { display: inline-block; margin: 0 6px 4px 0; }
.level { font-size: 11px; color: #59636e; }
.level.off { color: #a40e26; font-weight: 700; }
.findings { list-style: none; margin: 6px 0 0; padding: 0; }
.findings li { border-left: 3px solid var(--c); background: #f6f8fa; padding: 5px 8px; margin-top: 4px; font-size: 12px; }
.tag { display: inline-block; font-size: 10px; font-weight: 700; text-transform: uppercase; color: var(--c); margin-right: 6px; }
.source { color: #59636e; }
.todo { list-style: none; margin: 0; padding: 0; }
.todo li { display: flex; gap: 12px; align-items: baseline; padding: 6px 0; border-top: 1px solid #eaeef2; }
.todo li:first-child { border-top: 0; }
.todo a { color: #0969da; text-decoration: none; }
.todo .where { color: #59636e; font-size: 12px; margin-left: auto; white-space: nowrap; }
.owner { font-size: 15px; margin: 14px 0 4px; }
.owner:first-of-type { margin-top: 0; }
.facts { list-style: none; margin: 6px 0 0; padding: 0; }
.facts li { border-left: 3px solid var(--c); background: #f6f8fa; padding: 5px 8px; margin-top: 4px; font-size: 12px; }
.facts a, .files a, .signoff a { color: #0969da; }
.age { color: #59636e; }
.signoff { border-left: 3px solid var(--c); background: #f6f8fa; padding: 5px 8px; margin-top: 4px; font-size: 12px; }
.files { width: 100%; border-collapse: collapse; font-size: 13px; }
.files th { text-align: left; font-weight: 600; padding: 6px 8px 6px 0; border-bottom: 1px solid #eaeef2; }
.files td { padding: 6px 8px 6px 0; border-top: 1px solid #eaeef2; vertical-align: top; }
.note { color: #59636e; margin: 0 0 10px; }
footer { text-align: center; color: #8c959f; font-size: 12px; margin-top: 24px; }
`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes the text and renders Markdown code spans (the checklist's backticks) as <code>. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const color = (status: ItemStatus) => `--c:${STATUS_COLORS[status]}`;

function cards(report: ChecklistReport): string {
  return statusesOf(report.scope)
    .map(
      (status) =>
        `<div class="card" style="${color(status)}" data-status="${status}"><span class="count">${report.counts[status]}</span><span class="label">${STATUS_LABELS[status]}</span></div>`,
    )
    .join("\n");
}

function overviewRow(section: SectionResult, statuses: readonly ItemStatus[]): string {
  const present = statuses.filter((status) => section.counts[status] > 0);
  const segments = present
    .map(
      (status) =>
        `<span class="seg" style="${color(status)};flex-grow:${section.counts[status]}" data-status="${status}" data-count="${section.counts[status]}" title="${section.counts[status]} ${STATUS_LABELS[status]}"></span>`,
    )
    .join("");
  const numbers = present.map((status) => `${section.counts[status]} ${STATUS_LABELS[status]}`).join(" · ");
  return `<tr data-section="${escapeHtml(section.title)}"><th><a href="#${slug(section.title)}">${escapeHtml(section.title)}</a></th><td><div class="bar">${segments}</div></td><td class="nums">${numbers}</td></tr>`;
}

function findingItem(finding: GateFinding): string {
  const failing = finding.category === "violation" || finding.category === "policy-error";
  const kind = failing ? (finding.blocking ? "blocking" : "advisory") : finding.category;
  const tone: ItemStatus = failing
    ? "fail"
    : finding.category === "unverified"
      ? "unverified"
      : "out-of-scope";
  const where = finding.resourceType
    ? `<code>${escapeHtml(finding.resourceType)}</code> ${escapeHtml(finding.resourceName)}`
    : "the stack";
  const source = finding.source
    ? ` <span class="source">(${escapeHtml(finding.source.file)}:${finding.source.line})</span>`
    : "";
  return `<li style="${color(tone)}"><span class="tag">${kind}</span><code>${escapeHtml(finding.policy)}</code> on ${where}${source}: ${escapeHtml(finding.message)}</li>`;
}

/** A link to an evidence file, relative to the page's folder; `#` and `?` in names stay part of the path. */
function fileLink(file: Pick<EvidenceFact, "dir" | "file">, options: HtmlOptions): string {
  const shown = evidencePath(file);
  const target = options.linkFrom
    ? path.relative(options.linkFrom, path.resolve(file.dir, file.file)).split(path.sep).join("/")
    : shown;
  const href = target.split("/").map(encodeURIComponent).join("/");
  return `<a href="${escapeHtml(href)}"><code>${escapeHtml(shown)}</code></a>`;
}

function factItem(fact: EvidenceFact, maxAgeDays: number, options: HtmlOptions): string {
  const tone: ItemStatus = fact.stale
    ? "stale-evidence"
    : fact.result === "pass"
      ? "evidenced"
      : "failed-by-evidence";
  const age = evidenceAge(fact, maxAgeDays);
  const kind = fact.stale ? `stale ${fact.result}` : `evidence ${fact.result}`;
  return `<li style="${color(tone)}" data-evidence="${fact.stale ? "stale" : fact.result}"><span class="tag">${kind}</span>${escapeHtml(fact.fact)} · ${fileLink(fact, options)} <span class="age">(${age})</span></li>`;
}

function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : "#";
}

function signoffBlock(signoff: SignoffState): string {
  const state = signoff.expired
    ? `sign-off expired on ${signoff.expires}`
    : `signed off until ${signoff.expires}`;
  const note = signoff.note ? `: ${escapeHtml(signoff.note)}` : "";
  return `<div class="signoff" style="${color(signoff.expired ? "signoff-expired" : "signed-off")}" data-signoff="${signoff.expired ? "expired" : "valid"}"><span class="tag">${state}</span>${escapeHtml(signoff.signedBy)} on ${escapeHtml(signoff.signedAt)}, looked at <a href="${safeHref(signoff.link)}">${escapeHtml(signoff.link)}</a>${note}</div>`;
}

function answeredBy(result: ItemResult): string {
  const disposition = result.disposition;
  switch (disposition.kind) {
    case "enforced":
      if (result.policies.length === 0)
        return `<span class="level off">no policy of this pack names it</span>`;
      return result.policies
        .map((policy) => {
          const off = policy.enforcementLevel === "disabled";
          return `<span class="policy"><code>${escapeHtml(policy.name)}</code> <span class="level${off ? " off" : ""}">${escapeHtml(policy.enforcementLevel)}</span></span>`;
        })
        .join("");
    case "provisioned":
      return `<code>${escapeHtml(disposition.component)}</code> in <code>${escapeHtml(disposition.file)}</code>: ${inline(disposition.setting)}`;
    case "documented":
      return `<code>${escapeHtml(disposition.doc)}</code>, “${escapeHtml(disposition.heading)}”`;
    case "out-of-scope":
      return `${inline(disposition.reason)} <i>Owner: ${escapeHtml(disposition.owner)}.</i>`;
  }
}

function itemRow(result: ItemResult, report: ChecklistReport, options: HtmlOptions): string {
  const { item, status } = result;
  const aws = item.awsEquivalent ? `<div class="aws">On AWS: ${inline(item.awsEquivalent)}</div>` : "";
  const findings =
    result.findings.length > 0
      ? `<ul class="findings">${result.findings.map(findingItem).join("")}</ul>`
      : "";
  const facts =
    result.evidence.length > 0
      ? `<ul class="facts">${result.evidence.map((fact) => factItem(fact, report.evidence?.maxAgeDays ?? 0, options)).join("")}</ul>`
      : "";
  const signoff = result.signoff ? signoffBlock(result.signoff) : "";
  return `<tr class="item${FAILING_STATUSES.has(status) ? " failing" : ""}" id="item-${escapeHtml(item.id)}" data-id="${escapeHtml(item.id)}" data-status="${status}">
<td class="status"><span class="badge" style="${color(status)}">${STATUS_LABELS[status]}</span></td>
<td><div class="item-text">${inline(item.text)}</div><code class="item-id">${escapeHtml(item.id)}</code>${aws}${findings}${facts}${signoff}</td>
<td class="by">${answeredBy(result)}</td>
</tr>`;
}

function sectionPanel(section: SectionResult, report: ChecklistReport, options: HtmlOptions): string {
  const mini = statusesOf(report.scope)
    .filter((status) => section.counts[status] > 0)
    .map((status) => `${section.counts[status]} ${STATUS_LABELS[status]}`)
    .join(" · ");
  const parts: string[] = [];
  let subsection: string | undefined;
  let rows: string[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    if (subsection) parts.push(`<h3>${escapeHtml(subsection)}</h3>`);
    parts.push(`<table class="items">${rows.join("\n")}</table>`);
    rows = [];
  };
  for (const result of section.items) {
    if (result.item.subsection !== subsection) {
      flush();
      subsection = result.item.subsection;
    }
    rows.push(itemRow(result, report, options));
  }
  flush();
  return `<section class="panel" id="${slug(section.title)}" data-section="${escapeHtml(section.title)}">
<div class="section-head"><h2>${escapeHtml(section.title)}</h2><span class="mini">${mini}</span></div>
${parts.join("\n")}
</section>`;
}

/** The items that keep the stack from being ready, under the owner who must act, first thing under the counts. */
function missingByOwner(report: ChecklistReport): string {
  if (report.missing.length === 0) return "";
  const groups = report.missing.map((group) => {
    const rows = group.items.map(
      (result) =>
        `<li data-id="${escapeHtml(result.item.id)}"><span class="badge" style="${color(result.status)}">${statusPhrase(result)}</span><a href="#item-${escapeHtml(result.item.id)}">${inline(result.item.text)}</a><span class="where">${escapeHtml(result.item.section)}${result.item.subsection ? ` · ${escapeHtml(result.item.subsection)}` : ""}</span></li>`,
    );
    return `<h3 class="owner" data-owner="${escapeHtml(group.owner)}">${escapeHtml(group.owner)} (${group.items.length})</h3><ul class="todo">${rows.join("\n")}</ul>`;
  });
  return `<section class="panel" id="missing"><h2>Missing, by owner</h2>${groups.join("\n")}</section>`;
}

function evidencePanel(report: ChecklistReport, options: HtmlOptions): string {
  if (!report.evidence) return "";
  const { files, maxAgeDays } = report.evidence;
  const rows = files.map(
    (file) =>
      `<tr data-file-status="${file.status}"><td>${fileLink(file, options)}</td><td>${escapeHtml(file.format)}</td><td>${escapeHtml(file.status)}</td><td>${file.facts}</td><td>${escapeHtml(file.message)}</td></tr>`,
  );
  const table =
    files.length > 0
      ? `<table class="files"><tr><th>File</th><th>Format</th><th>Status</th><th>Facts</th><th>What was read</th></tr>${rows.join("\n")}</table>`
      : "";
  return `<section class="panel" id="evidence"><h2>Evidence files</h2><p class="note">${plural(files.length, "file")} read; evidence older than ${plural(maxAgeDays, "day")} does not count.</p>${table}</section>`;
}

function signoffPanel(report: ChecklistReport): string {
  if (!report.signoffs) return "";
  const rows = report.signoffs.map(
    (s) =>
      `<tr data-signoff="${s.expired ? "expired" : "valid"}"><td><a href="#item-${escapeHtml(s.item)}"><code>${escapeHtml(s.item)}</code></a></td><td>${escapeHtml(s.signedBy)}</td><td>${escapeHtml(s.signedAt)}</td><td>${escapeHtml(s.expires)}${s.expired ? " (expired)" : ""}</td><td><a href="${safeHref(s.link)}">${escapeHtml(s.link)}</a></td></tr>`,
  );
  const table =
    rows.length > 0
      ? `<table class="files"><tr><th>Item</th><th>Signed by</th><th>On</th><th>Expires</th><th>Looked at</th></tr>${rows.join("\n")}</table>`
      : `<p class="note">The sign-off file has no entries.</p>`;
  return `<section class="panel" id="signoffs"><h2>Sign-offs</h2>${table}</section>`;
}

function verdictTitle(report: ChecklistReport): string {
  return report.ready
    ? report.scope === "production"
      ? "Production ready"
      : "Infrastructure ready"
    : "Not ready";
}

export function renderChecklistHtml(report: ChecklistReport, options: HtmlOptions = {}): string {
  const statuses = statusesOf(report.scope);
  const total = report.sections.reduce((sum, section) => sum + section.items.length, 0);
  const title = `${verdictTitle(report)}: ${report.project}/${report.stack}`;
  const banner = report.ready
    ? report.scope === "production"
      ? "ready"
      : "infrastructure-ready"
    : "not-ready";
  const reasons =
    report.reasons.length > 0
      ? `<ul class="reasons">${report.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join("")}</ul>`
      : "";
  const scopeNote =
    report.scope === "infrastructure"
      ? `<div class="meta">Infrastructure only: the ${report.counts["out-of-scope"]} items application teams own are not judged, so this is not a production-readiness verdict.</div>`
      : "";
  const legend = statuses
    .map((status) => `<span style="${color(status)}">${STATUS_LABELS[status]}</span>`)
    .join("");
  const otherBlocking =
    report.otherBlocking.length > 0
      ? `<section class="panel" id="other-blocking"><h2>Blocking findings of policies without a checklist item</h2><ul class="findings">${report.otherBlocking.map(findingItem).join("")}</ul></section>`
      : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner ${banner}">
<div class="banner-inner">
<h1 class="verdict" data-verdict="${report.verdict}"><span class="mark">${report.ready ? "✔" : "✘"}</span>${verdictTitle(report)}</h1>
<div class="meta"><code>${escapeHtml(report.project)}/${escapeHtml(report.stack)}</code> · ${total} checklist items · policy pack <code>${escapeHtml(report.policyPack.name)}@${escapeHtml(report.policyPack.version)}</code>${report.profile ? ` · profile <code>${escapeHtml(report.profile)}</code>` : ""} · gate mode ${escapeHtml(report.mode)} · scope ${report.scope} · ${escapeHtml(report.generatedAt.slice(0, 10))}</div>
${scopeNote}
${reasons}
</div>
</header>
<main>
<div class="cards">
${cards(report)}
</div>
${missingByOwner(report)}
<section class="panel" id="overview">
<h2>By section</h2>
<table class="overview">
${report.sections.map((section) => overviewRow(section, statuses)).join("\n")}
</table>
<div class="legend">${legend}</div>
</section>
${otherBlocking}
${evidencePanel(report, options)}
${signoffPanel(report)}
${report.sections.map((section) => sectionPanel(section, report, options)).join("\n")}
<footer>Computed by prodready from the checklist data (gate/checklist/items.ts), the policies' own checklist metadata, one gate run, the evidence files and the sign-offs read; nothing is claimed by hand.</footer>
</main>
</body>
</html>
`;
}
