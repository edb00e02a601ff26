/**
 * The readiness report as one self-contained HTML page: inline CSS, no scripts, no external assets.
 * A verdict banner, counts per status, a bar per section, then every item with its status badge
 * and, for enforced items, the findings of its policies.
 */
import type { ChecklistReport, GateFinding, ItemResult, ItemStatus, SectionResult } from "./model";
import { FAILING_STATUSES, STATUS_LABELS, STATUSES } from "./model";

const COLORS: Record<ItemStatus, string> = {
  pass: "#1a7f37",
  fail: "#cf222e",
  "not-enforced": "#a40e26",
  unverified: "#bf8700",
  provisioned: "#0969da",
  documented: "#8250df",
  "out-of-scope": "#8c959f",
};

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1f2328; background: #f6f8fa; }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; background: #eff1f3; border-radius: 4px; padding: 1px 4px; }
main { max-width: 1180px; margin: 0 auto; padding: 0 24px 48px; }
.banner { color: #fff; padding: 28px 24px 52px; }
.banner.ready { background: linear-gradient(135deg, #1a7f37, #2da44e); }
.banner.not-ready { background: linear-gradient(135deg, #a40e26, #cf222e); }
.banner-inner { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
.verdict { font-size: 34px; font-weight: 700; letter-spacing: -0.5px; margin: 0; }
.verdict .mark { display: inline-block; width: 44px; height: 44px; line-height: 44px; text-align: center; border-radius: 50%; background: rgba(255,255,255,0.22); margin-right: 12px; font-size: 26px; vertical-align: 4px; }
.meta { opacity: 0.92; margin-top: 6px; }
.meta code { background: rgba(255,255,255,0.18); color: #fff; }
.reasons { margin: 12px 0 0; padding-left: 20px; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(7, 1fr); gap: 12px; margin: -30px 0 24px; }
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

const color = (status: ItemStatus) => `--c:${COLORS[status]}`;

function cards(report: ChecklistReport): string {
  return STATUSES.map(
    (status) =>
      `<div class="card" style="${color(status)}" data-status="${status}"><span class="count">${report.counts[status]}</span><span class="label">${STATUS_LABELS[status]}</span></div>`,
  ).join("\n");
}

function overviewRow(section: SectionResult): string {
  const present = STATUSES.filter((status) => section.counts[status] > 0);
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

function answeredBy(result: ItemResult): string {
  const disposition = result.item.disposition;
  switch (disposition.kind) {
    case "enforced":
      return result.policies
        .map((policy) => {
          const off = policy.enforcementLevel === "disabled" || policy.enforcementLevel === "missing";
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

function itemRow(result: ItemResult): string {
  const { item, status } = result;
  const aws = item.awsEquivalent ? `<div class="aws">On AWS: ${inline(item.awsEquivalent)}</div>` : "";
  const findings =
    result.findings.length > 0
      ? `<ul class="findings">${result.findings.map(findingItem).join("")}</ul>`
      : "";
  return `<tr class="item${FAILING_STATUSES.has(status) ? " failing" : ""}" id="item-${escapeHtml(item.id)}" data-id="${escapeHtml(item.id)}" data-status="${status}">
<td class="status"><span class="badge" style="${color(status)}">${STATUS_LABELS[status]}</span></td>
<td><div class="item-text">${inline(item.text)}</div><code class="item-id">${escapeHtml(item.id)}</code>${aws}${findings}</td>
<td class="by">${answeredBy(result)}</td>
</tr>`;
}

function sectionPanel(section: SectionResult): string {
  const mini = STATUSES.filter((status) => section.counts[status] > 0)
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
    rows.push(itemRow(result));
  }
  flush();
  return `<section class="panel" id="${slug(section.title)}" data-section="${escapeHtml(section.title)}">
<div class="section-head"><h2>${escapeHtml(section.title)}</h2><span class="mini">${mini}</span></div>
${parts.join("\n")}
</section>`;
}

/** The items that keep the stack from being ready, first thing under the counts. */
function needsAction(report: ChecklistReport): string {
  const failing = report.sections.flatMap((section) =>
    section.items
      .filter((result) => FAILING_STATUSES.has(result.status))
      .map((result) => ({ section, result })),
  );
  if (failing.length === 0) return "";
  const rows = failing.map(
    ({ section, result }) =>
      `<li><span class="badge" style="${color(result.status)}">${STATUS_LABELS[result.status]}</span><a href="#item-${escapeHtml(result.item.id)}">${inline(result.item.text)}</a><span class="where">${escapeHtml(section.title)}${result.item.subsection ? ` · ${escapeHtml(result.item.subsection)}` : ""}</span></li>`,
  );
  return `<section class="panel" id="needs-action"><h2>Needs action</h2><ul class="todo">${rows.join("\n")}</ul></section>`;
}

export function renderChecklistHtml(report: ChecklistReport): string {
  const total = report.sections.reduce((sum, section) => sum + section.items.length, 0);
  const title = `${report.ready ? "Production ready" : "Not ready"}: ${report.project}/${report.stack}`;
  const reasons =
    report.reasons.length > 0
      ? `<ul class="reasons">${report.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join("")}</ul>`
      : "";
  const legend = STATUSES.map(
    (status) => `<span style="${color(status)}">${STATUS_LABELS[status]}</span>`,
  ).join("");
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
<header class="banner ${report.ready ? "ready" : "not-ready"}">
<div class="banner-inner">
<h1 class="verdict" data-verdict="${report.verdict}"><span class="mark">${report.ready ? "✔" : "✘"}</span>${report.ready ? "Production ready" : "Not ready"}</h1>
<div class="meta"><code>${escapeHtml(report.project)}/${escapeHtml(report.stack)}</code> · ${total} checklist items · policy pack <code>${escapeHtml(report.policyPack.name)}@${escapeHtml(report.policyPack.version)}</code> · gate mode ${escapeHtml(report.mode)}</div>
${reasons}
</div>
</header>
<main>
<div class="cards">
${cards(report)}
</div>
${needsAction(report)}
<section class="panel" id="overview">
<h2>By section</h2>
<table class="overview">
${report.sections.map(overviewRow).join("\n")}
</table>
<div class="legend">${legend}</div>
</section>
${otherBlocking}
${report.sections.map(sectionPanel).join("\n")}
<footer>Computed by prodready from the checklist data (policies/checklist.ts) and one gate run; nothing is claimed by hand.</footer>
</main>
</body>
</html>
`;
}
