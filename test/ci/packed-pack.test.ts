/**
 * What the platform team ships, packed and installed as another repository installs it, once for
 * both: the policy pack (`npm pack` in policies/: exactly what a Pulumi CLI needs, production
 * dependencies only, judging a stack exactly as the workspace pack does) and the gate package
 * (`npm pack` in package/: `npx prodready gate` in a folder outside this repository, next to a
 * program of its own, gives the in-repository run's verdict and findings, loading nothing of this
 * repository).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GrpcPackTransport } from "../../gate/analyzer/grpc-transport";
import { runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { syntheticStack } from "../../bench/synthetic";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { PACK_DIR } from "../helpers/pack";
import { cli, externalProject, FIXTURES, REPO } from "../helpers/cli";

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const ADOPTER = "adopter-storefront";

/** `npm pack` of a folder into `work`: the tarball's path. */
function pack(folder: string, work: string): string {
  const output = npm(["pack", "--json", "--pack-destination", work], folder);
  const [packed] = JSON.parse(output.slice(output.indexOf("[")));
  return path.join(work, packed.filename);
}

const listing = (tarball: string) =>
  execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, ""));

/**
 * The adopting repository's own provider SDK, not part of what is under test, copied from this
 * repository's install when it pins the same version (the same files npm would extract from its
 * cache; npm keeps a package already in node_modules that satisfies the pin). @pulumi/aws is 84 MB
 * in 11,000 files: extracting it was most of the install's ~15-20 s. Everything the two packages
 * bring is still installed by npm from their tarballs' manifests.
 */
function seedOwnProvider(project: string, name: string): void {
  const pinned = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).dependencies[name];
  const ours = path.join(REPO, "node_modules", name);
  if (JSON.parse(fs.readFileSync(path.join(ours, "package.json"), "utf8")).version !== pinned) return;
  fs.cpSync(ours, path.join(project, "node_modules", name), { recursive: true });
}

/**
 * Where the ~200 MB install goes: a RAM-backed /dev/shm where the machine has one (npm writes some
 * 15,000 files; on this project's machine that took ~12 s of system time on disk, ~4 s there),
 * otherwise the temp folder. Removed after the file either way.
 */
function scratchRoot(): string {
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

let work: string;
let tarball: string;
let gateTarball: string;
let consumer: string;
let installed: string;
const timings: Record<string, number> = {};
beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(scratchRoot(), "prodready-packed-")));
  let started = Date.now();
  tarball = pack(PACK_DIR, work);
  gateTarball = pack(path.join(REPO, "package"), work);
  timings.pack = Date.now() - started;
  // The adopting repository: its own program and package.json (its @pulumi/pulumi and @pulumi/aws).
  consumer = path.join(work, "consumer");
  fs.cpSync(path.join(FIXTURES, "projects", ADOPTER), consumer, { recursive: true });
  started = Date.now();
  seedOwnProvider(consumer, "@pulumi/aws");
  npm(
    ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", tarball, gateTarball],
    consumer,
  );
  timings.install = Date.now() - started;
  installed = path.join(consumer, "node_modules", "@prodready", "production-readiness");
}, 600_000);

afterAll(() => {
  // How long the one pack + install costs (docs/performance.md), for whoever reads the test log.
  process.stderr.write(
    `packed: npm pack ${timings.pack} ms, npm install ${timings.install} ms, packaged gate run ${timings.packagedRun} ms\n`,
  );
  fs.rmSync(work, { recursive: true, force: true }); // ~200 MB: the adopter's node_modules
});

