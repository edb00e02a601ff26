/**
 * Analyzer throughput on a synthetic stack: Analyze per resource + AnalyzeStack, as the engine
 * does, over gRPC to the spawned pack and into the pack's handlers in process. Prints resources/s
 * and the pack's peak memory. Usage: node gate/bin/register.js && ts: see package.json "bench".
 */
import * as path from "path";
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { InProcessPackTransport } from "../gate/analyzer/in-process-transport";
import { runAnalysis } from "../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../gate/engine/policy-config";
import type { StackContext } from "../gate/engine/types";
import { median, peakRssMb, table } from "./stats";
import { syntheticStack } from "./synthetic";

const PACK = path.resolve(__dirname, "../policies");
const context: StackContext = { project: "synthetic", stack: "bench", organization: "org", dryRun: true, config: {}, configSecretKeys: [], tags: {} };

export async function throughput(packDir: string, sizes: number[], runs: number, inProcess: boolean) {
  const rows: Array<Record<string, string | number>> = [];
  const policyConfig = parsePolicyConfigDocument({ all: "mandatory" });
  for (const size of sizes) {
    const resources = syntheticStack(size);
    const grpcRates: number[] = [];
    let memory: number | undefined;
    let findings = 0;
    for (let run = 0; run < runs; run++) {
      const transport = await GrpcPackTransport.start(packDir);
      const started = process.hrtime.bigint();
      const result = await runAnalysis(transport, { context, resources, policyConfig });
      grpcRates.push(size / (Number(process.hrtime.bigint() - started) / 1e9));
      findings = result.findings.length;
      memory = Math.max(memory ?? 0, peakRssMb(transport.pid!) ?? 0);
      await transport.close();
    }
    const row: Record<string, string | number> = { resources: size, "gRPC resources/s (median)": Math.round(median(grpcRates)), "pack peak RSS MB": memory ? Math.round(memory) : "n/a", findings };
    if (inProcess) {
      const transport = InProcessPackTransport.load(packDir);
      const rates: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = process.hrtime.bigint();
        await runAnalysis(transport, { context, resources, policyConfig });
        rates.push(size / (Number(process.hrtime.bigint() - started) / 1e9));
      }
      row["in-process resources/s (median)"] = Math.round(median(rates));
    }
    rows.push(row);
  }
  return rows;
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  throughput(PACK, [1000, 10000], runs, true).then((rows) => {
    console.log(`Analyzer throughput, production-readiness pack, all policies mandatory, ${runs} runs each (median)\n`);
    console.log(table(rows));
  });
}
