// Invalid config stops the program before any resource exists, with the one line from stacks/config.ts.
import { runProgram } from "./harness";

test("production with a 3-day backup retention stops with one line naming the key, the problem and the fix", async () => {
  const run = await runProgram("production", { "prodready:backupRetentionDays": "3" });
  expect(run.error?.message).toBe(
    "prodready:backupRetentionDays must be at least 14 in production; got 3. Set it in stacks/Pulumi.production.yaml.",
  );
  // RunError: the CLI prints the message alone, without a stack trace.
  expect(run.error?.constructor.name).toBe("RunError");
  expect(run.resources).toEqual([]);
});

test("a stack without its Django image stops before any resource exists", async () => {
  const run = await runProgram("staging", { "prodready:djangoImage": undefined });
  expect(run.error?.message).toBe(
    "prodready:djangoImage must be the Django container image; got nothing. Set it in stacks/Pulumi.staging.yaml.",
  );
  expect(run.resources).toEqual([]);
});
