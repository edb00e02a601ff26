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
import { choosePolicyConfig } from "../../gate/run";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { PACK_DIR } from "./pack";

export const REPO = path.resolve(__dirname, "../..");
export type Mode = "preview" | "deploy";

export interface Captured {
  stack: string;
  mode: Mode;
  registrations: Registration[];
  config: Record<string, string>;
}

export async function captureStack(stack: string, mode: Mode): Promise<Captured> {
  const project = loadProject(REPO, stack);
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
  return { stack, mode, registrations, config: config.values };
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
    project: "prodready",
    stack: captured.stack,
    config: captured.config,
    preview: captured.mode === "preview",
  });
}

export async function analyzeCaptured(
  captured: Captured,
  mutate?: (registrations: Registration[]) => void,
): Promise<AnalysisResult> {
  const resources = editedResources(captured, mutate);
  return runAnalysis(InProcessPackTransport.load(PACK_DIR, "index.ts"), {
    context: {
      project: "prodready",
      stack: captured.stack,
      organization: "organization",
      dryRun: captured.mode === "preview",
      config: captured.config,
      configSecretKeys: [],
      tags: {},
    },
    resources,
    // The profile the stack names for itself (prodready:profile in stacks/Pulumi.<stack>.yaml), as the gate picks it.
    policyConfig: choosePolicyConfig(PACK_DIR, {
      stackProfile: { name: captured.config["prodready:profile"], namedBy: `stack ${captured.stack}` },
    }).entries,
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
