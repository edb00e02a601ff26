/**
 * The two transports are held to the same results, and the spawned pack never outlives a failure.
 */
import * as path from "path";
import { GrpcPackTransport } from "../../gate/analyzer/grpc-transport";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import type { StackContext } from "../../gate/engine/types";
import { FIXTURES } from "../helpers/cli";
import { PACK_DIR, secret, toEngineResources, UNKNOWN, ResourceSpec } from "../helpers/pack";

const context: StackContext = {
  project: "prodready",
  stack: "test",
  organization: "org",
  dryRun: true,
  config: {},
  configSecretKeys: [],
  tags: {},
};

/** A small stack with violations, unknowns, secrets and joins across many policy areas. */
const specs: ResourceSpec[] = [
  {
    type: "aws:rds/instance:Instance",
    name: "db",
    props: {
      engine: "postgres",
      backupRetentionPeriod: 1,
      publiclyAccessible: true,
      password: secret("hunter2hunter2"),
      parameterGroupName: UNKNOWN,
    },
  },
  {
    type: "aws:rds/cluster:Cluster",
    name: "aurora",
    props: { engine: "aurora-postgresql", backupRetentionPeriod: UNKNOWN, storageEncrypted: false },
  },
  { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", props: { retentionInDays: 1 } },
  {
    type: "aws:lb/listener:Listener",
    name: "http",
    props: { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward" }] },
  },
  { type: "aws:s3/bucket:Bucket", name: "media", props: {} },
  {
    type: "aws:ecs/taskDefinition:TaskDefinition",
    name: "task",
    props: {
      containerDefinitions: JSON.stringify([
        { name: "django", image: "django:1", environment: [{ name: "DEBUG", value: "True" }] },
      ]),
    },
  },
];

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

describe("analyzer transports", () => {
  it("gives identical diagnostics in process and over gRPC", async () => {
    const input = {
      context,
      resources: toEngineResources(specs),
      policyConfig: parsePolicyConfigDocument({ all: "mandatory" }),
    };
    const inProcess = await runAnalysis(InProcessPackTransport.load(PACK_DIR, "index.ts"), input);
    const grpc = await GrpcPackTransport.start(PACK_DIR);
    try {
      const overGrpc = await runAnalysis(grpc, input);
      expect(overGrpc.findings).toEqual(inProcess.findings);
      expect(overGrpc.notApplicable).toBe(inProcess.notApplicable);
      expect(overGrpc.pack).toEqual(inProcess.pack);
      expect(inProcess.findings.length).toBeGreaterThan(3);
    } finally {
      await grpc.close();
    }
  });

  it("reports a pack killed mid-run as a pack failure and leaves no process behind", async () => {
    const grpc = await GrpcPackTransport.start(PACK_DIR);
    const pid = grpc.pid!;
    const many = toEngineResources(
      Array.from({ length: 3000 }, (_, i) => ({ ...specs[i % specs.length], name: `r${i}` })),
    );
    const run = runAnalysis(grpc, { context, resources: many });
    setTimeout(() => process.kill(pid, "SIGKILL"), 150);
    await expect(run).rejects.toThrow(/the policy pack exited during analysis \(SIGKILL\)/);
    await grpc.close();
    expect(await waitFor(() => !processAlive(pid))).toBe(true);
  });

  it("reports a pack that exits by itself during Analyze, and reaps it", async () => {
    const crashing = path.join(FIXTURES, "packs/crashing");
    const grpc = await GrpcPackTransport.start(crashing);
    const pid = grpc.pid!;
    await expect(runAnalysis(grpc, { context, resources: toEngineResources(specs) })).rejects.toThrow(
      /the policy pack exited during analysis \(code 3\)/,
    );
    await grpc.close();
    expect(await waitFor(() => !processAlive(pid))).toBe(true);
  });
});
