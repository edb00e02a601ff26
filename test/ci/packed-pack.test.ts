/**
 * The pack as the platform team ships it: `npm pack` in policies/ yields exactly what a Pulumi CLI
 * needs, it installs into an empty folder with production dependencies only, starts through the
 * gate over gRPC, and judges a stack exactly as the workspace pack does.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GrpcPackTransport } from "../../gate/analyzer/grpc-transport";
import { runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { syntheticStack } from "../../bench/synthetic";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { PACK_DIR } from "../helpers/pack";

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("the packed policy pack", () => {
  let work: string;
  let tarball: string;
  let installed: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-packed-"));
    const output = npm(["pack", "--json", "--pack-destination", work], PACK_DIR);
    const [packed] = JSON.parse(output.slice(output.indexOf("[")));
    tarball = path.join(work, packed.filename);
    const consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    fs.writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true }),
    );
    npm(["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", tarball], consumer);
    installed = path.join(consumer, "node_modules", "@prodready", "production-readiness");
  }, 240_000);

  it("contains exactly what a Pulumi CLI needs: PulumiPolicy.yaml, package.json, compiled JavaScript, profiles", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((f) => f.replace(/^package\//, ""));
    expect(listing).toContain("PulumiPolicy.yaml");
    expect(listing).toContain("package.json");
    expect(listing).toContain("bin/index.js");
    expect(listing).toContain("bin/api.js");
    expect(listing.filter((f) => f.startsWith("config/")).sort()).toEqual([
      "config/dev.json",
      "config/org-baseline.json",
      "config/production.json",
      "config/staging.json",
    ]);
    expect(
      listing.filter(
        (f) => !/^(PulumiPolicy\.yaml|package\.json|README\.md|bin\/.+\.js|config\/[a-z-]+\.json)$/.test(f),
      ),
    ).toEqual([]);
    expect(listing.some((f) => f.endsWith(".ts"))).toBe(false);
    // The checklist data belongs to the readiness report (gate/checklist/), never to the pack.
    expect(listing.filter((f) => /checklist/i.test(f))).toEqual([]);
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
