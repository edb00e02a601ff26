/**
 * What policies/lib/sdk-fast-path.ts buys: the pack's CPU time per analysis with and without it.
 * In process, the SDK's deserializeProperties is swapped between the original and the fast path's
 * between interleaved runs (same process, same JIT state). Over gRPC, the pack is spawned from a
 * temporary entry that loads the fast path or not, and its CPU time is read from /proc. Every
 * policy mandatory; each pair of runs must give the same findings.
 *
 *   node -r ./gate/bin/register.js bench/sdk-fast-path.ts      (BENCH_RUNS, default 10)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { InProcessPackTransport } from "../gate/analyzer/in-process-transport";
import { AnalysisResult, runAnalysis } from "../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../gate/engine/policy-config";
import type { EngineResource, StackContext } from "../gate/engine/types";
import { captureStack, editedResources } from "../test/helpers/program";
import { PACKS } from "./packs";
import { median, table } from "./stats";
import { syntheticStack } from "./synthetic";

const PACK = PACKS.prodready;
const policyConfig = parsePolicyConfigDocument({ all: "mandatory" });
const context: StackContext = {
  project: "bench",
  stack: "bench",
  organization: "org",
  dryRun: false,
  config: {},
  configSecretKeys: [],
  tags: {},
};
const fingerprint = (result: AnalysisResult) =>
  result.findings
    .map((f) => `${f.policyName}|${f.urn}|${f.category}|${f.message}`)
    .sort()
    .join("\n");

type Case = [name: string, resources: EngineResource[], analysesPerRun: number];

async function inProcess(cases: Case[], runs: number) {
  const deserialize = require(require.resolve("@pulumi/policy/deserialize", { paths: [PACK] }));
  const transport = InProcessPackTransport.load(PACK, "index.ts");
  const { sdkFastPath } = require(path.join(PACK, "lib/sdk-fast-path.ts"));
  if (!sdkFastPath) throw new Error("the fast path is not installed in this process");
  const rows = [];
  for (const [name, resources, repeat] of cases) {
    const cpu: Record<"with" | "without", number[]> = { with: [], without: [] };
    const seen = new Set<string>();
    try {
      for (let run = -1; run < runs; run++) {
        for (const mode of ["with", "without"] as const) {
          deserialize.deserializeProperties = mode === "with" ? sdkFastPath.shared : sdkFastPath.original;
          const started = process.cpuUsage();
          for (let i = 0; i < repeat; i++)
            seen.add(fingerprint(await runAnalysis(transport, { context, resources, policyConfig })));
          const used = process.cpuUsage(started);
          if (run >= 0) cpu[mode].push((used.user + used.system) / 1e6); // run -1 warms up
        }
      }
    } finally {
      deserialize.deserializeProperties = sdkFastPath.shared;
    }
    rows.push(row(`${name}, in process, ${repeat} analyses a run`, cpu, seen.size === 1));
  }
  return rows;
}

function row(name: string, cpu: Record<"with" | "without", number[]>, same: boolean) {
  return {
    case: name,
    "CPU s with (median)": median(cpu.with).toFixed(2),
    "CPU s without (median)": median(cpu.without).toFixed(2),
    "without/with": (median(cpu.without) / median(cpu.with)).toFixed(2),
    "same findings": same ? "yes" : "NO",
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU seconds a process has used, from /proc (Linux). */
function processCpu(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function overGrpc(cases: Case[], runs: number) {
  const entry = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fast-path-")), "entry.js");
  fs.writeFileSync(
    entry,
    [
      `require(${JSON.stringify(path.resolve(__dirname, "../gate/bin/register.js"))});`,
      `if (process.env.FAST_PATH === "1") require(${JSON.stringify(path.join(PACK, "lib/sdk-fast-path.ts"))});`,
      `const { PolicyPack } = require(require.resolve("@pulumi/policy", { paths: [${JSON.stringify(PACK)}] }));`,
      `const { PACK_NAME, packArgs } = require(${JSON.stringify(path.join(PACK, "pack.ts"))});`,
      "new PolicyPack(PACK_NAME, packArgs);",
    ].join("\n"),
  );
  const rows = [];
  for (const [name, resources] of cases) {
    const cpu: Record<"with" | "without", number[]> = { with: [], without: [] };
    const seen = new Set<string>();
    for (let run = 0; run < runs; run++) {
      for (const mode of ["with", "without"] as const) {
        const transport = await GrpcPackTransport.start(PACK, {
          entry,
          nodeArgs: [],
          env: { FAST_PATH: mode === "with" ? "1" : "0" },
        });
        try {
          const before = processCpu(transport.pid!);
          seen.add(fingerprint(await runAnalysis(transport, { context, resources, policyConfig })));
          cpu[mode].push(processCpu(transport.pid!) - before);
        } finally {
          await transport.close();
        }
      }
    }
    rows.push(row(`${name}, pack over gRPC`, cpu, seen.size === 1));
  }
  return rows;
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  const production = editedResources(await captureStack("production", "deploy"));
  const cases: Case[] = [
    [`production stack (${production.length} resources)`, production, 5],
    ["synthetic 2000", syntheticStack(2000), 1],
  ];
  console.log(
    `sdk-fast-path: ${runs} interleaved runs, node ${process.version}, ${os.cpus().length} cores\n`,
  );
  console.log(table([...(await inProcess(cases, runs)), ...(await overGrpc(cases, Math.ceil(runs / 2)))]));
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