describe("the packed policy pack", () => {
  it("contains exactly what a Pulumi CLI needs: PulumiPolicy.yaml, package.json, compiled JavaScript, profiles", () => {
    const files = listing(tarball);
    expect(files).toContain("PulumiPolicy.yaml");
    expect(files).toContain("package.json");
    expect(files).toContain("bin/index.js");
    expect(files).toContain("bin/api.js");
    expect(files.filter((f) => f.startsWith("config/")).sort()).toEqual([
      "config/dev.json",
      "config/org-baseline.json",
      "config/production.json",
      "config/staging.json",
    ]);
    expect(
      files.filter(
        (f) => !/^(PulumiPolicy\.yaml|package\.json|README\.md|bin\/.+\.js|config\/[a-z-]+\.json)$/.test(f),
      ),
    ).toEqual([]);
    expect(files.some((f) => f.endsWith(".ts"))).toBe(false);
    // The checklist data belongs to the readiness report (gate/checklist/), never to the pack.
    expect(files.filter((f) => /checklist/i.test(f))).toEqual([]);
  });

  it("depends at runtime on the policy SDK and the Pulumi SDK only", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi"]);
    expect(manifest.devDependencies).toBeUndefined();
  });

  it("starts through the gate and gives the same results as the workspace pack", async () => {
    const input = {
      context: {
        project: "synthetic",
        stack: "test",
        organization: "org",
        dryRun: true,
        config: {},
        configSecretKeys: [],
        tags: {},
      },
      resources: syntheticStack(140),
      policyConfig: parsePolicyConfigDocument(
        JSON.parse(fs.readFileSync(path.join(installed, "config", "production.json"), "utf8")),
      ),
    };
    const packed = await GrpcPackTransport.start(installed);
    try {
      const fromTarball = await runAnalysis(packed, input);
      const fromWorkspace = await runAnalysis(InProcessPackTransport.load(PACK_DIR, "index.ts"), input);
      expect(fromTarball.pack).toEqual(fromWorkspace.pack);
      expect(fromTarball.findings).toEqual(fromWorkspace.findings);
      expect(fromTarball.findings.length).toBeGreaterThan(20);
    } finally {
      await packed.close();
    }
  });
});

/**
 * Records, in every Node process of a run (NODE_OPTIONS reaches the gate, its capture worker and
 * the pack), each CommonJS module file it loaded, so the test can say where each came from.
 */
const TRACE = `
const fs = require("fs");
const path = require("path");
const record = () =>
  fs.writeFileSync(
    path.join(process.env.PRODREADY_TRACE_DIR, process.pid + ".json"),
    JSON.stringify({ main: process.argv[1] || "", files: Object.keys(require.cache) }),
  );
process.on("exit", record);
process.once("SIGTERM", () => { record(); process.exit(143); });
`;

