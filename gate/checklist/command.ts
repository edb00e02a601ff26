/**
 * `prodready checklist`: the I/O around the readiness model. Either runs the gate (preview and
 * deploy, the stack's profile) or reads a gate JSON result with --from; reads the evidence folders
 * and the sign-off file; then renders the checklist with a status per item. Exit codes: 0 ready
 * (production, or infrastructure with --scope infrastructure), 1 not ready, 2 could not decide.
 */
import * as path from "path";
import { choosePolicyConfig, GateInputError, runGate, startPack } from "../run";
import { writeReport } from "../report/write";
import { terminalLine } from "../report/escape";
import { redact, redactStrings } from "../redaction";
import { runAnalysis } from "../analyzer/session";
import { PackError, type AnalyzerTransport } from "../analyzer/transport";
import { PolicyConfigError } from "../engine/policy-config";
import {
  buildChecklistReport,
  ChecklistReport,
  checklistExitCode,
  evidencePath,
  gateOutcomeFromJson,
  gateOutcomeFromReport,
  GateOutcome,
  GateResultError,
  PolicyLevel,
  policyLevelsOf,
  ReadinessInputError,
  ReadinessInputs,
  Scope,
  SCOPES,
  STATUS_LABELS,
  statusesOf,
} from "./model";
import { CHECKLIST_IDS } from "./items";
import { dayOf, isCalendarDate, parseSignoffs, parseSignoffYaml, Signoff, SignoffError } from "./signoff";
import { evidenceOptionsFrom, parseMaxAge } from "./evidence-settings";
import { EvidenceError } from "./evidence/options";
import { plural } from "./evidence/formats/reading";
import type { EvidenceFile, EvidenceOptions, EvidenceResult } from "./evidence/types";
import { parseYaml, readInputFile } from "./input-files";
import { renderChecklistMarkdown } from "./render-markdown";
import { renderChecklistJson } from "./render-json";
import { renderChecklistHtml } from "./render-html";

export const CHECKLIST_FORMATS = ["markdown", "json", "html"] as const;
export type ChecklistFormat = (typeof CHECKLIST_FORMATS)[number];
export const CHECKLIST_SCOPES: readonly Scope[] = SCOPES;

export interface ChecklistOptions {
  projectDir: string;
  /** The stack to gate; with `from`, it must match the result's stack when given. */
  stack?: string;
  packDir: string;
  policyConfigFile?: string;
  /** --profile: a profile the pack ships; default the stack's prodready:profile, then the org baseline. */
  profile?: string;
  /** --mocks: answers for stack references, data sources and outputs (the gate run). */
  mocksFile?: string;
  /** --timeout: seconds the program and the pack may take (the gate run). */
  timeoutSeconds?: number;
  /** One-line notices for stderr (a stack without a config file). */
  onNotice?: (line: string) => void;
  organization: string;
  format: ChecklistFormat;
  output?: string;
  /** A `prodready gate --format json` result to read instead of running the gate. */
  from?: string;
  /** production (default): every item must be answered; infrastructure: the pack, program and docs only. */
  scope?: Scope;
  /** `key=value` stack config overrides for the gate run (like `prodready gate --config`). */
  config?: string[];
  /** `key=value` secret stack config for the gate run; the values are redacted from every output. */
  secrets?: string[];
  /** Folders of evidence files (repeatable). */
  evidence?: string[];
  /** `--evidence-max-age DAYS`, as typed. */
  evidenceMaxAge?: string;
  /** A YAML or JSON file overriding the evidence settings (flow patterns, thresholds, max age). */
  evidenceConfig?: string;
  /** The sign-off YAML file. */
  signoff?: string;
  /** The report's clock (tests); default now. */
  now?: Date;
  /** Tests: load the pack in this process instead of spawning it. */
  transport?: "grpc" | "in-process";
  packEntry?: string;
}

