/**
 * The pack on stacks that are not ours (test/fixtures/programs/foreign-*), gated with the org-wide
 * baseline profile: a WordPress-like site on RDS for MySQL, a Node API on RDS for PostgreSQL without
 * Django, a static site, a worker with no database. Each compliant program has no mandatory finding;
 * the MySQL defects, driven by stack config, are each caught. Each program is captured once.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exitCodeOf, GateOptions, GateReport } from "../../gate/run";
import { render } from "../../gate/cli";
import { FIXTURES, gateInProcess, REPO } from "../helpers/cli";

const PROGRAMS = path.join(FIXTURES, "programs");
/** The baseline as published, judged on a fixed date so engine support never rots the tests. */
const AS_OF = "2026-12-02";

let configDir: string;
let baselineConfig: string;
const reports: Record<string, GateReport> = {};

function gate(fixture: string, options: Partial<GateOptions> = {}): Promise<GateReport> {
  return gateInProcess(path.join(PROGRAMS, fixture), { policyConfigFile: baselineConfig, ...options });
}

interface Violation {
  policy: string;
  resourceName: string;
  blocking: boolean;
  message: string;
}

const violationsOf = (report: GateReport): Violation[] => JSON.parse(render(report, "json")).violations;
const blocking = (report: GateReport) =>
  violationsOf(report)
    .filter((v) => v.blocking)
    .map((v) => `${v.policy} ${v.resourceName}: ${v.message}`)
    .sort();

beforeAll(async () => {
  const baseline = JSON.parse(fs.readFileSync(path.join(REPO, "policies/config/org-baseline.json"), "utf8"));
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-baseline-"));
  baselineConfig = path.join(configDir, "org-baseline.json");
  fs.writeFileSync(baselineConfig, JSON.stringify({ ...baseline, "rds-engine-supported": { asOf: AS_OF } }));
  const runs: Array<[string, string, Partial<GateOptions>]> = [
    ["wordpress", "foreign-wordpress-mysql", {}],
    ["node", "foreign-node-postgres", {}],
    ["static", "foreign-static-site", {}],
    ["worker", "foreign-no-database", {}],
    [
      "wordpress-defects",
      "foreign-wordpress-mysql",
      {
        mode: "preview",
        config: [
          "blog:mysqlVersion=5.7.44",
          "blog:mysqlFamily=mysql5.7",
          "blog:requireSecureTransport=0",
          "blog:slowQueryLog=0",
          "blog:generalLog=1",
          'blog:logExports=["error"]',
        ],
      },
    ],
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

afterAll(() => fs.rmSync(configDir, { recursive: true, force: true }));

describe("foreign stacks under the org baseline", () => {
  it.each(["wordpress", "node", "static", "worker"])("%s: no mandatory finding, gate passes", (key) => {
    expect(blocking(reports[key])).toEqual([]);
    expect(exitCodeOf(reports[key])).toBe(0);
  });

  it("does not tell a MySQL database to become PostgreSQL or a Node API to add a pooler", () => {
    for (const key of ["wordpress", "node"]) {
      const policies = violationsOf(reports[key]).map((v) => v.policy);
      expect(policies).not.toContain("rds-postgres-engine");
      expect(policies).not.toContain("db-connection-pooling");
    }
  });

  it("catches each MySQL defect with an engine-neutral check", () => {
    expect(blocking(reports["wordpress-defects"])).toEqual([
      "rds-engine-supported blog-db: Upgrade to a major version of RDS for MySQL in standard support; 5.7 left RDS standard support on 2024-02-29.",
      'rds-force-tls blog-db: Set require_secure_transport to 1 in this database\'s parameter group; it is "0".',
      "rds-no-sensitive-logging blog-db: Set general_log to 0; the general query log writes every statement, with the values it carries, to the log.",
      'rds-query-monitoring blog-db: Add "slowquery" to enabledCloudwatchLogsExports so the slow query log reaches CloudWatch Logs.',
      "rds-query-monitoring blog-db: Set slow_query_log to 1 (with long_query_time) in this database's parameter group; the engine default records no slow queries.",
    ]);
    expect(exitCodeOf(reports["wordpress-defects"])).toBe(1);
  });
});
