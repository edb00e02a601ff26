/**
 * The repository's own program captured once per stack and mode (real worker, real mocks), and
 * analysed by the real pack with the stack's profile. Variants mutate the captured registrations
 * the way an edit to the program would, then go through the same engine view and analysis.
 */
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

/** Captures the repository's program, or the Pulumi project in `projectDir` (a fixture program). */
export async function captureStack(stack: string, mode: Mode, projectDir = REPO): Promise<Captured> {
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