export interface ChecklistIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `linkFrom`: the folder the report is written to, so the HTML's evidence links resolve from there. */
export function renderChecklist(report: ChecklistReport, format: ChecklistFormat, linkFrom?: string): string {
  switch (format) {
    case "json":
      return renderChecklistJson(report);
    case "html":
      return renderChecklistHtml(report, { linkFrom });
    default:
      return renderChecklistMarkdown(report);
  }
}

function readGateResult(file: string): unknown {
  const hint = "pass the output of `prodready gate --format json` with --from";
  const text = readInputFile(file, "the gate result", hint);
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
  recordedProfile: { name: string; file: string } | undefined,
): Promise<{ pack: { name: string; version: string }; policies: PolicyLevel[]; profile?: string }> {
  const packDir = path.resolve(options.packDir);
  // The profile the gate ran with, unless the command line names another.
  const policyConfig = choosePolicyConfig(packDir, {
    file: options.policyConfigFile,
    profile: options.profile,
    stackProfile: recordedProfile && {
      name: recordedProfile.name,
      namedBy: `the gate result ${recordedProfile.file}`,
    },
  });
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
      profile: policyConfig.profile,
    };
  } catch (error) {
    if (error instanceof PackError || error instanceof PolicyConfigError)
      throw new GateInputError(error.message);
    throw error;
  } finally {
    await transport?.close();
  }
}

async function outcomeFromFile(options: ChecklistOptions, io: ChecklistIo): Promise<GateOutcome> {
  const file = options.from as string;
  const document = readGateResult(file);
  let evidence: GateOutcome;
  try {
    evidence = gateOutcomeFromJson(document, []);
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
  const { pack, policies, profile } = await packPolicyLevels(
    options,
    evidence.project,
    evidence.stack,
    evidence.profile ? { name: evidence.profile, file } : undefined,
  );
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
  return { ...evidence, policies, profile };
}

/** One line for the terminal: the verdict, why, and the counts. */
export function checklistSummary(report: ChecklistReport): string {
  const counts = statusesOf(report.scope)
    .map((status) => `${report.counts[status]} ${STATUS_LABELS[status]}`)
    .join(", ");
  return `prodready checklist: ${report.project}/${report.stack} is ${report.headline} (${counts})\n`;
}

/** The one call into evidence recognition (gate/checklist/evidence/), loaded only when evidence is given. */
async function recogniseEvidence(dirs: string[], options: EvidenceOptions): Promise<EvidenceResult> {
  const { collectEvidence } = await import("./evidence");
  return collectEvidence(dirs, options);
}

/** An error about a file the user passed, as one line that names the file. */
function inFile<T>(what: string, file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SignoffError || error instanceof EvidenceError)
      throw new GateInputError(`${what} ${file}: ${error.message}`);
    throw error;
  }
}

function readSignoffs(file: string, now: Date): Signoff[] {
  const text = readInputFile(file, "the sign-off file", "pass a file with --signoff");
  return inFile("the sign-off file", file, () =>
    parseSignoffs(parseSignoffYaml(text), CHECKLIST_IDS, dayOf(now)),
  );
}

/** The evidence options: the defaults, then --evidence-config, then --evidence-max-age; checked whole. */
function readEvidenceOptions(options: ChecklistOptions, now: Date): EvidenceOptions & { maxAgeDays: number } {
  const maxAge = options.evidenceMaxAge === undefined ? undefined : parseMaxAge(options.evidenceMaxAge);
  const file = options.evidenceConfig;
  if (!file) return evidenceOptionsFrom(undefined, now, maxAge);
  const text = readInputFile(file, "the evidence config", "pass a file with --evidence-config");
  return inFile("the evidence config", file, () =>
    evidenceOptionsFrom(parseYaml(text, EvidenceError), now, maxAge),
  );
}

const FOREIGN_NAMED = 3;

/**
 * What a user must not miss on the terminal: a folder that proves nothing, each malformed or stale
 * file, and the files of no known format; the report lists every file with what was read from it.
 */
