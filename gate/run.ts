/**
 * One gate run, end to end: the program captured (preview and/or deploy, in worker processes)
 * while the pack starts, each capture turned into the engine view and analysed by the pack over
 * gRPC, in the engine's order. Also the audit of a stack export.
 */
import * as fs from "fs";
import * as path from "path";
import { CaptureHandle, DEFAULT_TIMEOUT_SECONDS, runCapture, UnansweredError } from "./capture";
import { loadProject, loadStackConfig, programLoading } from "./capture/project";
import { loadMocksFile, mocksSnippet, Unanswered } from "./capture/mocks-file";
import { GATE_POLICIES, remoteComponentFindings } from "./capture/remote-components";
import { typeCheck } from "./capture/typecheck";
import { GrpcPackTransport } from "./analyzer/grpc-transport";
import { InProcessPackTransport } from "./analyzer/in-process-transport";
import type { AnalyzerTransport } from "./analyzer/transport";
import { AnalysisResult, isMandatoryFailure, prepareAnalysis, runAnalysis } from "./analyzer/session";
import { BASELINE_PROFILE, parsePolicyConfigDocument } from "./engine/policy-config";
import { buildEngineView } from "./engine/view";
import { parseStackExport } from "./engine/stack-export";
import { MAX_VALUE_DEPTH, tooDeepAt, wire, type EngineResource, type StackContext } from "./engine/types";
import type { PolicyConfigEntry, PolicyInfo } from "./analyzer/protocol";
import { GateInputError } from "./errors";

export { GateInputError } from "./errors";

export type GateMode = "preview" | "deploy" | "audit";

export interface ModeRun {
  mode: GateMode;
  analysis: AnalysisResult;
  resources: EngineResource[];
}

export interface GateReport {
  project: string;
  stack: string;
  projectDir: string;
  requestedMode: "preview" | "deploy" | "both" | "audit";
  policyConfigFile?: string;
  /** The profile (or file) the run used and what chose it. */
  policyConfig?: { profile?: string; file?: string; source: PolicyConfigChoice["source"] };
  runs: ModeRun[];
  /** Values that must never appear in any output (from --secret and secret config). */
  secretValues: string[];
  /** Policies the gate reports findings under itself (not the pack's), described for the reports. */
  gatePolicies?: PolicyInfo[];
  strictUnknowns: boolean;
  timings: Record<string, number>;
}

export interface GateOptions {
  projectDir: string;
  /** Absent: the only stack with a config file (or production among several). */
  stack?: string;
  packDir: string;
  policyConfigFile?: string;
  /** --profile: a profile the pack ships (config/<name>.json). */
  profile?: string;
  /** One-line notices for stderr (a stack without a config file). */
  onNotice?: (line: string) => void;
  mode: "preview" | "deploy" | "both";
  config: string[];
  secrets: string[];
  organization: string;
  strictUnknowns: boolean;
  /** Called with the secret config values as soon as the stack config is loaded (the CLI redacts them). */
  onSecrets?: (values: readonly string[]) => void;
  /** --mocks: the user's answers for stack references, data sources and resource outputs. */
  mocksFile?: string;
  /** --timeout: seconds the program and the pack's start may each take (default 300). */
  timeoutSeconds?: number;
  /** --typecheck: fail on the program's type errors, as a type-checking ts-node would. */
  typecheck?: boolean;
  /** Tests: analyse with the pack loaded in this process instead of a spawned one. */
  transport?: "grpc" | "in-process";
  packEntry?: string;
}

/** The stack config key that names a stack's profile (`prodready:profile: production` in Pulumi.<stack>.yaml). */
export const PROFILE_CONFIG_KEY = "prodready:profile";

/** Which policy config a run used and what chose it (the reports say so). */
export interface PolicyConfigChoice {
  /** The file read; absent when the pack ran with its own levels. */
  file?: string;
  /** The pack's profile, when the config is one the pack ships (config/<profile>.json). */
  profile?: string;
  /** What chose it: --policy-pack-config, --profile, the stack's prodready:profile, or the default. */
  source: "--policy-pack-config" | "--profile" | typeof PROFILE_CONFIG_KEY | "default";
  entries?: Record<string, PolicyConfigEntry>;
}

