/**
 * Pack start-up: spawn to port printed, as the Pulumi CLI starts a pack, for our pack, awsguard
 * and the empty pack (the floor: Node + @pulumi/policy + @pulumi/pulumi). Runs are interleaved so
 * a noisy machine affects all three alike.
 */
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { PackName, PACKS } from "./packs";
import { median, ratio, table } from "./stats";

export async function startup(runs: number) {
  const samples: Record<PackName, number[]> = { prodready: [], awsguard: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(PACKS) as PackName[]) {
      const transport = await GrpcPackTransport.start(PACKS[name]);
      samples[name].push(transport.startMs);
      await transport.close();
    }
  }
  const m = (name: PackName) => median(samples[name]);
  const rows = (Object.keys(PACKS) as PackName[]).map((name) => ({
    pack: name,
    "median ms": Math.round(m(name)),
    "min ms": Math.round(Math.min(...samples[name])),
    "vs floor": ratio(m(name), m("floor")),
  }));
  return {
    rows,
    oursVsAwsguard: ratio(m("prodready"), m("awsguard")),
    oursVsFloor: ratio(m("prodready"), m("floor")),
  };
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  startup(runs).then(({ rows, oursVsAwsguard, oursVsFloor }) => {
    console.log(`Pack start-up (spawn to port), ${runs} interleaved runs\n`);
    console.log(table(rows));
    console.log(`\nours/awsguard ${oursVsAwsguard}, ours/floor ${oursVsFloor}`);
  });
}
