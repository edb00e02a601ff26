/**
 * What the engine would see, the gate sees: unanswered data sources and stack references listed
 * all at once, failures that arrive late, syntax errors at file:line:col, a program that never
 * finishes (--timeout), and SIGINT/SIGTERM ending the pack and the program workers.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { cli, CliResult, FIXTURES, REPO } from "../helpers/cli";
import { CaptureError, runCapture } from "../../gate/capture";
import { loadProject, programLoading } from "../../gate/capture/project";
import { runGate } from "../../gate/run";
import { PACK_DIR } from "../helpers/pack";

const PROGRAMS = path.join(FIXTURES, "programs");

/** A one-file project outside the repository, resolving packages from the repository's install. */
function project(files: Record<string, string>, manifest = "name: scratch\nruntime: nodejs\n"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-scratch-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), manifest);
  fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  aws:region: us-east-1\n");
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function undecided(result: CliResult): string[] {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  return result.stderr.trim().split("\n");
}

describe("unanswered stack references and data sources: exit 2 once, all of them, with a --mocks snippet", () => {
  let team: CliResult;
  let lookups: CliResult;
  beforeAll(async () => {
    [team, lookups] = await Promise.all([
      cli("gate", "--project-dir", path.join(PROGRAMS, "team-stack-reference"), "--stack", "prod"),
      cli("gate", "--project-dir", path.join(PROGRAMS, "data-sources"), "--stack", "prod"),
    ]);
  }, 300_000);

  it("names the referenced stack and the outputs the program reads", () => {
    const [first, header, ...snippet] = undecided(team);
    expect(first).toBe(
      "prodready: the program needs answers the gate does not have offline: stack reference acme/network/prod (outputs vpcId, privateSubnetIds); answer them in a --mocks file (this snippet follows)",
    );
    expect(header).toMatch(/^# prodready --mocks file: replace each TODO/);
    expect(yaml.load(snippet.join("\n"))).toEqual({
      stackReferences: { "acme/network/prod": { outputs: { vpcId: "TODO", privateSubnetIds: "TODO" } } },
    });
  });

  it("lists every unanswered data source at once, and none the table answers", () => {
    const [first, , ...snippet] = undecided(lookups);
    expect(first).toBe(
      'prodready: the program needs answers the gate does not have offline: data source aws:ssm/getParameter:getParameter {"name":"/batch/queue-url"}; data source aws:secretsmanager/getSecretVersion:getSecretVersion {"secretId":"batch/worker"}; answer them in a --mocks file (this snippet follows)',
    );
    expect(yaml.load(snippet.join("\n"))).toEqual({
      invokes: {
        "aws:ssm/getParameter:getParameter": [
          { args: { name: "/batch/queue-url" }, result: { value: "TODO" } },
        ],
        "aws:secretsmanager/getSecretVersion:getSecretVersion": [
          { args: { secretId: "batch/worker" }, result: { secretString: "TODO" } },
        ],
      },
    });
  });

  it("adds what only deploy asks (a data source whose argument is unknown at preview)", async () => {
    const dir = project({
      "index.ts": [
        'import * as aws from "@pulumi/aws";',
        'const key = new aws.kms.Key("data", { enableKeyRotation: true });',
        "export const alias = aws.kms.getAliasOutput({ name: key.keyId.apply((id) => `alias/${id}`) }).arn;",
        'export const host = aws.ssm.getParameterOutput({ name: "/app/db-host" }).value;',
        "",
      ].join("\n"),
    });
    const [first] = undecided(await cli("gate", "--project-dir", dir, "--stack", "prod"));
    expect(first).toMatch(
      /offline: data source aws:ssm\/getParameter:getParameter \{"name":"\/app\/db-host"\}; data source aws:kms\/getAlias:getAlias \{"name":"alias\/[0-9a-f-]+"\}; answer them/,
    );
  });

  it("rejects a bad --mocks file before running anything", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-mocks-")), "mocks.yaml");
    fs.writeFileSync(file, "stackReferences:\n  acme/network/prod:\n    outputs: {}\n    vpcId: vpc-1\n");
    const lines = undecided(
      await cli(
        "gate",
        "--project-dir",
        path.join(PROGRAMS, "team-stack-reference"),
        "--stack",
        "prod",
        "--mocks",
        file,
      ),
    );
    expect(lines).toEqual([
      `prodready: the mocks file ${file}: /stackReferences/acme/network/prod has an unknown key "vpcId"; see "The mocks file" in docs/gate.md`,
    ]);
  });
});