/** The profiles a pack ships: the names of its config/*.json files. */
export function profilesOf(packDir: string): string[] {
  const dir = path.join(packDir, "config");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/**
 * The policy config of a run, by precedence: `--policy-pack-config FILE` > `--profile NAME` (a
 * profile the pack ships) > the stack's own `prodready:profile` > the org baseline (when the pack
 * ships one; otherwise the pack's own levels). A profile the pack does not ship is bad input.
 */
export function choosePolicyConfig(
  packDir: string,
  choice: { file?: string; profile?: string; stackProfile?: { name: string; namedBy: string } },
): PolicyConfigChoice {
  if (choice.file) return { ...readPolicyConfig(path.resolve(choice.file)), source: "--policy-pack-config" };
  const profiles = profilesOf(packDir);
  const named = (name: string, what: string) => {
    if (!profiles.includes(name))
      throw new GateInputError(
        `${what} names the profile ${name}, which the policy pack does not ship; use one of ${profiles.join(", ") || "(none: the pack ships no profiles)"}, or pass a file with --policy-pack-config`,
      );
    return { ...readPolicyConfig(path.join(packDir, "config", `${name}.json`)), profile: name };
  };
  if (choice.profile) return { ...named(choice.profile, `--profile ${choice.profile}`), source: "--profile" };
  if (choice.stackProfile)
    return {
      ...named(choice.stackProfile.name, choice.stackProfile.namedBy),
      source: PROFILE_CONFIG_KEY,
    };
  if (profiles.includes(BASELINE_PROFILE))
    return { ...named(BASELINE_PROFILE, "the default"), source: "default" };
  return { source: "default" };
}

/**
 * A profile by name (config/<name>.json, when the pack ships it) or an explicit file: what the gate
 * did before profiles had a precedence. Kept for callers that name the profile themselves (tests);
 * the gate and the CLI use choosePolicyConfig.
 */
export function loadPolicyConfig(
  packDir: string,
  profile: string,
  explicit?: string,
): { file?: string; entries?: Record<string, PolicyConfigEntry> } {
  if (explicit) return readPolicyConfig(path.resolve(explicit));
  const file = path.join(packDir, "config", `${profile}.json`);
  return fs.existsSync(file) ? readPolicyConfig(file) : {};
}

function readPolicyConfig(file: string): { file: string; entries: Record<string, PolicyConfigEntry> } {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "does not exist"
        : `is not valid JSON (${(error as Error).message})`;
    throw new GateInputError(`the policy config ${file} ${why}; pass a JSON file with --policy-pack-config`);
  }
  const deep = tooDeepAt(document);
  if (deep !== undefined)
    throw new GateInputError(
      `the policy config ${file} nests values more than ${MAX_VALUE_DEPTH} levels deep at ${deep}; the gate reads values up to ${MAX_VALUE_DEPTH} levels deep`,
    );
  try {
    return { file, entries: parsePolicyConfigDocument(document) };
  } catch (error) {
    throw new GateInputError(`the policy config ${file}: ${(error as Error).message}`);
  }
}

/** The pack as the CLI starts it (spawned, gRPC), or loaded in this process for tests. */
export function startPack(options: {
  packDir: string;
  transport?: "grpc" | "in-process";
  packEntry?: string;
  env: Record<string, string>;
  timeoutSeconds?: number;
}): Promise<AnalyzerTransport> {
  if (options.transport === "in-process")
    return Promise.resolve(InProcessPackTransport.load(options.packDir, options.packEntry));
  return GrpcPackTransport.start(options.packDir, {
    env: options.env,
    entry: options.packEntry ? path.resolve(options.packDir, options.packEntry) : undefined,
    startTimeoutSeconds: options.timeoutSeconds,
  });
}

/**
 * The pack folder as the user would type it in the project: relative when it lies inside the project
 * (the installed package's pack: node_modules/@prodready/gate/policies), else as given.
 */
