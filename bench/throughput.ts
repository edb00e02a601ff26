/**
 * Per-resource cost: the same synthetic stack analysed by each pack through the gate's analyzer
 * over gRPC (Analyze per resource, then AnalyzeStack, as the engine does; Remediate is skipped for
 * both since no policy is at remediate level), every policy mandatory. Also our pack in process.
 */
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { InProcessPackTransport } from "../gate/analyzer/in-process-transport";
import { AnalysisResult, runAnalysis } from "../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../gate/engine/policy-config";
import type { EngineResource, StackContext } from "../gate/engine/types";
import { PackName, PACKS } from "./packs";
import { median, peakRssMb, ratio, table } from "./stats";
import { syntheticStack } from "./synthetic";

const context: StackContext = {
  project: "synthetic",
  stack: "bench",
  organization: "org",
  dryRun: true,
  config: {},
  configSecretKeys: [],
  tags: {},
};
const policyConfig = parsePolicyConfigDocument({ all: "mandatory" });

interface Sample {
  rate: number;
  rssMb?: number;
  result: AnalysisResult;
}

async function overGrpc(pack: PackName, resources: EngineResource[]): Promise<Sample> {
  const transport = await GrpcPackTransport.start(PACKS[pack]);
  try {
    const started = process.hrtime.bigint();
    const result = await runAnalysis(transport, { context, resources, policyConfig });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rate: resources.length / seconds, rssMb: peakRssMb(transport.pid!), result };
  } finally {
    await transport.close();
  }
}

export async function throughput(
  sizes: number[],
  runs: number,
  packs: PackName[] = ["prodready", "awsguard", "floor"],
) {
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    const resources = syntheticStack(size);
    const samples: Partial<Record<PackName, Sample[]>> = {};
    for (let run = 0; run < runs; run++) {
      for (const pack of packs) (samples[pack] ??= []).push(await overGrpc(pack, resources));
    }
    const rate = (pack: PackName) => median(samples[pack]!.map((s) => s.rate));
    for (const pack of packs) {
      const last = samples[pack]![samples[pack]!.length - 1].result;
      rows.push({
        resources: size,
        pack,
        policies: last.pack.policies.length,
        "resources/s (gRPC, median)": Math.round(rate(pack)),
        "vs ours": ratio(rate(pack), rate("prodready")),
        "peak RSS MB": Math.round(Math.max(...samples[pack]!.map((s) => s.rssMb ?? 0))),
        findings: last.findings.filter((f) => f.category === "violation").length,
      });
    }
    const inProcess = InProcessPackTransport.load(PACKS.prodready);
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = process.hrtime.bigint();
      await runAnalysis(inProcess, { context, resources, policyConfig });
      rates.push(size / (Number(process.hrtime.bigint() - started) / 1e9));
    }
    rows.push({
      resources: size,
      pack: "prodready in process",
      policies: "",
      "resources/s (gRPC, median)": `${Math.round(median(rates))} (in process)`,
      "vs ours": ratio(median(rates), rate("prodready")),
      "peak RSS MB": "",
      findings: "",
    });
  }
  return rows;
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
  throughput(sizes, runs).then((rows) => {
    console.log(
      `Analyzer throughput on a synthetic stack, every policy mandatory, ${runs} interleaved runs (median)\n`,
    );
    console.log(table(rows));
  });
}
