/**
 * PLACEHOLDER until the evidence recognition is merged: the branch that writes the parsers replaces
 * this file with the real `collectEvidence`. The readiness report calls it only through
 * `recogniseEvidence` in ../command.ts, so the merge is this file alone.
 */
import type { EvidenceOptions, EvidenceResult } from "./types";

export function collectEvidence(_dirs: string[], _options: EvidenceOptions): EvidenceResult {
  throw new Error("evidence recognition is not merged yet");
}