function packAsTyped(projectDir: string, packDir: string, given: string): string {
  const relative = path.relative(projectDir, packDir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : given;
}

/** Preview skips data sources whose arguments are unknown, so deploy may ask for more: report both runs' questions. */
async function allUnanswered(captures: CaptureHandle[]): Promise<UnansweredError> {
  const errors = (await Promise.allSettled(captures.map((c) => c.result)))
    .map((outcome) => (outcome.status === "rejected" ? outcome.reason : undefined))
    .filter((reason): reason is UnansweredError => reason instanceof UnansweredError);
  const merged: Unanswered = { invokes: [], stackReferences: [] };
  for (const { unanswered } of errors) {
    for (const call of unanswered.invokes)
      if (
        !merged.invokes.some(
          (c) => c.token === call.token && JSON.stringify(c.args) === JSON.stringify(call.args),
        )
      )
        merged.invokes.push(call);
    for (const ref of unanswered.stackReferences) {
      const known = merged.stackReferences.find((r) => r.stack === ref.stack);
      if (!known) merged.stackReferences.push({ stack: ref.stack, outputs: [...ref.outputs] });
      else for (const output of ref.outputs) if (!known.outputs.includes(output)) known.outputs.push(output);
    }
  }
  return new UnansweredError(merged, mocksSnippet(merged));
}

export async function runGate(options: GateOptions): Promise<GateReport> {
  const timings: Record<string, number> = {};
  const started = Date.now();
  let transport: AnalyzerTransport | undefined;
  let packStart: Promise<AnalyzerTransport> | undefined;
  let captures: CaptureHandle[] = [];
  let typeChecking: ReturnType<typeof typeCheck> | undefined;
  try {
    const packDir = path.resolve(options.packDir);
    const project = loadProject(options.projectDir, options.stack);
    const stack = project.stack;
    if (!project.stackConfigFile)
      options.onNotice?.(
        `stack ${stack} has no Pulumi.${stack}.yaml in ${project.stackConfigDir}; running with empty config, as pulumi preview does for a new stack`,
      );
    const stackConfig = loadStackConfig(project, { config: options.config, secrets: options.secrets });
    const secretValues = stackConfig.secretKeys
      .map((k) => stackConfig.values[k])
      .filter((v): v is string => typeof v === "string");
    options.onSecrets?.(secretValues);
    const stackProfile = stackConfig.values[PROFILE_CONFIG_KEY];
    const policyConfig = choosePolicyConfig(packDir, {
      file: options.policyConfigFile,
      profile: options.profile,
      stackProfile:
        stackProfile !== undefined
          ? {
              name: stackProfile,
              namedBy: `${PROFILE_CONFIG_KEY} of stack ${stack}${project.stackConfigFile ? ` (${project.stackConfigFile})` : ""}`,
            }
          : undefined,
    });
    const mocks = options.mocksFile ? loadMocksFile(path.resolve(options.mocksFile)) : undefined;
    const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const modes: Array<"preview" | "deploy"> =
      options.mode === "both" ? ["preview", "deploy"] : [options.mode];
    const env = {
      PULUMI_CONFIG: JSON.stringify(stackConfig.values),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(stackConfig.secretKeys),
      PULUMI_PROJECT: project.name,
      PULUMI_STACK: stack,
      PULUMI_ORGANIZATION: options.organization,
      PULUMI_DRY_RUN: String(modes[0] === "preview"),
    };
    if (options.typecheck && project.typescript) typeChecking = typeCheck(project, timeoutSeconds);
    // The two unavoidable costs, in parallel: the pack's start and the program's run.
    packStart = startPack({
      packDir,
      transport: options.transport,
      packEntry: options.packEntry,
      env,
      timeoutSeconds,
    });
    packStart.catch(() => undefined);
    captures = modes.map((mode) =>
      runCapture(
        {
          ...programLoading(project),
          projectDir: project.dir,
          project: project.name,
          stack,
          organization: options.organization,
          preview: mode === "preview",
          config: stackConfig.values,
          secretKeys: stackConfig.secretKeys,
          mocks,
        },
        timeoutSeconds,
      ),
    );
    wire(); // the SDK's signatures, loaded while the program and the pack start rather than after
    transport = await packStart;
    timings.packReady = Date.now() - started;
    const contextOf = (mode: "preview" | "deploy"): StackContext => ({
      project: project.name,
      stack,
      organization: options.organization,
      dryRun: mode === "preview",
      config: stackConfig.values,
      configSecretKeys: stackConfig.secretKeys,
      tags: {},
    });
    // Configure the pack for the first run while the program is still running.
    const firstPrepared = prepareAnalysis(transport, {
      context: contextOf(modes[0]),
      policyConfig: policyConfig.entries,
    });
    firstPrepared.catch(() => undefined);
    const runs: ModeRun[] = [];
    await typeChecking?.result;
    for (const [index, mode] of modes.entries()) {
      const { registrations, millis } = await captures[index].result.catch(async (error) => {
        throw error instanceof UnansweredError ? await allUnanswered(captures) : error;
      });
      timings[`capture:${mode}`] = millis;
      const resources = buildEngineView(registrations, {
        project: project.name,
        stack,
        config: stackConfig.values,
        preview: mode === "preview",
      });
      const analysisStarted = Date.now();
      const analysis = await runAnalysis(
        transport,
        { context: contextOf(mode), resources, policyConfig: policyConfig.entries },
        index === 0 ? firstPrepared : undefined,
      );
      // What the pack could not see at all: the children of components built by provider plugins.
      analysis.findings.push(
        ...remoteComponentFindings(
          resources,
          analysis.pack,
          packAsTyped(project.dir, packDir, options.packDir),
        ),
      );
      timings[`analysis:${mode}`] = Date.now() - analysisStarted;
      runs.push({ mode, analysis, resources });
    }
    timings.total = Date.now() - started;
    return {
      project: project.name,
      stack,
      projectDir: project.dir,
      requestedMode: options.mode,
      policyConfigFile: policyConfig.file,
      policyConfig: { profile: policyConfig.profile, file: policyConfig.file, source: policyConfig.source },
      runs,
      secretValues,
      gatePolicies: [...GATE_POLICIES.values()],
      strictUnknowns: options.strictUnknowns,
      timings,
    };
  } finally {
    for (const capture of captures) capture.cancel();
    typeChecking?.cancel();
    if (!transport && packStart) transport = await packStart.catch(() => undefined);
    await transport?.close();
  }
}

export interface AuditOptions {
  file: string;
  packDir: string;
  policyConfigFile?: string;
  /** --profile: a profile the pack ships; default the org baseline. */
  profile?: string;
  organization: string;
  strictUnknowns: boolean;
  transport?: "grpc" | "in-process";
  packEntry?: string;
}

export async function runAudit(options: AuditOptions): Promise<GateReport> {
  let transport: AnalyzerTransport | undefined;
  try {
    let document: unknown;
    try {
      document = JSON.parse(fs.readFileSync(options.file, "utf8"));
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not valid JSON";
      throw new GateInputError(
        `the stack export ${options.file} ${why}; pass the output of \`pulumi stack export\` with --file`,
      );
    }
    const exported = parseStackExport(document);
    const packDir = path.resolve(options.packDir);
    const policyConfig = choosePolicyConfig(packDir, {
      file: options.policyConfigFile,
      profile: options.profile,
    });
    transport = await startPack({
      packDir,
      transport: options.transport,
      packEntry: options.packEntry,
      env: { PULUMI_PROJECT: exported.project, PULUMI_STACK: exported.stack, PULUMI_DRY_RUN: "false" },
    });
    const context: StackContext = {
      project: exported.project,
      stack: exported.stack,
      organization: options.organization,
      dryRun: false,
      config: {},
      configSecretKeys: [],
      tags: {},
    };
    const analysis = await runAnalysis(transport, {
      context,
      resources: exported.resources,
      policyConfig: policyConfig.entries,
    });
    return {
      project: exported.project,
      stack: exported.stack,
      projectDir: process.cwd(),
      requestedMode: "audit",
      policyConfigFile: policyConfig.file,
      policyConfig: { profile: policyConfig.profile, file: policyConfig.file, source: policyConfig.source },
      runs: [{ mode: "audit", analysis, resources: exported.resources }],
      secretValues: [],
      strictUnknowns: options.strictUnknowns,
      timings: {},
    };
  } finally {
    await transport?.close();
  }
}

/** 0: no mandatory violation; 1: mandatory violations (or, with --strict-unknowns, unverified checks). */
export function exitCodeOf(report: GateReport): 0 | 1 {
  const findings = report.runs.flatMap((r) => r.analysis.findings);
  if (findings.some(isMandatoryFailure)) return 1;
  if (report.strictUnknowns && findings.some((f) => f.category === "unverified")) return 1;
  return 0;
}
