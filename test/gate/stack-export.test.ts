/**
 * Auditing a stack export gives the same results as the gate's deploy run of the program the
 * stack came from; encrypted secrets make the checks that need them unverified, never passed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runGate, runAudit, GateReport } from "../../gate/run";
import { parseStackExport } from "../../gate/engine/stack-export";
import type { EngineResource, JsonValue } from "../../gate/engine/types";
import { specialSecretSig as SECRET_SIG, specialSigKey as SECRET_SIG_KEY } from "@pulumi/pulumi/runtime/rpc";
import { render } from "../../gate/cli";
import { externalProject } from "../helpers/cli";
import { PACK_DIR } from "../helpers/pack";

/** What `pulumi stack export` would hold after the deploy the gate simulated. */
function toExport(resources: EngineResource[], encryptSecrets: boolean): unknown {
  const encode = (value: JsonValue): JsonValue => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(encode);
    if (value[SECRET_SIG_KEY] === SECRET_SIG) {
      return encryptSecrets
        ? { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "AAABAKmR9xZ4" }
        : { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value.value) };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  };
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-28T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: resources.map((r) => ({
        urn: r.urn,
        custom: r.custom,
        id: typeof r.outputs?.id === "string" ? r.outputs.id : undefined,
        type: r.type,
        inputs: encode(r.properties),
        outputs: encode(r.outputs ?? r.properties),
        parent: r.parent,
        provider: r.provider ? `${r.provider.urn}::${r.provider.name}-id` : undefined,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
      })),
    },
  };
}

const key = (report: GateReport) =>
  report.runs[0].analysis.findings
    .map((f) => `${f.policyName}|${f.urn}|${f.category}|${f.enforcementLevel}|${f.message}`)
    .sort();

describe("audit of a stack export", () => {
  let deploy: GateReport;
  let dir: string;
  beforeAll(async () => {
    const project = externalProject("ts-app");
    deploy = await runGate({
      projectDir: project,
      stack: "dev",
      packDir: PACK_DIR,
      mode: "deploy",
      config: [],
      secrets: ["dbPassword=hunter2hunter2"],
      organization: "org",
      strictUnknowns: false,
      transport: "in-process",
      packEntry: "index.ts",
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-export-"));
  });

  it("finds what the deploy run found, from a --show-secrets export", async () => {
    const file = path.join(dir, "plain.json");
    fs.writeFileSync(file, JSON.stringify(toExport(deploy.runs[0].resources, false)));
    const audit = await runAudit({
      file,
      packDir: PACK_DIR,
      organization: "org",
      strictUnknowns: false,
      transport: "in-process",
      packEntry: "index.ts",
    });
    expect(audit.stack).toBe("dev");
    expect(audit.project).toBe("orders");
    expect(key(audit)).toEqual(key(deploy));
    expect(key(audit).length).toBeGreaterThan(3);
  });

  it("turns encrypted secrets into unknowns: what needs them is unverified, not passed", () => {
    const parsed = parseStackExport(toExport(deploy.runs[0].resources, true));
    expect(parsed.encryptedSecrets).toBeGreaterThan(0);
    const db = parsed.resources.find((r) => r.name === "orders-db")!;
    expect(db.properties.password).toEqual({
      [SECRET_SIG_KEY]: SECRET_SIG,
      value: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    });
  });

  it("rejects exports it cannot read", () => {
    expect(() => parseStackExport({ version: 3, deployment: { resources: [] } })).toThrow(
      "the export has no resources to audit",
    );
    expect(() => parseStackExport({ version: 3, deployment: { resources: {} } })).toThrow(
      "deployment.resources is not a list",
    );
    expect(() => parseStackExport("x")).toThrow("the export is not a JSON object");
  });

  it("says what an export cannot show, never 'unverified at preview'", async () => {
    const file = path.join(dir, "encrypted-report.json");
    // A value a policy reads, kept as a secret (additionalSecretOutputs does this): encrypted in the export.
    const resources = deploy.runs[0].resources.map((r) =>
      r.name === "orders-db"
        ? {
            ...r,
            properties: {
              ...r.properties,
              backupRetentionPeriod: {
                [SECRET_SIG_KEY]: SECRET_SIG,
                value: r.properties.backupRetentionPeriod,
              },
            },
          }
        : r,
    );
    fs.writeFileSync(file, JSON.stringify(toExport(resources, true)));
    const audit = await runAudit({
      file,
      packDir: PACK_DIR,
      organization: "org",
      strictUnknowns: false,
      transport: "in-process",
      packEntry: "index.ts",
    });
    const violations = JSON.parse(render(audit, "json")).violations.filter(
      (v: any) => v.category === "unverified",
    );
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations)
      expect(v.message).toMatch(
        /^\[not verifiable from the export\] .*: the value is encrypted in the export; export with --show-secrets to check it\.$/,
      );
    for (const format of ["text", "markdown", "junit", "sarif"] as const)
      expect(render(audit, format)).not.toMatch(/unverified at preview|until deploy|during preview/i);
  });
});
