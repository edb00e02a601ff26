/**
 * `--typecheck`: the program's type errors, as `pulumi preview` reports them when its ts-node
 * type-checks (the default unless the program is transpile-only). Opt-in because it costs more
 * than the rest of a gate run (~7-9 s for a program importing @pulumi/aws, most of it reading the
 * declarations); it runs in its own process alongside the capture and the pack start.
 */
import { fork } from "child_process";
import * as path from "path";
import { CaptureError } from "./index";
import type { ProjectInfo } from "./project";

const WORKER = path.resolve(__dirname, "../bin/typecheck-worker.js");

/** The program has type errors: one line says how many and the first, the rest follow. */
export class TypeCheckError extends CaptureError {
  constructor(public readonly errors: string[]) {
    super(
      `the program has ${errors.length} type error${errors.length === 1 ? "" : "s"} (pulumi preview's ts-node would stop on them): ${errors[0]}`,
    );
    this.detail = errors.length > 1 ? `${errors.slice(1).join("\n")}\n` : undefined;
  }
}

export function typeCheck(
  project: ProjectInfo,
  timeoutSeconds: number,
): { result: Promise<void>; cancel(): void } {
  const worker = fork(WORKER, [], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const kill = () => {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
  };
  process.once("exit", kill);
  worker.once("exit", () => process.removeListener("exit", kill));
  const result = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new CaptureError(`the type check did not finish within ${timeoutSeconds}s (--timeout)`));
    }, timeoutSeconds * 1000);
    worker.once("message", (answer: { errors?: string[]; setup?: string }) => {
      clearTimeout(timer);
      if (answer.setup) reject(new CaptureError(answer.setup));
      else if (answer.errors && answer.errors.length > 0) reject(new TypeCheckError(answer.errors));
      else resolve();
    });
    worker.once("exit", (code, signal) => {
      const drained = () => {
        clearTimeout(timer);
        reject(new CaptureError(`the type check exited (${signal ?? `code ${code}`}) before finishing`));
      };
      if (worker.connected) worker.once("disconnect", drained);
      else drained();
    });
    worker.send({ projectDir: project.dir, entry: project.entry, tsconfig: project.tsconfig });
  });
  result.catch(() => undefined);
  return { result, cancel: kill };
}
