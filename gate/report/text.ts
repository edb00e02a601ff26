/** Text output, laid out like the policy section of `pulumi preview`. */
import type { ReportModel, ReportedFinding } from "./model";

function label(f: ReportedFinding): string {
  if (f.category === "unverified") return "unverified";
  if (f.category === "exempt") return "exempt";
  if (f.category === "policy-error") return `policy error, ${f.enforcementLevel}`;
  return f.enforcementLevel;
}

export function renderText(model: ReportModel): string {
  const lines: string[] = [];
  lines.push(`Policies (${model.project}/${model.stack}, ${model.mode}):`);
  const mark = model.passed ? "✅" : "❌";
  lines.push(`    ${mark} ${model.policyPack.name}@v${model.policyPack.version}`);
  const byPolicy = new Map<string, ReportedFinding[]>();
  for (const f of model.findings) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f]);
  const order = (fs: ReportedFinding[]) =>
    fs.some((f) => f.blocking) ? 0 : fs.some((f) => f.category === "violation") ? 1 : 2;
  const policies = [...byPolicy.entries()].sort(
    (a, b) => order(a[1]) - order(b[1]) || a[0].localeCompare(b[0]),
  );
  for (const [policy, findings] of policies) {
    lines.push(`        - [${label(findings[0])}]  ${policy}`);
    lines.push(`          ${findings[0].description}`);
    for (const f of findings) {
      const where = f.source ? `  ${f.source.file}:${f.source.line}` : "";
      const modes = model.mode === "both" ? ` (${f.modes.join(", ")})` : "";
      lines.push(
        `          ${f.resourceType ? `${f.resourceType} ${f.resourceName}` : "stack"}${where}${modes}  [${label(f)}]`,
      );
      for (const messageLine of f.message.split("\n")) lines.push(`            ${messageLine}`);
    }
  }
  const s = model.summary;
  lines.push("");
  lines.push("Summary:");
  lines.push(
    `    ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.unverified} unverified at preview, ${s.exempt} exempt, ${s.policyErrors} policy errors`,
  );
  lines.push(
    `    ${s.resources} resources analysed, ${s.notApplicable} policy checks not applicable, ${s.remediations} remediations applied`,
  );
  lines.push(
    model.passed
      ? `    PASS: no mandatory violation${model.strictUnknowns ? " and nothing unverified" : ""}`
      : `    FAIL: ${s.mandatory > 0 ? `${s.mandatory} mandatory violation${s.mandatory === 1 ? "" : "s"}` : `${s.unverified} unverified checks (--strict-unknowns)`}`,
  );
  return `${lines.join("\n")}\n`;
}
