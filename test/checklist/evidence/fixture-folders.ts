/**
 * Evidence fixtures copied to a temporary folder with a fixed modification time, so that formats dated
 * by their file time have a known age whatever the checkout's clock says.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  collectEvidence,
  EvidenceFact,
  EvidenceOptions,
  EvidenceResult,
} from "../../../gate/checklist/evidence";

export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "evidence");
/** The file time given to every copy; the timestamps inside the fixtures are of the same morning. */
export const PRODUCED = new Date("2026-11-20T12:00:00Z");
/** The report's clock in these tests: five days later. */
export const NOW = new Date("2026-11-25T00:00:00Z");

const created: string[] = [];

function touchAll(dir: string, time: Date): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) touchAll(full, time);
    else if (entry.isFile()) fs.utimesSync(full, time, time);
  }
}

/** A fresh temporary folder (removed by `removeTemporaryFolders`). */
export function temporaryFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-evidence-"));
  created.push(dir);
  return dir;
}

/** Copies fixture folders (relative to test/fixtures/evidence) into one temporary folder. */
export function copyFixtures(...folders: string[]): string {
  const dir = temporaryFolder();
  for (const folder of folders) {
    fs.cpSync(path.join(FIXTURES, folder), path.join(dir, folder), { recursive: true });
  }
  touchAll(dir, PRODUCED);
  return dir;
}

export function removeTemporaryFolders(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function collect(dirs: string[], options: Partial<EvidenceOptions> = {}): EvidenceResult {
  return collectEvidence(dirs, { now: NOW, maxAgeDays: 30, ...options });
}

/** `item result` for each fact of one file, sorted: what a file proved, in a form a test can compare. */
export function claimsOf(result: EvidenceResult, file: string): string[] {
  return result.facts
    .filter((fact) => fact.file === file)
    .map((fact) => `${fact.item} ${fact.result}`)
    .sort();
}

export function factOf(result: EvidenceResult, file: string, item: string): EvidenceFact {
  const fact = result.facts.find((f) => f.file === file && f.item === item);
  if (!fact) throw new Error(`no fact for ${item} from ${file}`);
  return fact;
}

export function fileOf(result: EvidenceResult, file: string) {
  const entry = result.files.find((f) => f.file === file);
  if (!entry) throw new Error(`${file} was not reported`);
  return entry;
}
