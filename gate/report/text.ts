/** Text output, laid out like the policy section of `pulumi preview`. */
import * as path from "path";
import type { ReportModel, ReportedFinding } from "./model";
import { terminalLine, terminalLines } from "./escape";

function label(f: ReportedFinding): string {
  if (f.category === "unverified") return "unverified";
  if (f.category === "exempt") return "exempt";
  if (f.category === "policy-error") return `policy error, ${f.enforcementLevel}`;
  return f.enforcementLevel;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the pack could judge, said plainly when it is nothing: a pass that checked nothing is no assurance. */
export function recognisedNote(model: ReportModel): string | undefined {
  const { resources, recognised } = model.summary;
  if (recognised !== 0 || resources === 0) return undefined;
  return `none of the ${plural(resources, "resource", "resources")} is of a type this pack judges: the gate saw nothing it can check`;
}

function recognisedPart(model: ReportModel): string {
  const { recognised } = model.summary;
  return recognised === null
    ? "the pack does not say which types it judges"
    : `${recognised} of a type the pack judges`;
}

/** The profile a run used and what chose it: `production (prodready:profile)`. */
export function profileLabel(model: Pick<ReportModel, "policyConfig">): string {
  const { profile, file, source } = model.policyConfig;
  if (profile) return `${profile} (${source})`;
  if (file) return `${path.basename(file)} (${source})`;
  return "none (the pack's own levels)";
}

function verdict(model: ReportModel): string {
  const s = model.summary;
  if (model.passed)
    return `PASS: no mandatory violation${model.strictUnknowns ? " and nothing unverified" : ""}`;
  return `FAIL: ${s.mandatory > 0 ? plural(s.mandatory, "mandatory violation", "mandatory violations") : `${s.unverified} unverified checks (--strict-unknowns)`}`;
}

export function renderText(model: ReportModel): string {
  const lines: string[] = [];
  lines.push(terminalLine(`Policies (${model.project}/${model.stack}, ${model.mode}):`));
  const mark = model.passed ? "✅" : "❌";
  lines.push(
    `    ${mark} ${terminalLine(`${model.policyPack.name}@v${model.policyPack.version}`)}, profile ${terminalLine(profileLabel(model))}`,
  );
  const byPolicy = new Map<string, ReportedFinding[]>();
  for (const f of model.findings) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f]);
  const order = (fs: ReportedFinding[]) =>
    fs.some((f) => f.blocking) ? 0 : fs.some((f) => f.category === "violation") ? 1 : 2;
  const policies = [...byPolicy.entries()].sort(
    (a, b) => order(a[1]) - order(b[1]) || a[0].localeCompare(b[0]),
  );
  for (const [policy, findings] of policies) {
    lines.push(`        - [${label(findings[0])}]  ${terminalLine(policy)}`);
    lines.push(`          ${terminalLine(findings[0].description)}`);
    for (const f of findings) {
      const where = f.source ? `  ${terminalLine(f.source.file)}:${f.source.line}` : "";
      const modes = model.mode === "both" ? ` (${f.modes.join(", ")})` : "";
      const subject = f.resourceType ? terminalLine(`${f.resourceType} ${f.resourceName}`) : "stack";
      lines.push(`          ${subject}${where}${modes}  [${label(f)}]`);
      // A message may span lines; each is indented under its finding, so none can pass for a line of the report.
      for (const messageLine of terminalLines(f.message)) lines.push(`            ${messageLine}`);
    }
  }
  const s = model.summary;
  lines.push("");
  lines.push("Summary:");
  lines.push(
    `    ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.unverified} ${model.unverifiedLabel}, ${s.exempt} exempt, ${s.policyErrors} policy errors`,
  );
  lines.push(
    `    ${s.resources} resources analysed (${recognisedPart(model)}), ${s.notApplicable} policy checks not applicable, ${s.remediations} remediations applied`,
  );
  const note = recognisedNote(model);
  if (note) lines.push(`    ${note[0].toUpperCase()}${note.slice(1)}.`);
  lines.push(`    ${verdict(model)}`);
  return `${lines.join("\n")}\n`;
}

/** The one line stderr carries when the report goes to a file: the verdict, the counts, and where the report is. */
export function renderSummaryLine(model: ReportModel, file: string): string {
  const s = model.summary;
  const counts = `${s.mandatory} mandatory, ${s.advisory} advisory, ${s.unverified} ${model.unverifiedLabel}, ${s.exempt} exempt, ${s.policyErrors} policy errors`;
  const seen = recognisedNote(model) ?? `${s.resources} resources, ${recognisedPart(model)}`;
  return (
    terminalLine(
      `prodready ${model.mode === "audit" ? "audit" : "gate"}: ${model.project}/${model.stack} (${model.mode}) ${verdict(model)} (${counts}; ${seen}); report written to ${file}`,
    ) + "\n"
  );
}
