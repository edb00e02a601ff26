/**
 * `npm run bench`: every benchmark, medians over several interleaved runs, ratios against a
 * baseline measured in the same invocation (the machine is shared: absolute numbers drift, ratios
 * hold). BENCH_RUNS sets the runs (default 3).
 */
import { startup } from "./startup";
import { throughput } from "./throughput";
import { gateEndToEnd } from "./gate-e2e";
import { coverage } from "./coverage";
import { table } from "./stats";

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const only = new Set((process.env.BENCH_ONLY ?? "startup,throughput,gate,coverage").split(","));
  console.log(
    `prodready benchmarks, ${runs} runs each, node ${process.version}, ${require("os").cpus().length} cores\n`,
  );
  if (only.has("startup")) {
    const result = await startup(Math.max(runs, 5));
    console.log("## 1. Pack start-up (spawn to port printed)\n");
    console.log(table(result.rows));
    console.log(`\nours/awsguard ${result.oursVsAwsguard}, ours/floor ${result.oursVsFloor}\n`);
  }
  if (only.has("throughput")) {
    console.log("## 2. Per-resource cost (synthetic stack, gRPC, Analyze per resource + AnalyzeStack)\n");
    console.log(table(await throughput([1000, 10000], runs)));
    console.log();
  }
  if (only.has("gate")) {
    console.log("## 3. Gate end to end on the production stack\n");
    console.log(table(gateEndToEnd(runs)));
    console.log();
  }
  if (only.has("coverage")) {
    const rows = await coverage();
    console.log("## 4. Coverage of the broken variants (every policy mandatory in both packs)\n");
    console.log(table(rows));
    const count = (pack: "prodready" | "awsguard") => rows.filter((r) => r[pack].startsWith("yes")).length;
    console.log(
      `\nflagged: prodready ${count("prodready")}/${rows.length}, awsguard ${count("awsguard")}/${rows.length}`,
    );
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