describe("failures the engine would see", () => {
  it("fails the run on a throw inside an apply after every resource registered (a JavaScript program)", async () => {
    const lines = undecided(
      await cli("gate", "--project-dir", path.join(PROGRAMS, "late-failure"), "--stack", "prod"),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^prodready: the program failed: queue https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/reports-[0-9a-f]{7} is not in the reports account \(at index\.js:12:\d+\)$/,
      ),
    ]);
  });

  it("gives the same verdict on every one of 30 runs of a program that fails from a timer", async () => {
    const loaded = loadProject(path.join(PROGRAMS, "late-timer"), "prod");
    const outcomes: string[] = [];
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < 30) {
        next++;
        const capture = runCapture({
          ...programLoading(loaded),
          projectDir: loaded.dir,
          project: loaded.name,
          stack: "prod",
          organization: "organization",
          preview: false,
          config: {},
          secretKeys: [],
        });
        outcomes.push(
          await capture.result.then(
            () => "passed",
            (error: CaptureError) => error.message,
          ),
        );
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    console.log(`30 captures of late-timer in ${Date.now() - started} ms`);
    expect(new Set(outcomes)).toEqual(
      new Set(["the program failed: job-4 overlaps the maintenance window (at index.ts:16:13)"]),
    );
    expect(outcomes).toHaveLength(30);
  }, 600_000);

  it("fails the run on a rejection after the program's stack finished", async () => {
    const dir = project({
      "index.ts": [
        'import * as aws from "@pulumi/aws";',
        'new aws.sqs.Queue("jobs");',
        'setTimeout(() => Promise.reject(new Error("late rejection from a retry loop")), 50);',
        "",
      ].join("\n"),
    });
    expect(
      undecided(await cli("gate", "--project-dir", dir, "--stack", "prod", "--mode", "preview")),
    ).toEqual(["prodready: the program failed: late rejection from a retry loop (at index.ts:3:33)"]);
  });

  it("points a syntax error at file:line:col", async () => {
    const dir = project({
      "index.ts":
        'import * as aws from "@pulumi/aws";\n\nconst retention: number = ;\nnew aws.sqs.Queue("jobs");\n',
    });
    expect(
      undecided(await cli("gate", "--project-dir", dir, "--stack", "prod", "--mode", "preview")),
    ).toEqual(["prodready: the program failed: index.ts:3:27: Expression expected"]);
  });

  it("with --typecheck, lists the program's type errors at file:line:col", async () => {
    const dir = project({
      // @pulumi/pulumi's types only: type-checking @pulumi/aws's declarations costs tsc ~12 s, and
      // what is under test is the gate's reading of tsc's diagnostics, whatever the types.
      "index.ts": [
        'import * as pulumi from "@pulumi/pulumi";',
        'const retention: number = "thirty";',
        "class Queue extends pulumi.CustomResource {",
        "  constructor(name: string, args: { delaySeconds: pulumi.Input<number> }) {",
        '    super("aws:sqs/queue:Queue", name, args);',
        "  }",
        "}",
        'new Queue("jobs", { delaySeconds: "5" });',
        "new Queue(`jobs-${retention}`, { delaySeconds: retention });",
        "",
      ].join("\n"),
    });
    expect(
      undecided(
        await cli("gate", "--project-dir", dir, "--stack", "prod", "--mode", "preview", "--typecheck"),
      ),
    ).toEqual([
      "prodready: the program has 2 type errors (pulumi preview's ts-node would stop on them): index.ts:2:7: error TS2322: Type 'string' is not assignable to type 'number'.",
      "index.ts:8:21: error TS2322: Type 'string' is not assignable to type 'Input<number>'.",
    ]);
  }, 180_000);

  it("refuses a TypeScript entry when runtime.options.typescript is false", async () => {
    const dir = project(
      { "index.ts": "export {};\n" },
      "name: scratch\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    );
    const [line] = undecided(await cli("gate", "--project-dir", dir, "--stack", "prod"));
    expect(line).toBe(
      `prodready: the program entry ${dir}/index.ts is TypeScript but Pulumi.yaml sets runtime.options.typescript: false; point main at the compiled JavaScript or remove that option`,
    );
  });
});

