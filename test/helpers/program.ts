/**
 * The repository's own program captured once per stack and mode (real worker, real mocks), and
 * analysed by the real pack with the stack's profile. Variants mutate the captured registrations
 * the way an edit to the program would, then go through the same engine view and analysis.
 *
 * A capture is shared by every test file of a run, and by later runs, through a cache on disk
 * (node_modules/.cache/prodready-test-captures) keyed by a hash of everything a capture reads: the
 * program and its stack files, the installed packages, the gate's capture code, Node's version and
 * the PULUMI_* environment. Change any of them and the next captureStack captures afresh, so a
 * cached capture is always the one the current code would produce. The first test file to need one
 * captures it while the others wait (a lock file), instead of every file capturing it again.
 * PRODREADY_TEST_CAPTURE_CACHE=off captures every time.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { runCapture, Registration } from "../../gate/capture";
import { loadProject, loadStackConfig, programLoading } from "../../gate/capture/project";
import { buildEngineView } from "../../gate/engine/view";
import { AnalysisResult, runAnalysis } from "../../gate/analyzer/session";
import { loadPolicyConfig } from "../../gate/run";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { PACK_DIR } from "./pack";
import type { PolicyConfigEntry } from "../../gate/analyzer/protocol";

export const REPO = path.resolve(__dirname, "../..");
export type Mode = "preview" | "deploy";

export interface Captured {
  stack: string;
  mode: Mode;
  registrations: Registration[];
  config: Record<string, string>;
  /** The project's name; the repository's own program when unset. */
  project?: string;
}

export const CAPTURE_CACHE = path.join(REPO, "node_modules/.cache/prodready-test-captures");

/** Files and folders (relative to the repository) whose content a capture of the program depends on. */
const CAPTURE_INPUTS = [
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "stacks",
  "gate",
  // What gate/ imports of the pack (policies/api.ts and the light modules it re-exports).
  "policies/api.ts",
  "policies/lib/markers.ts",
  "policies/lib/secrets",
  // The installed packages (npm writes it on every install).
  "node_modules/.package-lock.json",
];

function filesUnder(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!fs.existsSync(full) || !fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, path.join(relative, name)));
}

/** The hash of everything a capture of `stack` in `mode` reads; a different hash means a fresh capture. */
export function captureKey(stack: string, mode: Mode, root = REPO): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ stack, mode, node: process.version, platform: process.platform, root }));
  for (const [name, value] of Object.entries(process.env).sort())
    if (name.startsWith("PULUMI_")) hash.update(`${name}=${value}\n`);
  for (const file of CAPTURE_INPUTS.flatMap((input) => filesUnder(root, input))) {
    const full = path.join(root, file);
    hash.update(`${file}\n`);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : "(missing)");
  }
  return hash.digest("hex").slice(0, 24);
}

