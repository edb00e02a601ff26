/**
 * `prodready`: the offline preview gate and the stack-export audit. Exit codes: 0 no mandatory
 * violation, 1 mandatory violations (or unverified ones with --strict-unknowns), 2 could not decide,
 * 130/143 interrupted (gate/errors.ts). Every write goes through the redaction of secret values.
 */
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { exitCodeOf, GateOptions, GateReport, runAudit, runGate } from "./run";
import {
  EXIT,
  explainStackOverflow,
  GateError,
  GateInputError,
  Interrupted,
  isStackOverflow,
} from "./errors";
import { Redactor, redact, secretArguments } from "./redaction";
import { buildModel, TOOL_VERSION } from "./report/model";
import { renderSummaryLine, renderText } from "./report/text";
import { renderJson } from "./report/json";
import { renderSarif } from "./report/sarif";
import { renderJunit } from "./report/junit";
import { renderMarkdown } from "./report/markdown";
import { terminalLine } from "./report/escape";
import { checkWritable, writeReport } from "./report/write";
import { CHECKLIST_FORMATS, CHECKLIST_SCOPES, runChecklist } from "./checklist/command";
import { DEFAULT_TIMEOUT_SECONDS } from "./capture";

export { EXIT } from "./errors";
const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
type Format = (typeof FORMATS)[number];

// The pack the gate ships with: policies/ beside gate/, in this repository and in the installed package.
const DEFAULT_PACK_DIR = path.resolve(__dirname, "..", "policies");

/** `prodready --version`: the gate's version and the version of the pack it ships with. */
export function versionText(packDir: string = DEFAULT_PACK_DIR): string {
  let pack = "(no policy pack beside the gate)";
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
    pack = `${manifest.name}@${manifest.version}`;
  } catch {
    // A gate without its pack still says its own version.
  }
  return `prodready ${TOOL_VERSION} (policy pack ${pack})`;
}

export function render(report: GateReport, format: Format): string {
  const model = buildModel(report);
  const text = (() => {
    switch (format) {
      case "json":
        return renderJson(model);
      case "sarif":
        return renderSarif(model);
      case "junit":
        return renderJunit(model);
      case "markdown":
        return renderMarkdown(model);
      default:
        return renderText(model);
    }
  })();
  return redact(text, report.secretValues);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0))
    throw new GateInputError(`--timeout ${value} is not a number of seconds; write e.g. --timeout 600`);
  return parsed;
}

/**
 * SIGINT/SIGTERM end the run like the Pulumi CLI's cancel: the pack and the program workers are
 * killed (the exit handlers of their modules), nothing is decided, and the exit code is 128+signal.
 */
export function installSignalHandlers(io: Io = processIo): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      const interrupted = new Interrupted(signal);
      io.stderr(`prodready: ${interrupted.message}\n`);
      // The capture workers and the spawned pack are killed by their own process "exit" hooks.
      process.exit(interrupted.exitCode);
    });
  }
}

interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** `--report sarif=gate.sarif`: one run, several formats (what CI wants). */
export function parseReports(values: string[]): Array<[Format, string]> {
  return values.map((value) => {
    const eq = value.indexOf("=");
    const format = value.slice(0, eq) as Format;
    if (eq <= 0 || !FORMATS.includes(format) || eq === value.length - 1) {
      throw new GateInputError(
        `--report ${value} is not FORMAT=FILE with FORMAT one of ${FORMATS.join(", ")}; write e.g. --report sarif=gate.sarif`,
      );
    }
    return [format, value.slice(eq + 1)];
  });
}

/** Fails before the run, not after it, when a report could not be written where asked. */
function checkOutputs(output: string | undefined, reports: Array<[Format, string]>): void {
  if (output) checkWritable(output, "--output");
  for (const [, file] of reports) checkWritable(file, "--report");
}

function emit(
  report: GateReport,
  format: Format,
  output: string | undefined,
  io: Io,
  reports: Array<[Format, string]> = [],
): number {
  const text = render(report, format);
  for (const [extra, file] of reports) writeReport(file, render(report, extra), "--report");
  if (output) {
    writeReport(output, text, "--output");
    io.stderr(redact(renderSummaryLine(buildModel(report), output), report.secretValues));
  } else {
    io.stdout(text);
  }
  for (const run of report.runs) {
    const unknown = run.analysis.config.unknownPolicies;
    if (unknown.length > 0)
      io.stderr(
        `prodready: warning: the policy config names ${unknown.join(", ")}, which the pack ${run.analysis.pack.name} does not have; check the spelling\n`,
      );
  }
  return exitCodeOf(report);
}

/** Options every command that runs the pack shares. */
function packOption(): Option {
  return new Option(
    "--policy-pack <dir>",
    "the policy pack folder (default: the pack shipped with the gate)",
  );
}

