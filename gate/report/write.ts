/** Writing a report where the user asked; a path that cannot be written is bad input (exit 2). */
import * as fs from "fs";
import * as path from "path";
import { GateInputError } from "../run";

export function writeReport(file: string, text: string, flag: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new GateInputError(
      `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass a writable ${flag} path`,
    );
  }
}
