/**
 * Transport one: the pack as the Pulumi CLI runs it. `node <entry>` with cwd = the pack folder, the
 * engine's environment variables, the port read from the first stdout line, a gRPC client on
 * 127.0.0.1; the process is killed on every exit path, including this process exiting. One
 * difference, in start-up time only: the SDK modules a pack never uses load on first use.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzerMethod, AnalyzerTransport, PackError, resolvePackEntry } from "./transport";

/** Defers the pack's SDK modules it never uses (gate/bin/pack-preload.js). */
const PACK_PRELOAD = path.resolve(__dirname, "../bin/pack-preload.js");

const MAX_MESSAGE = 400 * 1024 * 1024; // the SDK's own limit
const DEFAULT_TIMEOUT_SECONDS = 300;

export interface SpawnOptions {
  /** Environment the engine gives a pack (PULUMI_CONFIG, PULUMI_PROJECT, PULUMI_STACK, ...). */
  env?: Record<string, string>;
  /** Overrides the entry resolved from the pack's package.json (tests, benchmarks). */
  entry?: string;
  /** Extra node arguments before the entry (e.g. a TypeScript loader). */
  nodeArgs?: string[];
  /** Seconds the pack may take to print its port, and to answer any one call (--timeout). */
  startTimeoutSeconds?: number;
}

const AnalyzerClient = grpc.makeGenericClientConstructor(
  AnalyzerService as unknown as grpc.ServiceDefinition,
  "Analyzer",
);

const livePacks = new Set<ChildProcess>();

/** Ends every spawned pack at once (this process is exiting or was interrupted). */
export function killPacks(): void {
  for (const child of livePacks)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
process.once("exit", killPacks);

export class GrpcPackTransport implements AnalyzerTransport {
  private closed = false;
  private exitError?: PackError;
  private readonly pending = new Set<(error: Error) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpc.Client,
    private readonly stderr: () => string,
    /** Milliseconds from spawn to the port line, for benchmarks. */
    public readonly startMs: number,
    private readonly callTimeoutSeconds: number,
  ) {
    child.once("exit", (code, signal) => {
      livePacks.delete(child);
      if (this.closed) return;
      this.exitError = new PackError(
        `the policy pack exited during analysis (${signal ?? `code ${code}`})${lastLine(this.stderr())}`,
      );
      for (const reject of this.pending) reject(this.exitError);
      this.pending.clear();
    });
  }

  static async start(packDir: string, options: SpawnOptions = {}): Promise<GrpcPackTransport> {
    const { entry, nodeArgs } = options.entry
      ? { entry: options.entry, nodeArgs: options.nodeArgs ?? [] }
      : resolvePackEntry(packDir);
    const timeoutSeconds = options.startTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-r", PACK_PRELOAD, ...nodeArgs, entry], {
      cwd: packDir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    livePacks.add(child);
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(
        () => fail(`did not print its port within ${timeoutSeconds}s (--timeout)`),
        timeoutSeconds * 1000,
      );
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        livePacks.delete(child);
        reject(new PackError(`the policy pack failed to start: it ${why}${lastLine(stderr)}`));
      };
      child.once("error", (error) => fail(`could not be spawned (${error.message})`));
      child.once("exit", (code, signal) =>
        fail(`exited with ${signal ?? `code ${code}`} before printing its port`),
      );
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const newline = stdout.indexOf("\n");
        if (newline < 0) return;
        const line = stdout.slice(0, newline).trim();
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.removeAllListeners("error");
        if (!/^\d+$/.test(line)) return fail(`printed "${line.slice(0, 80)}" instead of a port number`);
        resolve(Number(line));
      });
    });
    const startMs = Number(process.hrtime.bigint() - started) / 1e6;
    child.stdout!.resume();
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
    });
    return new GrpcPackTransport(child, client, () => stderr, startMs, timeoutSeconds);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<Response>(method: AnalyzerMethod, request: unknown): Promise<Response> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise<Response>((resolve, reject) => {
      this.pending.add(reject);
      const rpc = (this.client as unknown as Record<string, Function>)[method].bind(this.client);
      const deadline = new Date(Date.now() + this.callTimeoutSeconds * 1000);
      rpc(request, { deadline }, (error: grpc.ServiceError | null, response: Response) => {
        if (this.exitError) return reject(this.exitError);
        if (!error) {
          this.pending.delete(reject);
          return resolve(response);
        }
        const failure = new PackError(
          error.code === grpc.status.DEADLINE_EXCEEDED
            ? `the policy pack did not answer ${method} within ${this.callTimeoutSeconds}s (--timeout)`
            : `the policy pack failed in ${method}: ${firstLine(error.details || error.message)}`,
        );
        if (error.code !== grpc.status.UNAVAILABLE && error.code !== grpc.status.INTERNAL) {
          this.pending.delete(reject);
          return reject(failure);
        }
        // A dropped connection usually means the process died: say so once its exit is seen.
        setTimeout(() => {
          this.pending.delete(reject);
          reject(this.exitError ?? failure);
        }, 500);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
    livePacks.delete(this.child);
  }
}

/** The line of a pack's stderr that says what went wrong (Node ends with its version, not the error). */
function lastLine(text: string): string {
  const lines = text
    .trim()
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^Node\.js v\d/.test(l) && !/^at /.test(l));
  const error = lines.find((l) => /\b\w*Error\b:/.test(l));
  const line = error ?? lines[lines.length - 1];
  return line ? `: ${line.slice(0, 300)}` : "";
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .find((l) => l.trim())
      ?.trim()
      .slice(0, 400) ?? text
  );
}
