/**
 * The IAM, Lambda and API Gateway policies on a program of their own shape (issue 14): an invoices API
 * on Lambda behind an HTTP API and a REST API with DynamoDB (test/fixtures/programs/estate-serverless).
 * Compliant, it has no finding under the production and org-baseline profiles, at preview and deploy;
 * with every defect its stack config can introduce, each defect is caught by its policy on its resource.
 * Three captures in all, shared by the cases.
 */
import * as fs from "fs";
import * as path from "path";
import { runCapture } from "../../gate/capture";
import { loadProject, loadStackConfig, programLoading } from "../../gate/capture/project";
import { buildEngineView } from "../../gate/engine/view";
import { AnalysisResult, runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { FIXTURES } from "../helpers/cli";
import { PACK_DIR } from "../helpers/pack";

const PROGRAM = path.join(FIXTURES, "programs", "estate-serverless");
/** The date runtimes are judged against, so the fixture's verdict does not move with the calendar. */
const AS_OF = "2026-12-02";

/** [defect set in `invoices-api:defects`, the policy that catches it, the resource it reports on] */
const DEFECTS: Array<[string, string, string]> = [
  ["wildcard-policy", "iam-least-privilege", "invoices-fn-table"],
  ["admin-attached", "iam-workload-admin-policies", "invoices-fn"],
  ["public-url", "lambda-function-url-auth", "invoices-webhook"],
  ["open-permission", "lambda-permission-scoped", "invoices-anyone"],
  ["no-log-group", "lambda-log-retention", "invoices"],
  ["old-runtime", "lambda-runtime-supported", "invoices"],
  ["no-access-log", "apigateway-access-logging", "invoices-http"],
  ["no-throttling", "apigateway-throttling", "invoices-partners-v1"],
  ["no-waf", "apigateway-waf", "invoices-partners-v1"],
];

type Mode = "preview" | "deploy";

async function capture(mode: Mode, defects: string[] = []) {
  const project = loadProject(PROGRAM, "prod");
  const config = loadStackConfig(project, {
    config: [`invoices-api:defects=${defects.join(",")}`],
    secrets: [],
  });
  const { registrations } = await runCapture({
    ...programLoading(project),
    projectDir: project.dir,
    project: project.name,
    stack: "prod",
    organization: "organization",
    preview: mode === "preview",
    config: config.values,
    secretKeys: config.secretKeys,
  }).result;
  const resources = buildEngineView(registrations, {
    project: project.name,
    stack: "prod",
    config: config.values,
    preview: mode === "preview",
  });
  return { mode, resources, config: config.values };
}

/** The profile as published, with the runtime judging date pinned. */
function profile(name: string) {
  const document = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8"));
  document["lambda-runtime-supported"] = { ...document["lambda-runtime-supported"], asOf: AS_OF };
  return parsePolicyConfigDocument(document);
}

async function analyze(
  captured: Awaited<ReturnType<typeof capture>>,
  profileName: string,
): Promise<AnalysisResult> {
  return runAnalysis(InProcessPackTransport.load(PACK_DIR, "index.ts"), {
    context: {
      project: "invoices-api",
      stack: "prod",
      organization: "organization",
      dryRun: captured.mode === "preview",
      config: captured.config,
      configSecretKeys: [],
      tags: {},
    },
    resources: captured.resources,
    policyConfig: profile(profileName),
  });
}

const findings = (result: AnalysisResult) =>
  result.findings.map((f) => `${f.category}/${f.enforcementLevel} ${f.policyName} ${f.resourceName}`).sort();

const captures: Record<string, Awaited<ReturnType<typeof capture>>> = {};

beforeAll(async () => {
  [captures.preview, captures.deploy, captures.broken] = await Promise.all([
    capture("preview"),
    capture("deploy"),
    capture(
      "preview",
      DEFECTS.map(([defect]) => defect),
    ),
  ]);
}, 180_000);

describe("the estate-serverless program (Lambda, HTTP and REST API Gateway, DynamoDB)", () => {
  it.each([
    ["production", "preview"],
    ["production", "deploy"],
    ["org-baseline", "preview"],
    ["org-baseline", "deploy"],
  ])("has no finding under %s at %s", async (profileName, mode) => {
    const result = await analyze(captures[mode], profileName);
    expect(findings(result)).toEqual([]);
    // The policies under test did judge it: the types they route are in the program.
    expect(result.resourcesAnalyzed).toBeGreaterThan(25);
  });

  it("catches each defect with its policy, on its resource, and nothing else", async () => {
    const result = await analyze(captures.broken, "production");
    expect(findings(result)).toEqual(
      DEFECTS.map(([, policy, resource]) => `violation/mandatory ${policy} ${resource}`).sort(),
    );
  });

  it("keeps the WAF association advisory under the org baseline", async () => {
    const result = await analyze(captures.broken, "org-baseline");
    expect(findings(result).filter((f) => f.includes("apigateway-waf"))).toEqual([
      "violation/advisory apigateway-waf invoices-partners-v1",
    ]);
  });
});
