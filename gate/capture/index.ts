/**
 * Capture, the first layer of the gate: runs the program in a worker process under mocks and
 * returns its raw registrations. The worker is killed on every exit path.
 */
import { ChildProcess, fork } from "child_process";
import * as path from "path";
import type { CaptureReply, CaptureRequest, Registration } from "./registration";
import { ProgramFailure } from "../errors";
import { describeUnanswered, mocksSnippet, Unanswered } from "./mocks-file";

export type { CaptureRequest, Registration } from "./registration";

/** The program could not be run to the end: the gate cannot decide (exit 2). */
export class CaptureError extends ProgramFailure {}

/** The program asked for data sources or stack references nobody answered: all of them, at once. */
export class UnansweredError extends CaptureError {
  constructor(
    public readonly unanswered: Unanswered,
    /** A `--mocks` document answering them, with TODO where a value is needed. */
    public readonly snippet: string,
  ) {
    super(
      `the program needs answers the gate does not have offline: ${describeUnanswered(unanswered)}; answer them in a --mocks file (this snippet follows)`,
    );
    this.detail = `# prodready --mocks file: replace each TODO, then run again with --mocks FILE\n${snippet}`;
  }
}

const WORKER = path.resolve(__dirname, "../bin/capture-worker.js");

/** The default for --timeout: how long a program (and the pack) may take before the gate gives up. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface CaptureHandle {
  result: Promise<{ registrations: Registration[]; millis: number }>;
  /** Stops the worker if it is still running (the gate gave up for another reason). */
  cancel(): void;
}

/** Every worker still running, so a signal handler can end them all. */
const liveWorkers = new Set<ChildProcess>();

export function killCaptureWorkers(): void {
  for (const worker of liveWorkers) if (worker.exitCode === null) worker.kill("SIGKILL");
}

process.once("exit", killCaptureWorkers);

function failure(reply: Extract<CaptureReply, { ok: false }>): CaptureError {
  if (reply.kind === "unanswered")
    return new UnansweredError(reply.unanswered, mocksSnippet(reply.unanswered));
  const more =
    reply.errors.length > 1
      ? ` (and ${reply.errors.length - 1} more error${reply.errors.length > 2 ? "s" : ""})`
      : "";
  return new CaptureError(`the program failed: ${reply.message}${more}`);
}

export function runCapture(request: CaptureRequest, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): CaptureHandle {
  let cancel = () => undefined as void;
  const result = new Promise<{ registrations: Registration[]; millis: number }>((resolve, reject) => {
    const worker = fork(WORKER, [], { stdio: ["ignore", "ignore", "pipe", "ipc"], env: { ...process.env } });
    liveWorkers.add(worker);
    let stderr = "";
    worker.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const kill = () => {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
    };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      kill();
      settle(() =>
        reject(
          new CaptureError(
            `the program did not finish within ${timeoutSeconds}s (something keeps it running: a timer, a server, an await that never settles); raise --timeout if it is just slow`,
          ),
        ),
      );
    }, timeoutSeconds * 1000);
    worker.on("message", (reply: CaptureReply) => {
      settle(() =>
        reply.ok
          ? resolve({ registrations: reply.registrations, millis: reply.millis })
          : reject(failure(reply)),
      );
    });
    worker.once("exit", (code, signal) => {
      liveWorkers.delete(worker);
      // A reply written just before the exit may still be in the channel: decide once it is drained.
      const decide = () => {
        const last = stderr.trim().split("\n").filter(Boolean).pop();
        settle(() =>
          reject(
            new CaptureError(
              `the program exited (${signal ?? `code ${code}`}) before finishing${last ? `: ${last.trim().slice(0, 300)}` : ""}`,
            ),
          ),
        );
      };
      if (worker.connected) worker.once("disconnect", decide);
      else decide();
    });
    cancel = () => {
      kill();
      settle(() => reject(new CaptureError("the capture was cancelled")));
    };
    worker.send(request);
  });
  result.catch(() => undefined);
  return { result, cancel: () => cancel() };
}
