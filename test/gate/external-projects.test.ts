/**
 * The gate on Pulumi projects outside this repository, with their own Pulumi.yaml, package.json and
 * node_modules: TypeScript and JavaScript, components, explicit providers, data sources, secrets.
 */
import { cli, externalProject } from "../helpers/cli";

describe("gate on external projects", () => {
  let tsDir: string;
  let jsDir: string;
  beforeAll(() => {
    tsDir = externalProject("ts-app");
    jsDir = externalProject("js-app");
  });

  it("analyses a TypeScript project with a component, an explicit provider and a data source", async () => {
    const result = await cli(
      "gate",
      "--project-dir",
      tsDir,
      "--stack",
      "dev",
      "--secret",
      "dbPassword=hunter2-canary-value",
      "--format",
      "json",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      tool: "prodready",
      project: "orders",
      stack: "dev",
      mode: "both",
      passed: false,
      policyPack: { name: "production-readiness" },
    });
    const byPolicy = (policy: string) => report.violations.filter((v: any) => v.policy === policy);
    // The database lives inside a component: its URN is parent-qualified and its source line is the component's.
    expect(byPolicy("rds-backup-retention")).toEqual([
      expect.objectContaining({
        category: "violation",
        blocking: true,
        enforcementLevel: "mandatory",
        urn: "urn:pulumi:dev::orders::orders:data:Database$aws:rds/instance:Instance::orders-db",
        resourceType: "aws:rds/instance:Instance",
        resourceName: "orders-db",
        message: "Set backupRetentionPeriod to at least 7 days; it is 3.",
        source: { file: "index.ts", line: 24 },
        modes: ["preview", "deploy"],
      }),
    ]);
    // Policies on the explicit postgresql provider's resources see it.
    expect(byPolicy("pg-role-least-privilege").map((v: any) => v.resourceName)).toEqual(["reporting"]);
    expect(byPolicy("pg-provider-tls").map((v: any) => v.resourceName)).toEqual(["orders-pg"]);
    expect(result.stdout).not.toContain("hunter2-canary-value");
  });

  it("analyses a JavaScript project with an explicit aws provider", async () => {
    const result = await cli("gate", "--project-dir", jsDir, "--stack", "staging", "--format", "json");
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report.project).toBe("media");
    const policies = new Set(report.violations.filter((v: any) => v.blocking).map((v: any) => v.policy));
    expect(policies).toEqual(new Set(["log-group-retention", "s3-private-storage", "s3-tls-only"]));
    const bucket = report.violations.find((v: any) => v.policy === "s3-private-storage");
    expect(bucket.urn).toBe(
      "urn:pulumi:staging::media::media:storage:Store$aws:s3/bucket:Bucket::media-bucket",
    );
    expect(result.code).toBe(1);
  });
});
