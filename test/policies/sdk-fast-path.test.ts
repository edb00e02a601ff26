/**
 * policies/lib/sdk-fast-path.ts patches an internal of @pulumi/policy. These tests fail the day an
 * SDK upgrade breaks what it relies on (the function it replaces, that the server reads it at call
 * time, that one request's Struct is handed to every policy), and show that the pack's results are
 * the same with and without it.
 */
import * as path from "path";
import type { AnalysisResult } from "../../gate/analyzer/session";
import { syntheticStack } from "../../bench/synthetic";
import { analyze, analyzeResources, nodeRequire, pack, PACK_DIR } from "../helpers/pack";
import { oddResources } from "./pack-inputs";

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

let deserialize: { deserializeProperties: Deserialize };
let fastPath: { original: Deserialize; shared: Deserialize };

beforeAll(() => {
  pack();
  deserialize = nodeRequire(require.resolve("@pulumi/policy/deserialize", { paths: [PACK_DIR] }));
  fastPath = nodeRequire(path.join(PACK_DIR, "lib/sdk-fast-path.ts")).sdkFastPath;
});

/** Runs `fn` with the SDK's deserializeProperties replaced, and puts the pack's back afterwards. */
async function withDeserializer<T>(replacement: Deserialize, fn: () => Promise<T>): Promise<T> {
  deserialize.deserializeProperties = replacement;
  try {
    return await fn();
  } finally {
    deserialize.deserializeProperties = fastPath.shared;
  }
}

/** What the gate reports of an analysis, in a stable order (requests run concurrently). */
const comparable = (result: AnalysisResult) => ({
  findings: result.findings.map((finding) => JSON.stringify(finding)).sort(),
  remediations: result.remediations.map((remediation) => JSON.stringify(remediation)).sort(),
  notApplicable: result.notApplicable,
});

describe("sdk-fast-path", () => {
  it("finds the SDK function it replaces, deserializeProperties(struct, proxySecrets), and installs itself there", () => {
    expect(fastPath).toBeDefined();
    expect(typeof fastPath.original).toBe("function");
    expect(fastPath.original.length).toBe(2);
    expect(deserialize.deserializeProperties).toBe(fastPath.shared);
  });

  it("is called by the SDK's server at analysis time, with one Struct per resource shared by every policy", async () => {
    const structs: object[] = [];
    const specs = oddResources(0);
    await withDeserializer(
      (struct, proxySecrets) => {
        if (!proxySecrets) structs.push(struct);
        return fastPath.shared(struct, proxySecrets);
      },
      () => analyze(specs),
    );
    // Analyze asks once per policy for each resource, AnalyzeStack once per stack policy: many more
    // calls than resources, over a few distinct Structs (one per resource and request) that the cache serves.
    expect(structs.length).toBeGreaterThan(specs.length * 10);
    expect(new Set(structs).size).toBeLessThanOrEqual(specs.length * 2);
  });

  it.each([
    ["every type with odd values, at preview", true, "mandatory"],
    ["every type with odd values, at deploy, remediating", false, "remediate"],
  ])("changes no result: %s", async (_case, dryRun, level) => {
    const config = { all: level };
    const specs = oddResources(dryRun ? 1 : 4);
    const withIt = await analyze(specs, { dryRun, config });
    const without = await withDeserializer(fastPath.original, () => analyze(specs, { dryRun, config }));
    expect(comparable(without)).toEqual(comparable(withIt));
    expect(withIt.findings.length).toBeGreaterThan(30);
  });

  it("changes no result on a stack with joins between resources", async () => {
    const run = () => analyzeResources(syntheticStack(40), { project: "synthetic", dryRun: false });
    const withIt = await run();
    const without = await withDeserializer(fastPath.original, run);
    expect(comparable(without)).toEqual(comparable(withIt));
    expect(withIt.findings.filter((f) => f.category === "violation").length).toBeGreaterThan(10);
  });
});
