/**
 * `prodready checklist`: the I/O around the readiness model. Either runs the gate (preview and
 * deploy, the stack's profile) or reads a gate JSON result with --from; then renders the checklist
 * with a status per item. Exit codes: 0 production ready, 1 not ready, 2 could not decide.
 */
import * as fs from "fs";
import * as path from "path";
import { GateInputError, loadPolicyConfig, runGate, startPack } from "../run";
import { writeReport } from "../report/write";
import { redact } from "../report/model";
import { runAnalysis } from "../analyzer/session";
import { PackError, type AnalyzerTransport } from "../analyzer/transport";
import { PolicyConfigError } from "../engine/policy-config";
import {
  buildChecklistReport,
  ChecklistReport,
  checklistExitCode,
  evidenceFromGateJson,
  evidenceFromReport,
  GateEvidence,
  GateResultError,
  PolicyLevel,
  policyLevelsOf,
  STATUS_LABELS,
  STATUSES,
} from "./model";
import { renderChecklistMarkdown } from "./render-markdown";
import { renderChecklistJson } from "./render-json";
import { renderChecklistHtml } from "./render-html";

export const CHECKLIST_FORMATS = ["markdown", "json", "html"] as const;
export type ChecklistFormat = (typeof CHECKLIST_FORMATS)[number];

export interface ChecklistOptions {
  projectDir: string;
  /** The stack to gate; with `from`, it must match the result's stack when given. */
  stack?: string;
  packDir: string;
  policyConfigFile?: string;
  organization: string;
  format: ChecklistFormat;
  output?: string;
  /** A `prodready gate --format json` result to read instead of running the gate. */
  from?: string;
  /** Tests: load the pack in this process instead of spawning it. */
  transport?: "grpc" | "in-process";
  packEntry?: string;
}

export interface ChecklistIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export function renderChecklist(report: ChecklistReport, format: ChecklistFormat): string {
  switch (format) {
    case "json":
      return renderChecklistJson(report);
    case "html":
      return renderChecklistHtml(report);
    default:
      return renderChecklistMarkdown(report);
  }
}

function readGateResult(file: string): unknown {
  const hint = "pass the output of `prodready gate --format json` with --from";
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read";
    throw new GateInputError(`the gate result ${file} ${why}; ${hint}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GateInputError(`the gate result ${file} is not valid JSON; ${hint}`);
  }
}

/**
 * The pack's policies and their levels for a stack, as the engine reconciles them (pack defaults,
 * then the profile or --policy-pack-config): the analysis of an empty stack, which the gate
 * result does not record.
 */
async function packPolicyLevels(
  options: ChecklistOptions,
  project: string,
  stack: string,
): Promise<{ pack: { name: string; version: string }; policies: PolicyLevel[] }> {
  const packDir = path.resolve(options.packDir);
  const policyConfig = loadPolicyConfig(packDir, stack, options.policyConfigFile);
  let transport: AnalyzerTransport | undefined;
  try {
    transport = await startPack({
      packDir,
      transport: options.transport,
      packEntry: options.packEntry,
      env: { PULUMI_PROJECT: project, PULUMI_STACK: stack, PULUMI_DRY_RUN: "true" },
    });
    const analysis = await runAnalysis(transport, {
      context: {
        project,
        stack,
        organization: options.organization,
        dryRun: true,
        config: {},
        configSecretKeys: [],
        tags: {},
      },
      resources: [],
      policyConfig: policyConfig.entries,
    });
    return {
      pack: { name: analysis.pack.name, version: analysis.pack.version },
      policies: policyLevelsOf(analysis),
    };
  } catch (error) {
    if (error instanceof PackError || error instanceof PolicyConfigError)
      throw new GateInputError(error.message);
    throw error;
  } finally {
    await transport?.close();
  }
}

async function evidenceFromFile(options: ChecklistOptions, io: ChecklistIo): Promise<GateEvidence> {
  const file = options.from as string;
  const document = readGateResult(file);
  let evidence: GateEvidence;
  try {
    evidence = evidenceFromGateJson(document, []);
  } catch (error) {
    if (error instanceof GateResultError)
      throw new GateInputError(`the gate result ${file}: ${error.message}`);
    throw error;
  }
  if (options.stack !== undefined && options.stack !== evidence.stack) {
    throw new GateInputError(
      `--stack ${options.stack} does not match the stack of the gate result ${file}; drop --stack or pass that stack's result`,
    );
  }
  const { pack, policies } = await packPolicyLevels(options, evidence.project, evidence.stack);
  if (pack.name !== evidence.policyPack.name) {
    throw new GateInputError(
      `the gate result ${file} comes from another policy pack than the one at --policy-pack; pass a result of ${pack.name}`,
    );
  }
  if (pack.version !== evidence.policyPack.version) {
    io.stderr(
      `prodready: warning: the gate result ${file} comes from another version of ${pack.name}; the statuses use the levels of the installed version\n`,
    );
  }
  return { ...evidence, policies };
}

/** One line for the terminal: the verdict and the counts. */
export function checklistSummary(report: ChecklistReport): string {
  const counts = STATUSES.map((status) => `${report.counts[status]} ${STATUS_LABELS[status]}`).join(", ");
  return `prodready checklist: ${report.project}/${report.stack} is ${report.verdict} (${counts})\n`;
}

export async function runChecklist(options: ChecklistOptions, io: ChecklistIo): Promise<number> {
  let evidence: GateEvidence;
  let secretValues: string[] = [];
  if (options.from) {
    evidence = await evidenceFromFile(options, io);
  } else {
    const report = await runGate({
      projectDir: options.projectDir,
      stack: options.stack ?? "production",
      packDir: options.packDir,
      policyConfigFile: options.policyConfigFile,
      mode: "both",
      config: [],
      secrets: [],
      organization: options.organization,
      strictUnknowns: false,
      transport: options.transport,
      packEntry: options.packEntry,
    });
    evidence = evidenceFromReport(report);
    secretValues = report.secretValues;
  }
  const report = buildChecklistReport(evidence);
  const text = redact(renderChecklist(report, options.format), secretValues);
  if (options.output) {
    writeReport(options.output, text, "--output");
    io.stderr(checklistSummary(report));
  } else {
    io.stdout(text);
  }
  return checklistExitCode(report);
}
