/** The capture process: receives one CaptureRequest over IPC, answers one CaptureReply, exits. */
import * as capture from "./capture";
import type { CaptureReply, CaptureRequest } from "./registration";

let replied = false;
function reply(message: CaptureReply): void {
  if (replied) return;
  replied = true;
  process.send!(message, () => process.exit(0));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // The first line the program's author would recognise, not the SDK's stack.
    return (
      (error.message || error.name)
        .split("\n")
        .find((l) => l.trim())
        ?.trim() ?? error.name
    );
  }
  return String(error);
}

function fail(error: unknown): void {
  const dataSource = capture.unansweredDataSource;
  if (dataSource) reply({ ok: false, kind: "datasource", message: dataSource.message });
  else reply({ ok: false, kind: "program", message: describe(error) });
}

// Program failures often surface as late unhandled rejections; they are this program's failure.
process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);

process.once("message", (request: CaptureRequest) => {
  const started = Date.now();
  capture
    .captureProgram(request)
    .then((registrations) => reply({ ok: true, registrations, millis: Date.now() - started }), fail);
});