const NEVER_FINISHES = [
  'import * as fs from "fs";',
  'import * as aws from "@pulumi/aws";',
  'new aws.sqs.Queue("jobs");',
  "fs.writeFileSync(`${__dirname}/running-${process.pid}`, '');",
  "setInterval(() => undefined, 1000); // a poller that never stops, so the program never finishes",
  "",
].join("\n");

describe("a program that never finishes", () => {
  it("stops at --timeout with exit 2", async () => {
    const dir = project({ "index.ts": NEVER_FINISHES });
    const started = Date.now();
    // The pack in process, so only the program's limit is tested (the spawned pack's start has the same one).
    const run = runGate({
      projectDir: dir,
      stack: "prod",
      packDir: PACK_DIR,
      packEntry: "index.ts",
      transport: "in-process",
      mode: "preview",
      config: [],
      secrets: [],
      organization: "organization",
      strictUnknowns: false,
      timeoutSeconds: 2,
    });
    await expect(run).rejects.toThrow(
      new CaptureError(
        "the program did not finish within 2s (something keeps it running: a timer, a server, an await that never settles); raise --timeout if it is just slow",
      ),
    );
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("rejects a --timeout that is not a number of seconds", async () => {
    expect(undecided(await cli("gate", "--timeout", "soon"))).toEqual([
      "prodready: --timeout soon is not a number of seconds; write e.g. --timeout 600",
    ]);
  });

  function children(pid: number): number[] {
    try {
      return fs
        .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  function alive(pid: number): boolean {
    try {
      return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
      return false; // no such process
    }
  }

  async function interrupt(signal: "SIGINT" | "SIGTERM") {
    const dir = project({ "index.ts": NEVER_FINISHES });
    const gate: ChildProcess = spawn(
      process.execPath,
      [
        path.join(REPO, "gate/bin/prodready.js"),
        "gate",
        "--project-dir",
        dir,
        "--stack",
        "prod",
        "--mode",
        "preview",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    gate.stderr!.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => gate.once("exit", (code) => resolve(code)));
    // The program worker is running the program and the pack is up: two children.
    const deadline = Date.now() + 240_000;
    let pids: number[] = [];
    while (Date.now() < deadline) {
      pids = children(gate.pid!);
      const running = fs.readdirSync(dir).filter((f) => f.startsWith("running-")).length;
      if (pids.length === 2 && running === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(pids).toHaveLength(2);
    gate.kill(signal);
    const code = await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { code, stderr, pids };
  }

  it("ends the pack and the program worker on SIGTERM (143) and SIGINT (130), leaving no process", async () => {
    const [term, int] = await Promise.all([interrupt("SIGTERM"), interrupt("SIGINT")]);
    expect(term.code).toBe(143);
    expect(int.code).toBe(130);
    expect(term.stderr).toBe(
      "prodready: interrupted by SIGTERM; the pack and the program were stopped, nothing was decided\n",
    );
    expect(int.stderr).toBe(
      "prodready: interrupted by SIGINT; the pack and the program were stopped, nothing was decided\n",
    );
    for (const pid of [...term.pids, ...int.pids]) expect([pid, alive(pid)]).toEqual([pid, false]);
  }, 300_000);
});
