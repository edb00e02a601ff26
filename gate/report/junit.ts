/** JUnit XML: one test suite per policy, one case per policy × resource it judged (or the stack, for stack policies). */
import type { ReportModel, ReportedFinding } from "./model";

function xml(text: string): string {
  return text
    .replace(
      /[<>&"']/g,
      (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
    )
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

export interface JunitResource {
  urn: string;
  type: string;
  name: string;
}

export function renderJunit(model: ReportModel, resources: readonly JunitResource[]): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const policy of [...model.policies, ...model.gatePolicies]) {
    const findings = model.findings.filter((f) => f.policy === policy.name);
    const byUrn = new Map<string, ReportedFinding[]>();
    for (const f of findings) byUrn.set(f.urn, [...(byUrn.get(f.urn) ?? []), f]);
    const subjects: JunitResource[] =
      policy.kind === "stack"
        ? [
            { urn: "", type: "stack", name: `${model.project}/${model.stack}` },
            ...resources.filter((r) => byUrn.has(r.urn)),
          ]
        : resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const subject of subjects) {
      const own =
        policy.kind === "stack" && subject.urn === ""
          ? (byUrn.get("") ?? [])
          : (byUrn.get(subject.urn) ?? []);
      const name = xml(`${subject.type} ${subject.name}`);
      const failing = own.filter((f) => f.category === "violation" || f.category === "policy-error");
      const unverified = own.filter((f) => f.category === "unverified");
      let body = "";
      if (failing.length > 0) {
        failures++;
        const type = failing.some((f) => f.blocking) ? "mandatory" : "advisory";
        body = `<failure type="${type}" message="${xml(failing[0].message.split("\n")[0])}">${xml(failing.map((f) => `[${f.enforcementLevel}] ${f.message}`).join("\n"))}</failure>`;
      } else if (unverified.length > 0) {
        skipped++;
        body = `<skipped message="${xml(unverified[0].message)}"/>`;
      }
      cases.push(`    <testcase classname="${xml(policy.name)}" name="${name}">${body}</testcase>`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite name="${xml(policy.name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`${model.tool} ${model.project}/${model.stack} ${model.mode}`)}" tests="${totalTests}" failures="${totalFailures}" skipped="${totalSkipped}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}
