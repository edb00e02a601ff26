/**
 * The Pulumi SDK's closure-serializer modules (TypeScript, Arborist) load on first use in the capture
 * worker, the spawned pack and under jest, and its Automation API on first use in the capture worker
 * and the spawned pack (gate/bin/deferred-sdk-modules.js). This fails the day an SDK upgrade
 * requires them another way (nothing deferred any more) or the deferral changes what a program gets
 * (a serialized function or a package walk differing from the SDK's own).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REPO } from "../helpers/cli";
import { GrpcPackTransport } from "../../gate/analyzer/grpc-transport";
import type { AnalyzerTransport } from "../../gate/analyzer/transport";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { PACK_DIR, testContext, toEngineResources } from "../helpers/pack";

const DEFERRAL = path.join(REPO, "gate/bin/deferred-sdk-modules.js");

/** A small package to walk: computeCodePaths reads its dependencies through Arborist. */
function smallProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-closure-"));
  for (const name of ["js-yaml", "argparse"])
    fs.cpSync(path.join(REPO, "node_modules", name), path.join(dir, "node_modules", name), {
      recursive: true,
    });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "closure", version: "1.0.0", dependencies: { "js-yaml": "4.1.0" } }),
  );
  return dir;
}

const SCRIPT = `
if (process.argv[1] === "deferred") require(${JSON.stringify(DEFERRAL)}).deferSdkModules();
const pulumi = require(${JSON.stringify(path.join(REPO, "node_modules/@pulumi/pulumi"))});
const loaded = () => [...new Set(Object.keys(require.cache).flatMap((file) =>
  /node_modules\\/(typescript|@npmcli\\/arborist|@pulumi\\/pulumi\\/automation)\\//.exec(file)?.slice(1, 2) ?? []))].sort();
(async () => {
  const withSdk = loaded();
  const closure = await pulumi.runtime.serializeFunction(function handler(event) { return { status: 200, event }; });
  const codePaths = await pulumi.runtime.computeCodePaths();
  const afterUse = loaded();
  const workspace = typeof pulumi.automation.LocalWorkspace;
  console.log(JSON.stringify({ withSdk, afterUse, workspace, afterAutomation: loaded(), text: closure.text, codePaths: [...codePaths.keys()].sort() }));
})();
`;

/** One bucket with no settings, analysed through `transport` with every policy mandatory. */
const analyzeWith = (transport: AnalyzerTransport) =>
  runAnalysis(transport, {
    context: testContext(),
    resources: toEngineResources([{ type: "aws:s3/bucket:Bucket", name: "media", props: {} }]),
    policyConfig: parsePolicyConfigDocument({ all: "mandatory" }),
  });

function run(variant: "plain" | "deferred", cwd: string) {
  return JSON.parse(execFileSync(process.execPath, ["-e", SCRIPT, variant], { cwd, encoding: "utf8" }));
}

describe("the SDK's closure-serializer modules and its Automation API", () => {
  let plain: ReturnType<typeof run>;
  let deferred: ReturnType<typeof run>;
  beforeAll(() => {
    const cwd = smallProject();
    plain = run("plain", cwd);
    deferred = run("deferred", cwd);
  });

  it("load with the SDK unless deferred, and on first use when deferred", () => {
    expect(plain.withSdk).toEqual(["@npmcli/arborist", "@pulumi/pulumi/automation", "typescript"]);
    expect(deferred.withSdk).toEqual([]);
    expect(deferred.afterUse).toEqual(["@npmcli/arborist", "typescript"]);
    // The Automation API, on the first access to pulumi.automation.
    expect(deferred.workspace).toBe("function");
    expect(deferred.afterAutomation).toEqual(["@npmcli/arborist", "@pulumi/pulumi/automation", "typescript"]);
  });

  it("serialize a function and walk a package exactly as the SDK does without the deferral", () => {
    expect(plain.text).toContain("status: 200");
    expect(plain.codePaths).toEqual(["node_modules/argparse", "node_modules/js-yaml"]);
    expect(deferred.text).toBe(plain.text);
    expect(deferred.codePaths).toEqual(plain.codePaths);
  });

  it("serialize a function under jest's mapping (jest.config.js) as the SDK does", async () => {
    const closure = await pulumi.runtime.serializeFunction(function handler(event: unknown) {
      return { status: 200, event };
    });
    expect(closure.text).toContain("status: 200");
    for (const [request, helper] of [
      ["../../typescript-shim", "typescript-shim.js"],
      ["@npmcli/arborist", "arborist.js"],
    ])
      expect(require.resolve(request)).toBe(path.join(REPO, "test/helpers/deferred-sdk", helper));
  });
});

describe("the policy pack the gate spawns", () => {
  it("starts without the closure serializer's modules, and answers as the in-process pack does", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-pack-trace-"));
    const trace = path.join(dir, "trace.js");
    const loaded = path.join(dir, "loaded.json");
    // Records, when the gate stops the pack, which of the two modules it had loaded.
    fs.writeFileSync(
      trace,
      `process.once("SIGTERM", () => {
        require("fs").writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache)
          .filter((f) => /node_modules\\/(typescript|@npmcli\\/arborist)\\//.test(f))));
        process.exit(143);
      });`,
    );
    const spawned = await GrpcPackTransport.start(PACK_DIR, { env: { NODE_OPTIONS: `--require ${trace}` } });
    let fromSpawned;
    try {
      fromSpawned = await analyzeWith(spawned);
    } finally {
      await spawned.close();
    }
    expect(JSON.parse(fs.readFileSync(loaded, "utf8"))).toEqual([]);
    expect(fromSpawned.findings).toEqual(
      (await analyzeWith(InProcessPackTransport.load(PACK_DIR, "index.ts"))).findings,
    );
    expect(fromSpawned.findings.length).toBeGreaterThan(0);
  });
});