async function captureFresh(stack: string, mode: Mode, projectDir = REPO): Promise<Captured> {
  const project = loadProject(projectDir, stack);
  const config = loadStackConfig(project, { config: [], secrets: [] });
  const { registrations } = await runCapture({
    ...programLoading(project),
    projectDir: project.dir,
    project: project.name,
    stack,
    organization: "organization",
    preview: mode === "preview",
    config: config.values,
    secretKeys: config.secretKeys,
  }).result;
  return { stack, mode, registrations, config: config.values, project: project.name };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The capture of the repository's program for a stack and mode, from the cache when current; or of
 * the Pulumi project in `projectDir` (a fixture program), always fresh.
 */
export async function captureStack(stack: string, mode: Mode, projectDir = REPO): Promise<Captured> {
  if (projectDir !== REPO || process.env.PRODREADY_TEST_CAPTURE_CACHE === "off")
    return captureFresh(stack, mode, projectDir);
  fs.mkdirSync(CAPTURE_CACHE, { recursive: true });
  const prefix = `${stack}-${mode}-`;
  const file = path.join(CAPTURE_CACHE, `${prefix}${captureKey(stack, mode)}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Captured;
    let owned = false;
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      owned = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (owned) {
      try {
        const captured = await captureFresh(stack, mode);
        for (const stale of fs.readdirSync(CAPTURE_CACHE).filter((name) => name.startsWith(prefix)))
          fs.rmSync(path.join(CAPTURE_CACHE, stale), { force: true });
        fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(captured));
        fs.renameSync(`${file}.${process.pid}`, file);
        return captured;
      } finally {
        fs.rmSync(lock, { force: true });
      }
    }
    // Another process is capturing it: wait for its result, or take over if that process is gone.
    const holder = Number(fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : 0);
    if (holder && !alive(holder)) fs.rmSync(lock, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The engine view of a captured program after an edit. At deploy, an edited resource's outputs are
 * the provider's answer to its new inputs: its computed values plus the inputs. Resources are
 * matched by URN, so an edit may also remove registrations.
 */
export function editedResources(captured: Captured, mutate?: (registrations: Registration[]) => void) {
  const registrations: Registration[] = JSON.parse(JSON.stringify(captured.registrations));
  mutate?.(registrations);
  const originals = new Map(captured.registrations.map((r) => [r.mockUrn, r]));
  for (const edited of registrations) {
    const original = originals.get(edited.mockUrn);
    if (!original || JSON.stringify(edited.inputs) === JSON.stringify(original.inputs)) continue;
    const computed = Object.fromEntries(
      Object.entries(original.outputs).filter(([key]) => !(key in original.inputs)),
    );
    edited.outputs = { ...computed, ...edited.inputs };
  }
  return buildEngineView(registrations, {
    project: captured.project ?? "prodready",
    stack: captured.stack,
    config: captured.config,
    preview: captured.mode === "preview",
  });
}

/** The date rds-engine-supported judges the program's database against, fixed so the tests never rot. */
export const ENGINE_SUPPORT_AS_OF = "2026-12-02";

/** A profile of policies/config/ as the engine reads it, with engine support judged on ENGINE_SUPPORT_AS_OF. */
function profileOf(profile: string): Record<string, PolicyConfigEntry> | undefined {
  const entries = loadPolicyConfig(PACK_DIR, profile).entries;
  if (!entries) return undefined;
  const support = entries["rds-engine-supported"] ?? {};
  return {
    ...entries,
    "rds-engine-supported": {
      ...support,
      properties: { ...support.properties, asOf: ENGINE_SUPPORT_AS_OF },
    },
  };
}

/** Analyses a capture with its stack's profile, or with `profile` (e.g. the org baseline). */
export async function analyzeCaptured(
  captured: Captured,
  mutate?: (registrations: Registration[]) => void,
  profile: string = (captured.config["prodready:profile"] as string | undefined) ?? captured.stack,
): Promise<AnalysisResult> {
  const resources = editedResources(captured, mutate);
  return runAnalysis(InProcessPackTransport.load(PACK_DIR, "index.ts"), {
    context: {
      project: captured.project ?? "prodready",
      stack: captured.stack,
      organization: "organization",
      dryRun: captured.mode === "preview",
      config: captured.config,
      configSecretKeys: [],
      tags: {},
    },
    resources,
    policyConfig: profileOf(profile),
  });
}

/** The one registration of `type` whose name contains `fragment`. */
export function one(registrations: Registration[], type: string, fragment = ""): Registration {
  const found = registrations.filter((r) => r.type === type && r.name.includes(fragment));
  if (found.length !== 1)
    throw new Error(
      `expected one ${type} named *${fragment}*, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
  return found[0];
}

/** Edits the containers of a task definition (containerDefinitions is a JSON string). */
export function editContainers(task: Registration, edit: (containers: any[]) => void): void {
  const containers = JSON.parse(task.inputs.containerDefinitions as string);
  edit(containers);
  task.inputs.containerDefinitions = JSON.stringify(containers);
}