function packConfigOption(): Option {
  return new Option(
    "--policy-pack-config <file>",
    "policy config JSON; overrides --profile and the stack's prodready:profile",
  );
}

function profileOption(): Option {
  return new Option(
    "--profile <name>",
    "a profile the pack ships (org-baseline, dev, staging, production); default: the stack's prodready:profile, else org-baseline",
  );
}

function mocksOption(): Option {
  return new Option(
    "--mocks <file>",
    "YAML or JSON answers for stack references, data sources and resource outputs the gate cannot know offline",
  );
}

/** Without a default value for `checklist`, so that --timeout with --from (which runs nothing) is refused. */
function timeoutOption(withDefault = true): Option {
  const option = new Option(
    "--timeout <seconds>",
    `seconds the program may run, the pack may take to start, and any one pack call may take${withDefault ? "" : ` (default: ${DEFAULT_TIMEOUT_SECONDS})`}`,
  );
  return withDefault ? option.default(String(DEFAULT_TIMEOUT_SECONDS)) : option;
}

function organizationOption(): Option {
  return new Option("--organization <org>", "the organization the engine would report").default(
    "organization",
  );
}

function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(FORMATS).default("text");
}

/**
 * How a program that embeds the CLI runs the pack: the command line always spawns it, as the Pulumi
 * CLI does; a test may load it in its own process (`transport: "in-process"`), where what is under
 * test is not the pack's process. `test/gate/transports.test.ts` holds both to the same results.
 */
export type Embedding = Pick<GateOptions, "transport" | "packEntry">;

