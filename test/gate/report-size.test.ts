/**
 * The size of every format on our production stack (preview and deploy), so that a reporter that
 * starts writing per resource, or per policy and resource, is caught. The bounds are linear in the
 * findings a person acts on, and JUnit's in the resources (a case per policy and applicable
 * resource; per policy x resource pair it was 3,620 cases here).
 */
import { XMLParser } from "fast-xml-parser";
import { render } from "../../gate/cli";
import { GateReport } from "../../gate/run";
import { buildModel, judgedTypesOf } from "../../gate/report/model";
import { applicableResources } from "../../gate/report/junit";
import { gateInProcess } from "../helpers/cli";
import { REPO } from "../helpers/program";

describe("report sizes on the production stack", () => {
  let report: GateReport;
  let findings: number;
  let resources: number;
  let policies: number;
  beforeAll(async () => {
    report = await gateInProcess(REPO, { stack: "production" });
    const model = buildModel(report);
    findings = model.findings.length;
    resources = model.summary.resources;
    policies = model.policies.length + model.gatePolicies.length;
    expect(resources).toBeGreaterThan(150);
    expect(policies).toBeGreaterThan(30);
  });

  it("junit: at most 2 cases per resource in all (one per policy and resource it applies to)", () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(render(report, "junit"));
    const suites = [parsed.testsuites.testsuite].flat();
    const cases = suites.reduce((sum: number, s: any) => sum + [s.testcase ?? []].flat().length, 0);
    expect(Number(parsed.testsuites["@_tests"])).toBe(cases);
    expect(cases).toBeLessThanOrEqual(2 * resources);
    const model = buildModel(report);
    // Each suite: the resources of the policy's types and its findings, plus the stack where needed.
    for (const suite of suites) {
      const count = [suite.testcase ?? []].flat().length;
      expect(count).toBeLessThanOrEqual(applicableResources(model, suite["@_name"]).length + 1);
    }
    // A policy that names its types is judged on those resources only, never on all of them.
    for (const policy of model.policies.filter(
      (p) => judgedTypesOf(p).length > 0 && !judgedTypesOf(p).includes("*"),
    ))
      expect(applicableResources(model, policy.name).length).toBeLessThan(resources / 2);
  });

  it("sarif: one result per finding, rules only from the pack and the gate", () => {
    const run = JSON.parse(render(report, "sarif")).runs[0];
    expect(run.results).toHaveLength(findings);
    expect(run.tool.driver.rules).toHaveLength(policies);
    expect(findings).toBeLessThanOrEqual(50);
  });

  it("json: one violation per finding, under 32 KB", () => {
    const json = render(report, "json");
    expect(JSON.parse(json).violations).toHaveLength(findings);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(32 * 1024);
  });

  it("text and markdown: lines linear in the findings, not in the resources", () => {
    const text = render(report, "text").split("\n").length;
    const markdown = render(report, "markdown").split("\n").length;
    // Text: a header, two lines per policy with findings, a line and the message per finding, the summary.
    expect(text).toBeLessThanOrEqual(12 + 5 * findings);
    // Markdown: the verdict and counts, then a table row per finding in at most three groups.
    expect(markdown).toBeLessThanOrEqual(35 + 2 * findings);
  });
});
