/**
 * The gate end to end on the production stack, each mode, against the floor: the two costs no
 * gate can avoid, run in parallel as the gate runs them (Node starting with @pulumi/pulumi loaded,
 * and a pack process starting). Wall time and the peak RSS of the largest process, via GNU time.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { median, ratio, table } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const TIME = "/usr/bin/time";

function timed(command: string, args: string[]): { seconds: number; peakMb: number; code: number | null } {
  const started = process.hrtime.bigint();
  const run = spawnSync(TIME, ["-f", "%M", command, ...args], { cwd: ROOT, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = run.stderr.trim().split("\n");
  return { seconds, peakMb: Number(lines[lines.length - 1]) / 1024, code: run.status };
}

/** Node with @pulumi/pulumi loaded, and the empty pack started to its port, concurrently. */
const FLOOR = `
const { spawn } = require("child_process");
const started = Date.now();
const sdk = spawn(process.execPath, ["-e", "require('@pulumi/pulumi')"], { stdio: "ignore" });
const pack = spawn(process.execPath, ["index.js"], { cwd: ${JSON.stringify(path.join(ROOT, "bench/packs/empty"))}, stdio: ["ignore", "pipe", "ignore"] });
let left = 2;
const done = () => { if (--left === 0) process.exit(0); };
sdk.on("exit", done);
pack.stdout.once("data", () => { pack.kill(); done(); });
`;

/** The program itself under the gate's mocks (no analysis), and the empty pack started, concurrently. */
const PROGRAM_FLOOR = `
require(${JSON.stringify(path.join(ROOT, "gate/bin/register.js"))});
const { spawn } = require("child_process");
const { runCapture } = require(${JSON.stringify(path.join(ROOT, "gate/capture/index.ts"))});
const { loadProject, loadStackConfig, programLoading } = require(${JSON.stringify(path.join(ROOT, "gate/capture/project.ts"))});
const project = loadProject(${JSON.stringify(ROOT)}, "production");
const config = loadStackConfig(project, { config: [], secrets: [] });
const pack = spawn(process.execPath, ["index.js"], { cwd: ${JSON.stringify(path.join(ROOT, "bench/packs/empty"))}, stdio: ["ignore", "pipe", "ignore"] });
const ready = new Promise((resolve) => pack.stdout.once("data", () => { pack.kill(); resolve(); }));
const capture = runCapture({ ...programLoading(project), projectDir: project.dir, project: project.name, stack: "production",
  organization: "o", preview: true, config: config.values, secretKeys: config.secretKeys }).result;
Promise.all([ready, capture]).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
`;

export function gateEndToEnd(runs: number) {
  const modes = ["preview", "deploy", "both"];
  const samples: Record<string, Array<ReturnType<typeof timed>>> = { floor: [], program: [] };
  for (let run = 0; run < runs; run++) {
    samples.floor.push(timed(process.execPath, ["-e", FLOOR]));
    samples.program.push(timed(process.execPath, ["-e", PROGRAM_FLOOR]));
    for (const mode of modes) {
      const result = timed(process.execPath, [
        "gate/bin/prodready.js",
        "gate",
        "--stack",
        "production",
        "--mode",
        mode,
        "--format",
        "json",
        "--output",
        "/dev/null",
      ]);
      if (result.code !== 0) throw new Error(`prodready gate --mode ${mode} exited ${result.code}`);
      (samples[mode] ??= []).push(result);
    }
  }
  const floor = median(samples.floor.map((s) => s.seconds));
  const program = median(samples.program.map((s) => s.seconds));
  const labels: Record<string, string> = {
    floor: "floor (node + @pulumi/pulumi ‖ empty pack start)",
    program: "program under mocks, no analysis ‖ empty pack start",
  };
  return ["floor", "program", ...modes].map((name) => ({
    run: labels[name] ?? `prodready gate --mode ${name}`,
    "wall s (median)": median(samples[name].map((s) => s.seconds)).toFixed(2),
    "vs floor": ratio(median(samples[name].map((s) => s.seconds)), floor),
    "vs program": ratio(median(samples[name].map((s) => s.seconds)), program),
    "peak RSS MB (largest process)": Math.round(Math.max(...samples[name].map((s) => s.peakMb))),
  }));
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const rows = gateEndToEnd(runs);
  console.log(`Gate end to end, production stack (~200 resources), ${runs} interleaved runs\n`);
  console.log(table(rows));
}