export function evidenceWarnings(dirs: readonly string[], files: readonly EvidenceFile[]): string[] {
  const warnings: string[] = [];
  for (const [index, dir] of [...new Set(dirs)].entries()) {
    const own = files.filter((file) => file.dir === dir);
    const foreign = own.filter((file) => file.status === "foreign");
    const named = foreign
      .slice(0, FOREIGN_NAMED)
      .map((file) => `${file.file} (${file.message})`)
      .join(", ");
    const more = foreign.length > FOREIGN_NAMED ? ` and ${foreign.length - FOREIGN_NAMED} more` : "";
    if (own.length === 0) {
      // A file is read once: under the first --evidence folder that holds it.
      const earlier = index > 0 ? " not read under an earlier --evidence already" : "";
      warnings.push(`--evidence ${dir} holds no files${earlier}; it proves nothing`);
    } else if (foreign.length === own.length) {
      warnings.push(
        `--evidence ${dir}: none of its ${plural(own.length, "file")} is evidence of a known format, so it proves nothing: ${named}${more}`,
      );
    } else if (foreign.length > 0) {
      warnings.push(
        `--evidence ${dir}: ${plural(foreign.length, "file")} of no known format ${foreign.length === 1 ? "proves" : "prove"} nothing: ${named}${more}`,
      );
    }
    for (const file of own.filter((f) => f.status === "malformed"))
      warnings.push(
        `the evidence file ${evidencePath(file)} is malformed and proves nothing: ${file.message}`,
      );
    for (const file of own.filter((f) => f.status === "stale"))
      warnings.push(`the evidence file ${evidencePath(file)} is stale and does not count: ${file.message}`);
  }
  return warnings.map((warning) => `prodready: warning: ${terminalLine(warning)}\n`);
}

async function readEvidence(
  options: ChecklistOptions,
  now: Date,
  io: ChecklistIo,
): Promise<ReadinessInputs["evidence"]> {
  const dirs = options.evidence ?? [];
  if (dirs.length === 0) return undefined;
  const evidenceOptions = readEvidenceOptions(options, now);
  const result = await recogniseEvidence(dirs, evidenceOptions);
  for (const warning of evidenceWarnings(dirs, result.files)) io.stderr(warning);
  return { maxAgeDays: evidenceOptions.maxAgeDays, result };
}

/** Options that mean nothing in this combination: refused, never silently dropped. */
function checkCombinations(options: ChecklistOptions): void {
  const evidence = (options.evidence ?? []).length > 0;
  if (options.scope === "infrastructure") {
    const given = [
      evidence && "--evidence",
      options.signoff && "--signoff",
      options.evidenceMaxAge !== undefined && "--evidence-max-age",
      options.evidenceConfig && "--evidence-config",
    ].filter(Boolean);
    if (given.length > 0)
      throw new GateInputError(
        `--scope infrastructure judges only what the pack, the program and the docs answer; drop ${given.join(", ")} or use --scope production`,
      );
  }
  if (!evidence && (options.evidenceMaxAge !== undefined || options.evidenceConfig))
    throw new GateInputError(
      `${options.evidenceConfig ? "--evidence-config" : "--evidence-max-age"} has no effect without --evidence; pass the evidence folders with --evidence DIR`,
    );
  for (const [given, flag] of [
    [options.mocksFile !== undefined, "--mocks"],
    [options.timeoutSeconds !== undefined, "--timeout"],
  ] as const)
    if (options.from && given)
      throw new GateInputError(
        `${flag} applies to a gate run, and --from runs none; drop ${flag}, or drop --from to run the gate`,
      );
  if (options.from && (options.config ?? []).length > 0)
    throw new GateInputError(
      "--config sets stack config for a gate run, and --from runs none; drop --config, or drop --from to run the gate",
    );
}

/** The values of `--secret key=value`, to redact; the text is never echoed, it may be the secret itself. */
function secretValuesOf(secrets: readonly string[]): string[] {
  return secrets.map((text, index) => {
    const eq = text.indexOf("=");
    if (eq <= 0)
      throw new GateInputError(
        `--secret number ${index + 1} is not key=value (its text is not shown); write e.g. --secret prodready:djangoSecretKey=VALUE`,
      );
    return text.slice(eq + 1);
  });
}

