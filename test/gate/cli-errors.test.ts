/** Every way the gate can fail to decide exits 2 with one clear line, and never says "pass". */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli, externalProject, FIXTURES, REPO } from "../helpers/cli";

const TS_APP = path.join(FIXTURES, "projects/ts-app");

function expectUndecided(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^prodready: /);
  expect(lines[0]).toMatch(pattern);
}

describe("gate exit code 2: could not decide", () => {
  it("unknown flag", async () => {
    expectUndecided(await cli("gate", "--stak", "production"), /unknown option '--stak'/);
  });

  it("malformed --report", async () => {
    expectUndecided(
      await cli("gate", "--report", "pdf=gate.pdf"),
      /--report pdf=gate\.pdf is not FORMAT=FILE/,
    );
  });

  it("no command", async () => {
    expectUndecided(await cli(), /no command given/);
  });

  it("invalid choice", async () => {
    expectUndecided(await cli("gate", "--mode", "plan"), /argument 'plan' is invalid/);
  });

  it("missing project", async () => {
    expectUndecided(
      await cli("gate", "--project-dir", path.join(os.tmpdir(), "no-such-project")),
      /no Pulumi\.yaml in .*no-such-project; pass the project folder with --project-dir/,
    );
  });

  it("a stack without a config file runs with empty config: one line says so, then the program decides", async () => {
    const result = await cli("gate", "--project-dir", TS_APP, "--stack", "qa");
    expect(result.stderr.trim().split("\n")).toEqual([
      `prodready: stack qa has no Pulumi.qa.yaml in ${TS_APP}; running with empty config, as pulumi preview does for a new stack`,
      "prodready: the program failed: Missing required configuration variable 'orders:retentionDays' (at index.ts:46:25)",
    ]);
    expect(result.code).toBe(2);
  });

  it("encrypted secret without a value", async () => {
    expectUndecided(
      await cli("gate", "--project-dir", TS_APP, "--stack", "dev"),
      /orders:dbPassword is encrypted in Pulumi\.dev\.yaml and cannot be decrypted offline; pass --secret orders:dbPassword=VALUE/,
    );
  });

  it("malformed --config", async () => {
    expectUndecided(
      await cli("gate", "--project-dir", TS_APP, "--stack", "dev", "--config", "retentionDays"),
      /--config retentionDays is not key=value/,
    );
  });

  it("program error", async () => {
    const dir = externalProject("ts-app");
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.Config().require("missingKey");\n',
    );
    expectUndecided(
      await cli("gate", "--project-dir", dir, "--stack", "dev", "--secret", "dbPassword=x"),
      /the program failed: .*orders:missingKey/,
    );
  });

  it("program error surfacing as a late unhandled rejection", async () => {
    const dir = externalProject("ts-app");
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("b");\nb.id.apply(() => { throw new Error("boom in apply"); });\n',
    );
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        dir,
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--mode",
        "deploy",
      ),
      /the program failed: .*boom in apply/,
    );
  });

  it("data source the gate cannot answer: one line, then a --mocks snippet", async () => {
    const dir = externalProject("ts-app");
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      'import * as aws from "@pulumi/aws";\nexport const host = aws.ssm.getParameterOutput({ name: "/orders/db-host" }).value;\n',
    );
    const result = await cli("gate", "--project-dir", dir, "--stack", "dev", "--secret", "dbPassword=x");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const [first, ...snippet] = result.stderr.trim().split("\n");
    expect(first).toMatch(
      /^prodready: the program needs answers the gate does not have offline: data source aws:ssm\/getParameter:getParameter \{"name":"\/orders\/db-host"\}; answer them in a --mocks file/,
    );
    expect(snippet.join("\n")).toContain("aws:ssm/getParameter:getParameter");
  });

  it("invalid policy config", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-config-")), "bad.json");
    fs.writeFileSync(file, JSON.stringify({ "rds-backup-retention": { minimumDays: "fourteen" } }));
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        TS_APP,
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--policy-pack-config",
        file,
      ),
      /validating policy config: production-readiness .*rds-backup-retention: \/minimumDays must be integer/,
    );
  });

  it("unreadable policy config", async () => {
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        TS_APP,
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--policy-pack-config",
        "/nonexistent.json",
      ),
      /the policy config \/nonexistent\.json does not exist/,
    );
  });

  it("unreadable export", async () => {
    expectUndecided(
      await cli("audit", "--file", "/nonexistent-export.json"),
      /the stack export \/nonexistent-export\.json does not exist/,
    );
  });

  it("export that is not an export", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-export-")), "export.json");
    fs.writeFileSync(file, JSON.stringify({ version: 1, deployment: {} }));
    expectUndecided(await cli("audit", "--file", file), /export version 1 is not supported/);
  });

  it("pack that is not a pack", async () => {
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        TS_APP,
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--policy-pack",
        REPO,
      ),
      /is not a policy pack: it has no PulumiPolicy\.yaml/,
    );
  });

  it("pack that fails to start", async () => {
    expectUndecided(
      await cli(
        "gate",
        "--project-dir",
        TS_APP,
        "--stack",
        "dev",
        "--secret",
        "dbPassword=x",
        "--policy-pack",
        path.join(FIXTURES, "packs/broken-start"),
      ),
      /the policy pack failed to start: it exited with code 1 before printing its port: .*cannot find module/i,
    );
  });
});
