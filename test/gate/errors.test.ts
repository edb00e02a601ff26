/** Every error a layer of the gate reports is a GateError of one kind, with the exit code of that kind. */
import { EXIT, GateError, GateInputError, Interrupted, PackFailure, ProgramFailure } from "../../gate/errors";
import { ProjectError } from "../../gate/capture/project";
import { CaptureError } from "../../gate/capture";
import { PackError } from "../../gate/analyzer/transport";
import { ExportError } from "../../gate/engine/stack-export";
import { PolicyConfigError } from "../../gate/engine/policy-config";
import { GateInputError as GateInputErrorOfRun } from "../../gate/run";

describe("error kinds", () => {
  it.each([
    ["ProjectError", new ProjectError("x"), "bad-input"],
    ["ExportError", new ExportError("x"), "bad-input"],
    ["PolicyConfigError", new PolicyConfigError("x"), "bad-input"],
    ["GateInputError", new GateInputErrorOfRun("x"), "bad-input"],
    ["CaptureError", new CaptureError("x"), "program-failure"],
    ["PackError", new PackError("x"), "pack-failure"],
  ])("%s is %s and exits 2: could not decide", (_name, error, kind) => {
    expect(error).toBeInstanceOf(GateError);
    expect(error.kind).toBe(kind);
    expect(error.exitCode).toBe(EXIT.undecided);
    expect(EXIT.undecided).toBe(2);
  });

  it("the base classes are the ones the layers extend", () => {
    expect(new ProjectError("x")).toBeInstanceOf(GateInputError);
    expect(new CaptureError("x")).toBeInstanceOf(ProgramFailure);
    expect(new PackError("x")).toBeInstanceOf(PackFailure);
  });

  it("an interrupted run exits 128 + the signal's number", () => {
    expect(new Interrupted("SIGINT").exitCode).toBe(130);
    expect(new Interrupted("SIGTERM").exitCode).toBe(143);
    expect(new Interrupted("SIGTERM").message).toBe(
      "interrupted by SIGTERM; the pack and the program were stopped, nothing was decided",
    );
  });
});