describe("the packed gate (@prodready/gate)", () => {
  let traceDir: string;
  /** `npx prodready ...` in the adopting repository, with nothing of this repository reachable. */
  const npx = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_PATH;
    delete env.PULUMI_NODEJS_TSCONFIG_PATH;
    env.PATH = (env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => !dir.startsWith(REPO))
      .join(path.delimiter);
    env.NODE_OPTIONS = `--require ${path.join(work, "trace.js")}`;
    env.PRODREADY_TRACE_DIR = traceDir;
    const run = spawnSync("npx", ["--no-install", "prodready", ...args], {
      cwd: consumer,
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  /** The module files every gate, worker and pack process of the runs so far loaded. */
  const loadedFiles = () =>
    fs
      .readdirSync(traceDir)
      .map((f) => JSON.parse(fs.readFileSync(path.join(traceDir, f), "utf8")))
      .filter((t: { main: string }) => fs.realpathSync(t.main || "/").startsWith(consumer))
      .flatMap((t: { files: string[] }) => t.files);

  let packaged: ReturnType<typeof npx>;
  let inRepository: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    traceDir = path.join(work, "trace");
    fs.mkdirSync(traceDir);
    fs.writeFileSync(path.join(work, "trace.js"), TRACE);
    const started = Date.now();
    packaged = npx("gate", "--format", "json");
    timings.packagedRun = Date.now() - started;
    inRepository = await cli("gate", "--project-dir", externalProject(ADOPTER), "--format", "json");
  }, 600_000);

  it("contains the compiled gate and the pack with its profiles, no TypeScript, nothing of our stacks", () => {
    const files = listing(gateTarball);
    expect(files).toEqual(expect.arrayContaining(["gate/bin/prodready.js", "gate/cli.js", "package.json"]));
    expect(files.filter((f) => f.startsWith("policies/config/")).sort()).toEqual([
      "policies/config/dev.json",
      "policies/config/org-baseline.json",
      "policies/config/production.json",
      "policies/config/staging.json",
    ]);
    expect(
      files.filter(
        (f) =>
          !/^(package\.json|README\.md|gate\/.+\.m?js|policies\/(PulumiPolicy\.yaml|package\.json|README\.md|(index|pack|api)\.js|config\/[a-z-]+\.json|(lib|rules)\/.+\.js))$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") || /stacks|test\/|checklist\/docs/.test(f))).toEqual([]);
  });

  it("pins its runtime dependencies to this repository's versions, without @pulumi/aws", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(consumer, "node_modules", "@prodready", "gate", "package.json"), "utf8"),
    );
    const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    const packManifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
    const ours = { ...root.dependencies, ...packManifest.dependencies };
    for (const [name, version] of Object.entries<string>(manifest.dependencies))
      expect([name, version]).toEqual([name, ours[name]]);
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(["@pulumi/aws"]));
    expect(manifest.devDependencies).toBeUndefined();
    // One version for both: a repository pins the gate and the pack together.
    expect(manifest.version).toBe(packManifest.version);
  });

  it("prints the gate's and the pack's versions", () => {
    const result = npx("--version");
    expect(result.stdout.trim()).toBe(
      `prodready ${JSON.parse(fs.readFileSync(path.join(REPO, "package", "package.json"), "utf8")).version} (policy pack @prodready/production-readiness@${JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).version})`,
    );
    expect(result.code).toBe(0);
  });

  it("gives the in-repository run's verdict and findings, with the org baseline, on the only stack", () => {
    expect(packaged.stderr).toBe("");
    expect(packaged.code).toBe(1);
    expect(inRepository.code).toBe(1);
    const fromPackage = JSON.parse(packaged.stdout);
    const fromRepository = JSON.parse(inRepository.stdout);
    expect(fromPackage).toMatchObject({
      project: "storefront",
      stack: "production",
      passed: false,
      policyConfig: { profile: "org-baseline", source: "default", file: null },
    });
    const { version: _v1, ...packagedRest } = fromPackage;
    const { version: _v2, ...repositoryRest } = fromRepository;
    expect(packagedRest).toEqual(repositoryRest);
    expect(fromPackage.violations.filter((v: any) => v.blocking).length).toBeGreaterThan(5);
  });

  it("loads nothing of this repository: every module of the gate, its worker and the pack is under the adopting folder", () => {
    const files = loadedFiles();
    // The gate, the capture worker (which loads the program's @pulumi/aws) and the pack.
    expect(
      files.some((f) => f.includes(`${path.sep}@prodready${path.sep}gate${path.sep}gate${path.sep}cli.js`)),
    ).toBe(true);
    expect(files.some((f) => f.endsWith(path.join("consumer", "index.ts")))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join("@prodready", "gate", "policies", "index.js")))).toBe(true);
    expect(
      files.filter(
        (f) =>
          path.isAbsolute(f) &&
          f !== path.join(work, "trace.js") &&
          !fs.realpathSync(f).startsWith(consumer + path.sep),
      ),
    ).toEqual([]);
  });

  it("names the adopting repository's paths in its errors, never ours or the package's", () => {
    const broken = path.join(consumer, "broken");
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(broken, "index.ts"),
      'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\nthrow new Error("the storefront config is incomplete");\n',
    );
    const failing = npx("gate", "--project-dir", "broken", "--stack", "qa", "--profile", "production");
    expect(failing.stderr).toContain(
      `stack qa has no Pulumi.qa.yaml in ${broken}; running with empty config`,
    );
    expect(failing.stderr).toMatch(
      /the program failed: the storefront config is incomplete \(at index\.ts:3:\d+\)/,
    );
    expect(failing.code).toBe(2);
    const unknownProfile = npx("gate", "--profile", "prod");
    expect(unknownProfile.stderr).toBe(
      "prodready: --profile prod names the profile prod, which the policy pack does not ship; use one of dev, org-baseline, production, staging, or pass a file with --policy-pack-config\n",
    );
    expect(unknownProfile.code).toBe(2);
    for (const text of [failing.stderr, unknownProfile.stderr]) {
      expect(text).not.toContain(REPO);
      expect(text).not.toContain(path.join("node_modules", "@prodready"));
    }
  });
});
