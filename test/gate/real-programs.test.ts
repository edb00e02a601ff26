/**
 * The gate on programs of the shapes organisations write (test/fixtures/programs): awsx remote
 * components, NodeNext and ES module TypeScript, stack references, data sources, GCP-only, and
 * deploy mode reading computed outputs. Each program is gated once (both modes) and shared.
 */
import * as path from "path";
import { exitCodeOf, GateOptions, GateReport } from "../../gate/run";
import { render } from "../../gate/cli";
import { buildModel } from "../../gate/report/model";
import type { EngineResource } from "../../gate/engine/types";
import { FIXTURES, gateInProcess } from "../helpers/cli";
import { PACK_DIR, UNKNOWN } from "../helpers/pack";

const PROGRAMS = path.join(FIXTURES, "programs");

function gate(fixture: string, options: Partial<GateOptions> = {}): Promise<GateReport> {
  return gateInProcess(path.join(PROGRAMS, fixture), options);
}

function json(report: GateReport) {
  return JSON.parse(render(report, "json"));
}

function resourcesOf(report: GateReport, mode: "preview" | "deploy"): EngineResource[] {
  return report.runs.find((r) => r.mode === mode)!.resources;
}

function one(resources: EngineResource[], type: string, name?: string): EngineResource {
  const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  expect(found).toHaveLength(1);
  return found[0];
}

const reports: Record<string, GateReport> = {};

beforeAll(async () => {
  const runs: Array<[string, string, Partial<GateOptions>]> = [
    ["awsx", "awsx-fargate-rds", {}],
    ["serverless", "serverless-api", {}],
    ["esm", "esm-static-site", {}],
    ["gcp", "gcp-only", {}],
    ["team", "team-stack-reference", { mocksFile: path.join(PROGRAMS, "team-stack-reference/mocks.yaml") }],
    ["lookups", "data-sources", { mocksFile: path.join(PROGRAMS, "data-sources/mocks.yaml") }],
  ];
  // Two at a time: each gate already runs two program workers.
  for (let i = 0; i < runs.length; i += 2) {
    await Promise.all(
      runs.slice(i, i + 2).map(async ([key, fixture, options]) => {
        reports[key] = await gate(fixture, options);
      }),
    );
  }
}, 600_000);