/**
 * Fixes the report's clock for tests and for re-creating a past day's report (ISO 8601). Every run
 * it changes says so on stderr: it decides which evidence is fresh and which sign-off has expired.
 */
export const CLOCK_VARIABLE = "PRODREADY_NOW";

function reportClock(options: ChecklistOptions, io: ChecklistIo): Date {
  if (options.now) return options.now;
  const fixed = process.env[CLOCK_VARIABLE];
  if (fixed === undefined || fixed === "") return new Date();
  const now = new Date(fixed);
  if (
    !/^\d{4}-\d{2}-\d{2}(T|$)/.test(fixed) ||
    !isCalendarDate(fixed.slice(0, 10)) ||
    Number.isNaN(now.getTime())
  ) {
    throw new GateInputError(
      `${CLOCK_VARIABLE}=${fixed} is not an ISO 8601 time; unset it, or write e.g. ${CLOCK_VARIABLE}=2026-11-25T00:00:00Z`,
    );
  }
  io.stderr(
    `prodready: warning: ${CLOCK_VARIABLE} sets the report's clock to ${now.toISOString()}: evidence ages and sign-off expiry are judged then, not now\n`,
  );
  return now;
}

export async function runChecklist(options: ChecklistOptions, io: ChecklistIo): Promise<number> {
  let secretValues: string[] = [];
  const redacted: ChecklistIo = {
    stdout: (text) => io.stdout(redact(text, secretValues)),
    stderr: (text) => io.stderr(redact(text, secretValues)),
  };
  try {
    secretValues = secretValuesOf(options.secrets ?? []);
    const now = reportClock(options, redacted);
    // Redacted before rendering, like the gate's model: no renderer's escaping can hide a secret.
    const report = redactStrings(
      await readinessReport(options, now, redacted, (values) => {
        secretValues = [...secretValues, ...values];
      }),
      secretValues,
    );
    const linkFrom = options.output ? path.dirname(path.resolve(options.output)) : undefined;
    const text = renderChecklist(report, options.format, linkFrom);
    if (options.output) {
      writeReport(options.output, text, "--output");
      redacted.stderr(checklistSummary(report));
    } else {
      redacted.stdout(text);
    }
    return checklistExitCode(report);
  } catch (error) {
    if (error instanceof GateInputError) throw new GateInputError(redact(error.message, secretValues));
    throw error;
  }
}

async function readinessReport(
  options: ChecklistOptions,
  now: Date,
  io: ChecklistIo,
  addSecrets: (values: string[]) => void,
): Promise<ChecklistReport> {
  checkCombinations(options);
  const scope = options.scope ?? "production";
  const signoffs = options.signoff ? readSignoffs(options.signoff, now) : undefined;
  const evidence = await readEvidence(options, now, io);
  let gate: GateOutcome;
  if (options.from) {
    gate = await outcomeFromFile(options, io);
  } else {
    const run = await runGate({
      projectDir: options.projectDir,
      stack: options.stack,
      packDir: options.packDir,
      policyConfigFile: options.policyConfigFile,
      profile: options.profile,
      mocksFile: options.mocksFile,
      timeoutSeconds: options.timeoutSeconds,
      onNotice: options.onNotice,
      mode: "both",
      config: options.config ?? [],
      secrets: options.secrets ?? [],
      organization: options.organization,
      strictUnknowns: false,
      transport: options.transport,
      packEntry: options.packEntry,
    });
    addSecrets(run.secretValues);
    gate = gateOutcomeFromReport(run);
  }
  try {
    return buildChecklistReport(gate, { scope, now, evidence, signoffs });
  } catch (error) {
    if (error instanceof ReadinessInputError) throw new GateInputError(error.message);
    throw error;
  }
}
