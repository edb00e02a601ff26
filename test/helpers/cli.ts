/** Runs the gate CLI in this process and captures what a user would see. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Embedding, main } from "../../gate/cli";
import { GateOptions, GateReport, runGate } from "../../gate/run";
import { PACK_DIR } from "./pack";

export const REPO = path.resolve(__dirname, "../..");
export const FIXTURES = path.join(REPO, "test/fixtures");

/**
 * The gate in this process on a Pulumi project (the pack loaded in process, both modes, stack
 * `prod`, no config): run it once per program per test file in a `beforeAll` and share the report.
 */
export function gateInProcess(projectDir: string, options: Partial<GateOptions> = {}): Promise<GateReport> {
  return runGate({
    projectDir,
    stack: "prod",
    packDir: PACK_DIR,
    mode: "both",
    config: [],
    secrets: [],
    organization: "organization",
    strictUnknowns: false,
    transport: "in-process",
    packEntry: "index.ts",
    ...options,
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in this process, as a user runs it, with one difference: the pack is this repository's,
 * loaded once per jest worker, not spawned (~0.5 s of CPU a run; ~50 runs). A run that names another
 * pack (--policy-pack) spawns it, and `cliSpawningPack` spawns ours, for tests about the pack's
 * process; `test/gate/transports.test.ts` holds the two transports to the same results.
 */
export async function cli(...argv: string[]): Promise<CliResult> {
  return runCli(
    argv,
    argv.includes("--policy-pack") ? {} : { transport: "in-process", packEntry: "index.ts" },
  );
}

/** The CLI in this process with the pack spawned as the command line spawns it. */
export function cliSpawningPack(...argv: string[]): Promise<CliResult> {
  return runCli(argv, {});
}

async function runCli(argv: string[], embedding: Embedding): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, embedding);
  return { code, stdout, stderr };
}

/**
 * Copies a fixture project into a fresh folder outside the repository with its own node_modules
 * (a link to the installed packages, as a project's own install would provide).
 */
export function externalProject(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `prodready-${fixture}-`));
  fs.cpSync(path.join(FIXTURES, "projects", fixture), dir, { recursive: true });
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
