/**
 * Hostile and careless input through the real CLI: secret values never reach a stream (error texts
 * and the program's own messages included), values nested 5,000 levels deep end in one clear line,
 * and a report path that cannot be written fails before the run, never blocks.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli, CliResult, externalProject, REPO } from "../helpers/cli";

const CANARY = "canary-7Hq2-secret-value";
const DEPTH = 5000;

function expectUndecided(result: CliResult, pattern: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^prodready: /);
  expect(lines[0]).toMatch(pattern);
}

/** A project whose index.ts is the given program, with the ts-app fixture's config. */
function program(source: string): string {
  const dir = externalProject("ts-app");
  fs.writeFileSync(path.join(dir, "index.ts"), source);
  return dir;
}

const nested = (depth: number) =>
  `(() => { let value: any = { leaf: "x" }; for (let i = 0; i < ${depth}; i++) value = { nested: value }; return value; })()`;

describe("secret values never reach an output stream", () => {
  const validating = program(
    'import * as pulumi from "@pulumi/pulumi";\n' +
      'const password = new pulumi.Config().require("dbPassword");\n' +
      'if (password.length < 40) throw new Error(`dbPassword "${password}" is shorter than 40 characters`);\n',
  );

  it("not in the program's own error, thrown while it validates its config", async () => {
    const result = await cli(
      "gate",
      "--project-dir",
      validating,
      "--stack",
      "dev",
      "--secret",
      `dbPassword=${CANARY}`,
    );
    expectUndecided(result, /the program failed: dbPassword "\[secret\]" is shorter than 40 characters/);
  });

  it("not when a secure config key gets its value from --config instead of --secret", async () => {
    const result = await cli(
      "gate",
      "--project-dir",
      validating,
      "--stack",
      "dev",
      "--config",
      `dbPassword=${CANARY}`,
    );
    expectUndecided(result, /dbPassword "\[secret\]" is shorter/);
  });

  it("not in a late failure inside an apply, nor JSON-encoded", async () => {
    const dir = program(
      'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n' +
        'const password = new pulumi.Config().require("dbPassword");\n' +
        'new aws.s3.Bucket("b").id.apply(() => { throw new Error(JSON.stringify({ password: password + "\\"" })); });\n',
    );
    const result = await cli(
      "gate",
      "--project-dir",
      dir,
      "--stack",
      "dev",
      "--mode",
      "deploy",
      "--secret",
      `dbPassword=${CANARY}`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("[secret]");
    expect(result.stderr + result.stdout).not.toContain(CANARY);
  });

  it("not in a command-line error that quotes the argument", async () => {
    expectUndecided(
      await cli("gate", "--project-dir", validating, "--stack", "dev", "--secret", CANARY),
      /--secret \[secret\] is not key=value/,
    );
    expectUndecided(await cli("gate", "--secret", `x=${CANARY}`, CANARY), /too many arguments/);
  });
});

describe(`values nested ${DEPTH} levels deep`, () => {
  it("in a program: one line naming the limit, not a RangeError stack", async () => {
    const dir = program(
      `import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("deep", { tags: { a: "b" }, serverSideEncryptionConfiguration: ${nested(DEPTH)} } as any);\n`,
    );
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        dir,
        "--stack",
        "dev",
        "--mode",
        "preview",
        "--secret",
        "dbPassword=x",
      ),
      /the program failed: .*Maximum call stack size exceeded: a value is nested too deeply, or refers to itself; the gate reads values up to 256 levels deep$/,
    );
  });

  it("in a program, deeper than the gate reads but not than the SDK writes: the resource and the path", async () => {
    const dir = program(
      `import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("deep", { serverSideEncryptionConfiguration: ${nested(400)} } as any);\n`,
    );
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        dir,
        "--stack",
        "dev",
        "--mode",
        "preview",
        "--secret",
        "dbPassword=x",
      ),
      /resource deep \(aws:s3\/bucket:Bucket\) has a value nested more than 256 levels deep at serverSideEncryptionConfiguration\.nested\.nested\.nested\.\.\./,
    );
  });

  it("in a stack export", async () => {
    let value = '{"leaf":1}';
    for (let i = 0; i < DEPTH; i++) value = `{"n":${value}}`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-deep-")), "export.json");
    fs.writeFileSync(
      file,
      `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:prod::shop::aws:s3/bucket:Bucket::b","type":"aws:s3/bucket:Bucket","custom":true,"id":"b","inputs":{"tags":${value}},"outputs":{}}]}}`,
    );
    expectUndecided(
      await cli("audit", "--file", file),
      /urn:pulumi:prod::shop::aws:s3\/bucket:Bucket::b has a value nested more than 256 levels deep at tags\.n\.n\.n\.\.\./,
    );
  });

  it("in the policy config", async () => {
    let value = "1";
    for (let i = 0; i < DEPTH; i++) value = `[${value}]`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-deep-")), "config.json");
    fs.writeFileSync(file, `{"rds-backup-retention":{"minimumDays":${value}}}`);
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        program(""),
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--policy-pack-config",
        file,
      ),
      /the policy config .*config\.json nests values more than 256 levels deep/,
    );
  });
});

describe("a report path that cannot be written fails before the run", () => {
  // A project that does not exist: had the gate started the run first, it would complain about the project.
  const missingProject = ["--project-dir", path.join(os.tmpdir(), "prodready-no-such-project")];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-out-"));

  it("a folder that does not exist (nothing is created)", async () => {
    expectUndecided(
      await cli("gate", ...missingProject, "--output", "/nonexistent/dir/x"),
      /cannot write \/nonexistent\/dir\/x: the folder \/nonexistent\/dir does not exist \(create it first\); pass a writable --output path/,
    );
    expect(fs.existsSync("/nonexistent")).toBe(false);
  });

  it("a directory, for --output and --report, in gate and audit", async () => {
    expectUndecided(
      await cli("gate", ...missingProject, "--output", scratch),
      /cannot write .*: it is a directory; pass a writable --output path/,
    );
    expectUndecided(
      await cli("gate", ...missingProject, "--report", `sarif=${scratch}`),
      /cannot write .*: it is a directory; pass a writable --report path/,
    );
    expectUndecided(
      await cli("audit", "--file", "/nonexistent.json", "--output", scratch),
      /it is a directory/,
    );
  });

  it("a named pipe nobody reads: fails at once instead of blocking", async () => {
    const fifo = path.join(scratch, "pipe");
    execFileSync("mkfifo", [fifo]);
    expectUndecided(
      await cli("gate", ...missingProject, "--output", fifo),
      /cannot write .*pipe: it is a pipe nobody reads/,
    );
  });

  it("a read-only file (checked as an unprivileged user: root may write any file)", () => {
    const readOnly = path.join(scratch, "read-only.json");
    fs.writeFileSync(readOnly, "{}");
    fs.chmodSync(readOnly, 0o444);
    fs.chmodSync(scratch, 0o755);
    const asUser =
      process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const command = [
      ...asUser,
      process.execPath,
      path.join(REPO, "gate/bin/prodready.js"),
      "gate",
      ...missingProject,
      "--output",
      readOnly,
    ];
    const result = spawnSync(command[0], command.slice(1), { encoding: "utf8", cwd: os.tmpdir() });
    expectUndecided(
      { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr },
      /cannot write .*read-only\.json: permission denied; pass a writable --output path/,
    );
    expect(fs.readFileSync(readOnly, "utf8")).toBe("{}");
  });
});
