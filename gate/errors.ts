/**
 * Why the gate stops without a verdict, and the exit code each reason gives. Every error a command
 * reports to the user extends `GateError`; the CLI prints its message as one line (plus `detail`)
 * and exits with its code, so a new error class needs no new rule anywhere else.
 */
import { MAX_VALUE_DEPTH } from "./engine/types";

/** The verdicts' codes (0, 1) and the codes of the runs that end without one. */
export const EXIT = {
  pass: 0,
  violations: 1,
  /** Bad input, a program failure or a pack failure: the gate could not decide; never a pass. */
  undecided: 2,
  /** Ended by SIGINT (128 + 2), as shells and the Pulumi CLI report it. */
  sigint: 130,
  /** Ended by SIGTERM (128 + 15). */
  sigterm: 143,
} as const;

export type ErrorKind = "bad-input" | "program-failure" | "pack-failure" | "interrupted";

export abstract class GateError extends Error {
  abstract readonly kind: ErrorKind;
  /** Lines printed after the one-line message (e.g. a ready-to-paste snippet), each ending in a newline. */
  detail?: string;

  get exitCode(): number {
    return EXIT.undecided;
  }
}

/** Something the user passed (a flag, a file, a project, a config) keeps the gate from deciding. */
export class GateInputError extends GateError {
  readonly kind = "bad-input";
}

/** The program could not be run to its end, as `pulumi preview` would fail. */
export class ProgramFailure extends GateError {
  readonly kind = "program-failure";
}

/** The policy pack could not be started or failed while analysing: not a policy outcome. */
export class PackFailure extends GateError {
  readonly kind = "pack-failure";
}

export type InterruptSignal = "SIGINT" | "SIGTERM";

/** The run was ended by a signal: the pack and the program were stopped, nothing was decided. */
export class Interrupted extends GateError {
  readonly kind = "interrupted";

  constructor(readonly signal: InterruptSignal) {
    super(`interrupted by ${signal}; the pack and the program were stopped, nothing was decided`);
  }

  override get exitCode(): number {
    return this.signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
  }
}

/**
 * The JavaScript engine ran out of stack: a value nested too deeply (or referring to itself) for a
 * recursive reader. Every reader the gate owns checks `MAX_VALUE_DEPTH` first; this names the rest
 * (the Pulumi SDK's serializer in the program, a pack's deserializer).
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && STACK_OVERFLOW.test(error.message);
}

const STACK_OVERFLOW = /maximum call stack size exceeded/i;

/** A message that reports a stack overflow, with what it means for a Pulumi value and the limit. */
export function explainStackOverflow(message: string): string {
  if (!STACK_OVERFLOW.test(message)) return message;
  return `${message}: a value is nested too deeply, or refers to itself; the gate reads values up to ${MAX_VALUE_DEPTH} levels deep`;
}
