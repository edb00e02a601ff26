/**
 * JUnit XML: one test suite per policy, one test case per resource the policy applies to: the
 * resources of the types it judges (its `type:` tags) and any resource it reported a finding on.
 * A policy that does not name its types, and every stack policy, also gets one case for the stack.
 */
import { ANY_TYPE, type ReportedResource, type ReportModel, type ReportedFinding } from "./model";

function xml(text: string): string {
  return text
    .replace(
      /[<>&"']/g,
      (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
    )
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The resources a policy is judged on, in registration order. */
export function applicableResources(model: ReportModel, policy: string): ReportedResource[] {
  const types = model.judgedTypes[policy] ?? [];
  const any = types.includes(ANY_TYPE);
  const judged = new Set(types);
  const reported = new Set(model.findings.filter((f) => f.policy === policy).map((f) => f.urn));
  return model.resources.filter(
    (r) => reported.has(r.urn) || (r.type !== ROOT_STACK_TYPE && (any || judged.has(r.type))),
  );
}

export function renderJunit(model: ReportModel): string {
  const suites: string[] = [];
  const known = new Set(model.resources.map((r) => r.urn));
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const policy of [...model.policies, ...model.gatePolicies]) {
    const findings = model.findings.filter((f) => f.policy === policy.name);
    const byUrn = new Map<string, ReportedFinding[]>();
    for (const f of findings) {
      // A finding on no resource the gate listed is the stack's (stack policies report some on the stack itself).
      const urn = known.has(f.urn) ? f.urn : "";
      byUrn.set(urn, [...(byUrn.get(urn) ?? []), f]);
    }
    const stackCase =
      policy.kind === "stack" || model.judgedTypes[policy.name] === undefined || byUrn.has("");
    const subjects: ReportedResource[] = [
      ...(stackCase ? [{ urn: "", type: "stack", name: `${model.project}/${model.stack}` }] : []),
      ...applicableResources(model, policy.name),
    ];
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const subject of subjects) {
      const own = byUrn.get(subject.urn) ?? [];
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
      `  <testsuite name="${xml(policy.name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0">${cases.length > 0 ? `\n${cases.join("\n")}\n  ` : ""}</testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`${model.tool} ${model.project}/${model.stack} ${model.mode}`)}" tests="${totalTests}" failures="${totalFailures}" skipped="${totalSkipped}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}
