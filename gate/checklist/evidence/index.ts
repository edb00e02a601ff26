/**
 * Evidence for the readiness report: the files application teams already produce (test results,
 * audits, scans, build output), found under --evidence folders, recognised by content and turned into
 * facts about checklist items through the table in mapping.ts. Synchronous: evidence files are small
 * and read once, and the report has nothing else to do meanwhile.
 */
import * as fs from "fs";
import type { EvidenceFact, EvidenceFile, EvidenceFormat, EvidenceOptions, EvidenceResult } from "./types";
import { resolveEvidenceOptions, ResolvedEvidenceOptions } from "./options";
import { walkEvidenceFolder } from "./walk";
import { recognise } from "./recognise";
import { MalformedEvidence, plural, Reading } from "./formats/reading";
import { proofOf } from "./mapping";
import { shown } from "./redaction";

export type { EvidenceFact, EvidenceFile, EvidenceFormat, EvidenceOptions, EvidenceResult } from "./types";
export { DEFAULT_EVIDENCE_OPTIONS, EvidenceError } from "./options";
export { EVIDENCE_MAPPING, proofOf } from "./mapping";
export type { ClaimKinds, FormatMapping, ItemProof } from "./mapping";
export { FLOW_ITEMS } from "./flows";

/** Larger files are not read: real evidence (a Lighthouse result with screenshots) stays well under. */
export const MAX_EVIDENCE_FILE_BYTES = 32 * 1024 * 1024;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks drift; a time further ahead than this is not a time the evidence was produced. */
const FUTURE_TOLERANCE_MS = DAY_MS;

/** The file's text: UTF-8, or UTF-16 with its byte order mark (PowerShell's `>`); undefined if binary. */
function decode(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  // swap16 needs whole code units: a truncated UTF-16 file drops its odd last byte.
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)))
      .swap16()
      .toString("utf16le");
  }
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface Outcome {
  format: EvidenceFormat | "unrecognised";
  status: EvidenceFile["status"];
  message: string;
  reading?: Reading;
}

function readFile(real: string, size: number, options: ResolvedEvidenceOptions): Outcome {
  if (size > MAX_EVIDENCE_FILE_BYTES) {
    return {
      format: "unrecognised",
      status: "foreign",
      message: `larger than ${MAX_EVIDENCE_FILE_BYTES / 1024 / 1024} MiB: not read`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(real);
  } catch (error) {
    return {
      format: "unrecognised",
      status: "foreign",
      message: `cannot be read (${(error as NodeJS.ErrnoException).code})`,
    };
  }
  const text = decode(bytes);
  if (text === undefined) return { format: "unrecognised", status: "foreign", message: "a binary file" };
  const recognition = recognise(text);
  if (recognition.kind === "foreign")
    return { format: "unrecognised", status: "foreign", message: recognition.message };
  if (recognition.kind === "malformed")
    return { format: recognition.format, status: "malformed", message: recognition.message };
  try {
    return { format: recognition.format, status: "used", message: "", reading: recognition.read(options) };
  } catch (error) {
    const message =
      error instanceof MalformedEvidence
        ? error.message
        : `content this reader did not expect (${shown((error as Error).message, 160)}); please report it`;
    return { format: recognition.format, status: "malformed", message };
  }
}

/** A reader may only claim what the mapping table lists; anything else is a bug in the reader. */
function checkAgainstMapping(format: EvidenceFormat, item: string, result: "pass" | "fail"): void {
  const proof = proofOf(format, item);
  const allowed = proof && (proof.claims === "pass-and-fail" || proof.claims === `${result}-only`);
  if (!allowed)
    throw new Error(`the ${format} reader claimed ${item} ${result}, which mapping.ts does not list`);
}

/**
 * Reads every file under `dirs` (each an --evidence folder). Throws EvidenceError for bad options or
 * a folder that does not exist or cannot be read; a bad file is reported in `files`, never thrown.
 */
export function collectEvidence(dirs: string[], options: EvidenceOptions): EvidenceResult {
  const resolved = resolveEvidenceOptions(options);
  const facts: EvidenceFact[] = [];
  const files: EvidenceFile[] = [];
  const read = new Set<string>();
  for (const dir of dirs) {
    const { found, unread } = walkEvidenceFolder(dir);
    const entries: (EvidenceFile & { order: string })[] = unread.map((u) => ({
      order: u.file,
      file: u.file,
      dir,
      format: "unrecognised",
      status: "foreign",
      message: u.problem,
      facts: 0,
    }));
    for (const { file, real, stats } of found) {
      if (read.has(real)) continue;
      read.add(real);
      const outcome = readFile(real, stats.size, resolved);
      const reading = outcome.reading;
      if (!reading || outcome.format === "unrecognised") {
        entries.push({
          order: file,
          file,
          dir,
          format: outcome.format,
          status: outcome.status,
          message: outcome.message,
          facts: 0,
        });
        continue;
      }
      const format = outcome.format;
      const inFile = reading.producedAt !== undefined;
      const producedAt = reading.producedAt ?? stats.mtime;
      if (producedAt.getTime() - resolved.now.getTime() > FUTURE_TOLERANCE_MS) {
        entries.push({
          order: file,
          file,
          dir,
          format,
          status: "malformed",
          message: `dated ${producedAt.toISOString()}${inFile ? "" : " (file time)"}, after the report's time: ${reading.message}`,
          facts: 0,
        });
        continue;
      }
      const ageDays = Math.max(0, Math.floor((resolved.now.getTime() - producedAt.getTime()) / DAY_MS));
      const stale = ageDays > resolved.maxAgeDays;
      for (const claim of reading.claims) {
        checkAgainstMapping(format, claim.item, claim.result);
        facts.push({
          item: claim.item,
          result: claim.result,
          fact: claim.fact,
          file,
          dir,
          format,
          producedAt: producedAt.toISOString(),
          ageDays,
          stale,
        });
      }
      const dated = reading.timestampProblem
        ? `; ${reading.timestampProblem}, so the file time dates it`
        : "";
      const age = stale
        ? `${plural(ageDays, "day")} old, older than ${plural(resolved.maxAgeDays, "day")}: `
        : "";
      entries.push({
        order: file,
        file,
        dir,
        format,
        status: stale ? "stale" : "used",
        message: `${age}${reading.message}${dated}`,
        facts: reading.claims.length,
      });
    }
    entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    files.push(...entries.map(({ order: _order, ...entry }) => entry));
  }
  return { facts, files };
}
