/**
 * The capture process: receives one CaptureRequest over IPC, runs the program, answers one
 * CaptureReply, exits. Like the Node language host, the run is over when the program's event
 * loop is empty (`beforeExit`), not when its last registration arrives: an error thrown or a
 * promise rejected at any point before that (in an `apply`, in a timer) fails the run.
 */
import * as path from "path";
import * as capture from "./capture";
import type { CaptureReply, CaptureRequest, Registration } from "./registration";

let request: CaptureRequest | undefined;
let started = 0;
let registrations: Registration[] | undefined;
const errors: unknown[] = [];
let replied = false;

function reply(message: CaptureReply): void {
  if (replied) return;
  replied = true;
  // Exit only once the reply is written; the parent waits for the channel to close, not for the exit.
  process.send!(message, () => process.exit(0));
}

/** The program's own frame an error came from, mapped to its .ts line: `index.ts:12:5`. */
function programFrame(error: Error, projectDir: string): string | undefined {
  for (const line of (error.stack ?? "").split("\n").slice(1)) {
    const frame = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!frame || frame[1].includes("node_modules") || frame[1].includes(`${path.sep}gate${path.sep}`))
      continue;
    const position = capture.originalPosition(frame[1], Number(frame[2]), Number(frame[3]));
    const file = position.uri.startsWith("file://") ? new URL(position.uri).pathname : position.uri;
    if (!file.startsWith(projectDir + path.sep)) continue;
    return `${path.relative(projectDir, file)}:${position.line}:${position.column}`;
  }
  return undefined;
}

function describe(error: unknown): string {
  const projectDir = request?.projectDir ?? process.cwd();
  if (error instanceof Error) {
    // The first line the program's author would recognise, not the SDK's stack.
    const first =
      (error.message || error.name)
        .split("\n")
        .find((l) => l.trim())
        ?.trim() ?? error.name;
    const message = first.split(projectDir + path.sep).join("");
    if (/^[^\s:]+:\d+:\d+: /.test(message)) return message;
    const where = programFrame(error, projectDir);
    return where ? `${message} (at ${where})` : message;
  }
  return String(error);
}

function finish(): void {
  const unanswered = capture.unanswered;
  const messages = [...new Set(errors.map(describe))];
  if (unanswered.invokes.length > 0 || unanswered.stackReferences.length > 0)
    return reply({ ok: false, kind: "unanswered", unanswered, errors: messages });
  if (messages.length > 0)
    return reply({ ok: false, kind: "program", message: messages[0], errors: messages });
  if (!registrations)
    return reply({
      ok: false,
      kind: "program",
      message: "the program stopped before it finished: it awaits a promise that never settles",
      errors: [],
    });
  reply({ ok: true, registrations, millis: Date.now() - started });
}

// Any failure, however late, is this program's failure; the run goes on so all are reported at once.
process.on("unhandledRejection", (error) => errors.push(error));
process.on("uncaughtException", (error) => errors.push(error));
// The event loop is empty: nothing the program started is still running.
process.on("beforeExit", () => {
  if (request && !replied) finish();
});
process.on("exit", (code) => {
  if (request && !replied)
    process.stderr.write(`the program called process.exit(${code}) before finishing\n`);
});

process.once("message", (message: CaptureRequest) => {
  request = message;
  started = Date.now();
  // If the gate dies, stop: the parent's IPC channel is gone (checked without keeping the loop alive).
  setInterval(() => {
    if (!process.connected) process.exit(1);
  }, 500).unref();
  capture.captureProgram(message).then(
    (result) => {
      registrations = result;
    },
    (error) => {
      errors.push(error);
    },
  );
});
