/**
 * Writing a report where the user asked. A path that cannot be written is bad input (exit 2), found
 * before the run starts, and a write never blocks: a named pipe nobody reads fails at once.
 */
import * as fs from "fs";
import * as path from "path";
import { GateInputError } from "../errors";

const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK, W_OK } = fs.constants;

/** How long a write waits for a slow reader of a pipe before it gives up. */
const PIPE_PATIENCE_MS = 10_000;

function unwritable(file: string, flag: string, why: string): GateInputError {
  return new GateInputError(`cannot write ${file}: ${why}; pass a writable ${flag} path`);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENXIO":
      return "it is a pipe nobody reads";
    case "EAGAIN":
      return `its reader read nothing for ${PIPE_PATIENCE_MS / 1000}s`;
    case "EPIPE":
      return "its reader went away";
    case "EISDIR":
      return "it is a directory";
    case "ENOENT":
      return "its folder does not exist";
    default:
      return code ?? (error as Error).message;
  }
}

/** Opens for writing without ever blocking (a FIFO without a reader fails with ENXIO instead). */
function openForWriting(file: string, flags: number): number {
  return fs.openSync(file, flags | O_WRONLY | O_NONBLOCK, 0o666);
}

/** Fails now, before a run of many seconds, when FILE could not be written at its end. Writes nothing. */
export function checkWritable(file: string, flag: string): void {
  const target = path.resolve(file);
  let stats: fs.Stats | undefined;
  try {
    stats = fs.statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw unwritable(file, flag, reason(error));
  }
  if (stats?.isDirectory()) throw unwritable(file, flag, "it is a directory");
  if (stats) {
    try {
      if (stats.isFile()) fs.accessSync(target, W_OK);
      // A pipe or device: opening it is the only test (and does not truncate or write).
      else fs.closeSync(openForWriting(target, 0));
    } catch (error) {
      throw unwritable(file, flag, reason(error));
    }
    return;
  }
  const folder = path.dirname(target);
  let folderStats: fs.Stats;
  try {
    folderStats = fs.statSync(folder);
  } catch {
    throw unwritable(file, flag, `the folder ${folder} does not exist (create it first)`);
  }
  if (!folderStats.isDirectory()) throw unwritable(file, flag, `${folder} is not a folder`);
  try {
    fs.accessSync(folder, W_OK);
  } catch (error) {
    throw unwritable(file, flag, `${reason(error)} in ${folder}`);
  }
}

export function writeReport(file: string, text: string, flag: string): void {
  let descriptor: number;
  try {
    descriptor = openForWriting(file, O_CREAT | O_TRUNC);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unwritable(
      file,
      flag,
      code === "ENOENT"
        ? `the folder ${path.dirname(path.resolve(file))} does not exist (create it first)`
        : reason(error),
    );
  }
  try {
    const bytes = Buffer.from(text);
    let written = 0;
    let waitedSince: number | undefined;
    while (written < bytes.length) {
      try {
        written += fs.writeSync(descriptor, bytes, written);
        waitedSince = undefined;
      } catch (error) {
        // Only a pipe answers EAGAIN: its reader is slower than the gate; wait for it, not forever.
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        waitedSince ??= Date.now();
        if (Date.now() - waitedSince > PIPE_PATIENCE_MS) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  } catch (error) {
    throw unwritable(file, flag, reason(error));
  } finally {
    fs.closeSync(descriptor);
  }
}
