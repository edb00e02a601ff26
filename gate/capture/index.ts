/**
 * Capture, the first layer of the gate: runs the program in a worker process under mocks and
 * returns its raw registrations. The worker is killed on every exit path.
 */
import { fork } from "child_process";
import * as path from "path";
import type { CaptureReply, CaptureRequest, Registration } from "./registration";
import { ProgramFailure } from "../errors";

export type { CaptureRequest, Registration } from "./registration";

/** The program could not be run to the end: the gate cannot decide (exit 2). */
export class CaptureError extends ProgramFailure {}

const WORKER = path.resolve(__dirname, "../bin/capture-worker.js");

export interface CaptureHandle {
  result: Promise<{ registrations: Registration[]; millis: number }>;
  /** Stops the worker if it is still running (the gate gave up for another reason). */
  cancel(): void;
}

export function runCapture(request: CaptureRequest, timeoutMs = 300_000): CaptureHandle {
  let cancel = () => undefined as void;
  const result = new Promise<{ registrations: Registration[]; millis: number }>((resolve, reject) => {
    const worker = fork(WORKER, [], { stdio: ["ignore", "ignore", "pipe", "ipc"], env: { ...process.env } });
    let stderr = "";
    worker.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const kill = () => {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    };
    process.once("exit", kill);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.removeListener("exit", kill);
      fn();
    };
    const timer = setTimeout(() => {
      kill();
      settle(() => reject(new CaptureError(`the program did not finish within ${timeoutMs / 1000}s`)));
    }, timeoutMs);
    worker.once("message", (reply: CaptureReply) => {
      settle(() => {
        if (reply.ok) resolve({ registrations: reply.registrations, millis: reply.millis });
        else
          reject(
            new CaptureError(
              reply.kind === "datasource" ? reply.message : `the program failed: ${reply.message}`,
            ),
          );
      });
    });
    worker.once("exit", (code, signal) => {
      const last = stderr.trim().split("\n").filter(Boolean).pop();
      settle(() =>
        reject(
          new CaptureError(
            `the program exited (${signal ?? `code ${code}`}) before finishing${last ? `: ${last.trim().slice(0, 300)}` : ""}`,
          ),
        ),
      );
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