export async function main(
  argv: string[],
  rawIo: Io = processIo,
  embedding: Embedding = {},
): Promise<number> {
  // Secret values never reach a stream: those on the command line are known now, the stack's once it is loaded.
  const redactor = new Redactor();
  redactor.add(secretArguments(argv));
  const io: Io = {
    stdout: (text) => rawIo.stdout(redactor.redact(text)),
    stderr: (text) => rawIo.stderr(redactor.redact(text)),
  };
  let result: Promise<number> | undefined;
  const program = new Command("prodready")
    .description("Production readiness for Django + PostgreSQL + Next.js on AWS: the offline policy gate.")
    .version(versionText(), "-V, --version", "print the gate's version and its policy pack's")
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: () => undefined });

  program
    .command("gate")
    .description(
      "Run a Pulumi program under mocks and the policy pack over the Analyzer protocol, like `pulumi preview --policy-pack`.",
    )
    .option("--project-dir <dir>", "the Pulumi project folder", ".")
    .option(
      "--stack <stack>",
      "the stack whose config to use (default: the only Pulumi.<stack>.yaml; among several, production)",
    )
    .addOption(packOption())
    .addOption(packConfigOption())
    .addOption(profileOption())
    .addOption(
      new Option("--mode <mode>", "preview keeps unknowns; deploy resolves them; both runs the two")
        .choices(["preview", "deploy", "both"])
        .default("both"),
    )
    .option("--config <key=value>", "override a stack config value (repeatable)", collect, [])
    .option("--secret <key=value>", "set a secret stack config value (repeatable)", collect, [])
    .addOption(organizationOption())
    .addOption(formatOption())
    .option("--output <file>", "write the report to a file (a one-line summary goes to stderr)")
    .option(
      "--report <format=file>",
      "also write the report in another format to a file (repeatable)",
      collect,
      [],
    )
    .option("--strict-unknowns", "treat checks unverifiable at preview as failures", false)
    .addOption(mocksOption())
    .addOption(timeoutOption())
    .option(
      "--typecheck",
      "fail on the program's type errors, as pulumi preview's ts-node does (costs ~10 s with @pulumi/aws)",
      false,
    )
    .action((options) => {
      const reports = parseReports(options.report);
      checkOutputs(options.output, reports);
      const timeoutSeconds = seconds(options.timeout);
      result = runGate({
        projectDir: options.projectDir,
        stack: options.stack,
        packDir: options.policyPack ?? DEFAULT_PACK_DIR,
        policyConfigFile: options.policyPackConfig,
        profile: options.profile,
        onNotice: (line) => io.stderr(`prodready: ${terminalLine(line)}\n`),
        mode: options.mode,
        config: options.config,
        secrets: options.secret,
        organization: options.organization,
        strictUnknowns: options.strictUnknowns,
        onSecrets: (values) => redactor.add(values),
        mocksFile: options.mocks,
        timeoutSeconds,
        typecheck: options.typecheck,
        ...embedding,
      }).then((report) => emit(report, options.format, options.output, io, reports));
    });

  program
    .command("audit")
    .description("Audit an existing stack from a `pulumi stack export` file with the policy pack.")
    .requiredOption("--file <export.json>", "the stack export")
    .addOption(packOption())
    .addOption(packConfigOption())
    .addOption(profileOption())
    .addOption(organizationOption())
    .addOption(formatOption())
    .option("--output <file>", "write the report to a file (a one-line summary goes to stderr)")
    .option(
      "--strict-unknowns",
      "treat checks that could not be verified (encrypted secrets) as failures",
      false,
    )
    .action((options) => {
      checkOutputs(options.output, []);
      result = runAudit({
        file: options.file,
        packDir: options.policyPack ?? DEFAULT_PACK_DIR,
        policyConfigFile: options.policyPackConfig,
        profile: options.profile,
        organization: options.organization,
        strictUnknowns: options.strictUnknowns,
        ...embedding,
      }).then((report) => emit(report, options.format, options.output, io));
    });

  program
    .command("checklist")
    .description(
      "Render the production-readiness checklist with a status per item and the verdict, from a gate run (or a gate JSON result), evidence files and sign-offs.",
    )
    .option("--project-dir <dir>", "the Pulumi project folder", ".")
    .option(
      "--stack <stack>",
      "the stack to gate (default: the only Pulumi.<stack>.yaml, among several production; with --from, the result's stack)",
    )
    .addOption(packOption())
    .addOption(packConfigOption())
    .addOption(profileOption())
    .addOption(mocksOption())
    .addOption(timeoutOption(false))
    .addOption(organizationOption())
    .option(
      "--config <key=value>",
      "override a stack config value for the gate run (repeatable)",
      collect,
      [],
    )
    .option(
      "--secret <key=value>",
      "set a secret stack config value; redacted from every output (repeatable)",
      collect,
      [],
    )
    .addOption(
      new Option(
        "--scope <scope>",
        "production: every item must be answered; infrastructure: only what the pack, program and docs answer",
      )
        .choices(CHECKLIST_SCOPES)
        .default("production"),
    )
    .option(
      "--evidence <dir>",
      "a folder of evidence files (JUnit, Lighthouse, audits, ...; repeatable)",
      collect,
      [],
    )
    .option("--evidence-max-age <days>", "evidence older than this does not count (default 30)")
    .option(
      "--evidence-config <file>",
      "YAML/JSON overriding flow patterns, Lighthouse thresholds, the k6 budget",
    )
    .option(
      "--signoff <file>",
      "the sign-off YAML file (who signed which item, when, what they saw, until when)",
    )
    .addOption(
      new Option("--format <format>", "output format").choices(CHECKLIST_FORMATS).default("markdown"),
    )
    .option("--output <file>", "write the report to a file (a summary line goes to stderr)")
    .option("--from <gate.json>", "read a `prodready gate --format json` result instead of running the gate")
    .action((options) => {
      result = runChecklist(
        {
          projectDir: options.projectDir,
          stack: options.stack,
          packDir: options.policyPack ?? DEFAULT_PACK_DIR,
          policyConfigFile: options.policyPackConfig,
          profile: options.profile,
          mocksFile: options.mocks,
          timeoutSeconds: options.timeout === undefined ? undefined : seconds(options.timeout),
          onNotice: (line) => io.stderr(`prodready: ${terminalLine(line)}\n`),
          organization: options.organization,
          format: options.format,
          output: options.output,
          from: options.from,
          scope: options.scope,
          config: options.config,
          secrets: options.secret,
          evidence: options.evidence,
          evidenceMaxAge: options.evidenceMaxAge,
          evidenceConfig: options.evidenceConfig,
          signoff: options.signoff,
          ...embedding,
        },
        io,
      );
    });

  if (argv.length === 0) {
    io.stderr(
      "prodready: no command given; run `prodready gate` or `prodready audit --file EXPORT.json` (see --help)\n",
    );
    return EXIT.undecided;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    if (!result) {
      io.stderr(
        "prodready: no command given; run `prodready gate` or `prodready audit --file EXPORT.json` (see --help)\n",
      );
      return EXIT.undecided;
    }
    return await result;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return EXIT.pass;
      io.stderr(
        `prodready: ${error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ")}; see prodready --help\n`,
      );
      return EXIT.undecided;
    }
    if (error instanceof GateError) {
      const message = explainStackOverflow(redactor.redact(error.message));
      io.stderr(`prodready: ${terminalLine(message)}\n${redactor.redact(error.detail ?? "")}`);
      return error.exitCode;
    }
    if (isStackOverflow(error)) {
      io.stderr(`prodready: nothing was decided: ${explainStackOverflow((error as Error).message)}\n`);
      return EXIT.undecided;
    }
    io.stderr(`prodready: internal error, nothing was decided: ${(error as Error).stack ?? error}\n`);
    return EXIT.undecided;
  }
}