describe("remote components (awsx Fargate service, ALB and VPC with an RDS MySQL database)", () => {
  it("reports each remote component as unverified on its own URN, and the database's violations", () => {
    const report = json(reports.awsx);
    const remote = report.violations.filter((v: any) => v.policy === "prodready-gate:remote-component");
    // In registration order, each at the line that declares it.
    expect(remote.map((v: any) => [v.urn, v.resourceType, v.source])).toEqual([
      [
        "urn:pulumi:prod::storefront::awsx:ec2:Vpc::storefront",
        "awsx:ec2:Vpc",
        { file: "index.ts", line: 9 },
      ],
      [
        "urn:pulumi:prod::storefront::awsx:lb:ApplicationLoadBalancer::storefront",
        "awsx:lb:ApplicationLoadBalancer",
        { file: "index.ts", line: 38 },
      ],
      [
        "urn:pulumi:prod::storefront::awsx:ecs:FargateService::storefront",
        "awsx:ecs:FargateService",
        { file: "index.ts", line: 44 },
      ],
    ]);
    for (const finding of remote) {
      expect(finding).toMatchObject({
        category: "unverified",
        enforcementLevel: "advisory",
        blocking: false,
        modes: ["preview", "deploy"],
      });
      expect(finding.message).toContain("could not see or judge them offline");
      expect(finding.message).toContain(`pulumi preview --policy-pack ${PACK_DIR}`);
    }
    expect(remote[0].message).toContain("aws:ec2/subnet:Subnet");
    expect(report.summary.unverified).toBe(3);
    expect(
      report.violations
        .filter((v: any) => v.blocking)
        .map((v: any) => `${v.policy} ${v.resourceName}`)
        .sort(),
    ).toEqual([
      // The org baseline (the default profile) judges the MySQL database by the engine-neutral checks
      // and never asks it to be PostgreSQL; deletion safety is advisory there (MySQL 8.0 left RDS
      // standard support on 2026-07-31, so the engine finding cannot rot).
      "backup-plan-coverage storefront-db",
      // A MySQL database needs its CPU and storage alarms as much as a PostgreSQL one (issue 13).
      "monitoring-alarms storefront-db",
      "rds-backup-retention storefront-db",
      "rds-engine-supported storefront-db",
      "rds-force-tls storefront-db",
      "rds-query-monitoring storefront-db",
      "rds-query-monitoring storefront-db",
      "rds-query-monitoring storefront-db",
    ]);
    expect(exitCodeOf(reports.awsx)).toBe(1);
  });

  it("blocks on remote components alone with --strict-unknowns", () => {
    const onlyRemote: GateReport = {
      ...reports.awsx,
      strictUnknowns: true,
      runs: reports.awsx.runs.map((run) => ({
        ...run,
        analysis: {
          ...run.analysis,
          findings: run.analysis.findings.filter((f) => f.stage === "capture"),
        },
      })),
    };
    expect(exitCodeOf({ ...onlyRemote, strictUnknowns: false })).toBe(0);
    expect(exitCodeOf(onlyRemote)).toBe(1);
    expect(buildModel(onlyRemote).passed).toBe(false);
  });

  it("gives the gate's own policy a rule in SARIF and a suite in JUnit", () => {
    const sarif = JSON.parse(render(reports.awsx, "sarif"));
    const rules = sarif.runs[0].tool.driver.rules.map((r: any) => r.id);
    const results = sarif.runs[0].results.filter((r: any) => r.ruleId === "prodready-gate:remote-component");
    expect(results).toHaveLength(3);
    for (const result of results) expect(rules[result.ruleIndex]).toBe("prodready-gate:remote-component");
    expect(render(reports.awsx, "junit")).toContain('<testsuite name="prodready-gate:remote-component"');
    expect(render(reports.awsx, "text")).toContain("prodready-gate:remote-component");
  });

  it("resolves a remote component's declared outputs at deploy and keeps them unknown at preview", () => {
    const deploySubnets = one(resourcesOf(reports.awsx, "deploy"), "aws:rds/subnetGroup:SubnetGroup");
    expect(deploySubnets.properties.subnetIds).toEqual([
      expect.stringMatching(/^subnet-0[0-9a-f]{16}$/),
      expect.stringMatching(/^subnet-0[0-9a-f]{16}$/),
      expect.stringMatching(/^subnet-0[0-9a-f]{16}$/),
    ]);
    const deployGroup = one(resourcesOf(reports.awsx, "deploy"), "aws:ec2/securityGroup:SecurityGroup");
    expect(deployGroup.properties.vpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
    const previewSubnets = one(resourcesOf(reports.awsx, "preview"), "aws:rds/subnetGroup:SubnetGroup");
    expect(previewSubnets.properties.subnetIds).toBe(UNKNOWN);
  });
});

describe("Lambda + API Gateway + DynamoDB (NodeNext imports in a CommonJS package, main: src/)", () => {
  it("runs to the end (its reads of computed outputs succeed at deploy) and is judged by the serverless policies", () => {
    const report = json(reports.serverless);
    // The stage has no access log, throttling or WAF, and nodejs20.x was deprecated on 2026-04-30 (issue 14);
    // the table policy's document embeds the table's ARN, unknown at preview.
    expect(
      report.violations.map((v: any) => `${v.category} ${v.policy} ${v.resourceName} ${v.modes.join(",")}`),
    ).toEqual([
      "violation apigateway-access-logging v1 preview,deploy",
      "violation apigateway-throttling v1 preview,deploy",
      "violation apigateway-waf v1 preview,deploy",
      "unverified iam-least-privilege orders-fn-table preview",
      "violation lambda-runtime-supported orders-fn preview,deploy",
    ]);
    expect(report.passed).toBe(false);
    expect(exitCodeOf(reports.serverless)).toBe(1);
    // table.ts was found through "./table.js"
    expect(one(resourcesOf(reports.serverless, "deploy"), "aws:dynamodb/table:Table").source?.file).toMatch(
      /src\/table\.ts$/,
    );
  });

  it("gives every output read at deploy a value of the right shape", () => {
    const deploy = resourcesOf(reports.serverless, "deploy");
    expect(one(deploy, "aws:lambda/permission:Permission").properties.sourceArn).toMatch(
      /^arn:aws:execute-api:eu-west-1:123456789012:[0-9a-f]{10}\/\*\/\*$/,
    );
    expect(one(deploy, "aws:apigateway/integration:Integration").properties.uri).toMatch(
      /^arn:aws:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:eu-west-1:123456789012:function:orders-fn\/invocations$/,
    );
    expect(one(deploy, "aws:apigateway/resource:Resource").properties.parentId).toMatch(/^[0-9a-f]{10}$/);
    const fn = one(deploy, "aws:lambda/function:Function");
    expect((fn.properties.environment as any).variables.STREAM).toMatch(
      /^arn:aws:dynamodb:eu-west-1:123456789012:table\/orders-[0-9a-f]{7}\/stream\/2025-01-01T00:00:00\.000$/,
    );
    expect(one(deploy, "aws:lambda/functionUrl:FunctionUrl").outputs?.functionUrl).toMatch(
      /^https:\/\/[0-9a-f]{32}\.lambda-url\.eu-west-1\.on\.aws\/$/,
    );
    expect(one(deploy, "aws:apigateway/stage:Stage").outputs?.invokeUrl).toMatch(
      /^https:\/\/.+\.execute-api\.eu-west-1\.amazonaws\.com\/v1$/,
    );
  });
});

describe("ES module static site (type: module, .js specifiers, top-level await, tsconfig paths)", () => {
  it("runs the module and maps each registration to its .ts line", () => {
    const resources = resourcesOf(reports.esm, "preview");
    const where = (type: string) => {
      const source = one(resources, type).source!;
      return `${path.relative(path.join(PROGRAMS, "esm-static-site"), source.file)}:${source.line}`;
    };
    expect(where("aws:cloudfront/distribution:Distribution")).toBe("index.ts:22");
    expect(where("aws:s3/bucket:Bucket")).toBe("bucket.ts:4");
    expect(where("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")).toBe("lib/headers.ts:4");
    // The top-level await answered from the table (the managed policy's well-known id).
    expect(
      (one(resources, "aws:cloudfront/distribution:Distribution").properties.defaultCacheBehavior as any)
        .cachePolicyId,
    ).toBe("658327ea-f89d-4fab-a63d-7e88639e58f6");
  });

  it("reports the site's violations at the program's lines", () => {
    const report = json(reports.esm);
    const https = report.violations.filter((v: any) => v.policy === "cloudfront-https-only");
    expect(https.length).toBeGreaterThan(0);
    for (const v of https) expect(v.source).toEqual({ file: "index.ts", line: 22 });
    const bucket = report.violations.find((v: any) => v.policy === "s3-private-storage");
    expect(bucket).toMatchObject({ blocking: true, source: { file: "bucket.ts", line: 4 } });
    expect(exitCodeOf(reports.esm)).toBe(1);
  });
});

describe("GCP-only program (GKE + Cloud SQL)", () => {
  it("passes with no finding, and at deploy its kubeconfig gets a real-shaped endpoint and CA", () => {
    const report = json(reports.gcp);
    expect(report.violations).toEqual([]);
    expect(exitCodeOf(reports.gcp)).toBe(0);
    const cluster = one(resourcesOf(reports.gcp, "deploy"), "gcp:container/cluster:Cluster");
    expect(cluster.outputs?.endpoint).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(cluster.properties.minMasterVersion).toBe("1.31.4-gke.1183000");
    const sql = one(resourcesOf(reports.gcp, "deploy"), "gcp:sql/databaseInstance:DatabaseInstance");
    expect(sql.outputs?.connectionName).toMatch(/^project:us-central1:warehouse-[0-9a-f]{7}$/);
  });
});

describe("stack references and data sources answered by --mocks", () => {
  it("team stack: the referenced stack's outputs reach the resources in both modes", () => {
    for (const mode of ["preview", "deploy"] as const) {
      const group = one(resourcesOf(reports.team, mode), "aws:elasticache/subnetGroup:SubnetGroup");
      expect(group.properties.subnetIds).toEqual(["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]);
    }
    const report = json(reports.team);
    expect(report.violations.map((v: any) => `${v.policy} ${v.resourceName}`)).toEqual([
      "sg-no-public-ingress payments-cache",
    ]);
    expect(exitCodeOf(reports.team)).toBe(1);
  });

  it("data sources: built-in answers and the file's answers feed one instance per subnet", () => {
    const instances = resourcesOf(reports.lookups, "deploy").filter(
      (r) => r.type === "aws:ec2/instance:Instance",
    );
    expect(instances).toHaveLength(3);
    for (const instance of instances) {
      expect(instance.properties.ami).toMatch(/^ami-0[0-9a-f]{16}$/);
      expect(instance.properties.subnetId).toMatch(/^subnet-0[0-9a-f]{16}$/);
      expect(instance.properties.userData).toContain(
        "https://sqs.us-east-2.amazonaws.com/123456789012/batch",
      );
      expect(instance.properties.userData).toContain(
        "123456789012.dkr.ecr.us-east-2.amazonaws.com/batch-worker",
      );
      expect((instance.properties.tags as any).engine).toBe("postgres16");
    }
    expect(json(reports.lookups).violations).toEqual([]);
    expect(exitCodeOf(reports.lookups)).toBe(0);
  });
});
