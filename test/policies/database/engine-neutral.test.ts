/**
 * Under the org baseline, a MySQL, MariaDB or Aurora MySQL database is judged, and covered, by the
 * engine-neutral checks: a compliant one has no mandatory finding from any policy, and each defect is
 * caught by the policy that owns it (never by rds-postgres-engine or db-connection-pooling).
 */
import * as fs from "fs";
import * as path from "path";
import { analyze, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import {
  CLUSTER,
  CLUSTER_PARAMETER_GROUP,
  INSTANCE,
  PARAMETER_GROUP,
  parameters,
  spec,
} from "./rds-fixtures";

const baseline = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "../../../policies/config/org-baseline.json"), "utf8"),
);
const config = { ...baseline, "rds-engine-supported": { asOf: "2026-12-02" } };

const MYSQL_SETTINGS = { require_secure_transport: "1", slow_query_log: "1", general_log: "0" };

interface Engine {
  label: string;
  database: (changes?: Record<string, unknown>) => ResourceSpec[];
}

const sharedProps = {
  storageEncrypted: true,
  backupRetentionPeriod: 7,
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "shop-final",
  copyTagsToSnapshot: true,
  manageMasterUserPassword: true,
  masterUsername: "shop",
  username: "shop",
  performanceInsightsEnabled: true,
  enabledCloudwatchLogsExports: ["error", "slowquery"],
  identifier: "shop",
};

const instanceOf =
  (engine: string, engineVersion: string, family: string) =>
  (changes: Record<string, unknown> = {}): ResourceSpec[] => [
    spec(PARAMETER_GROUP, "params", { family, parameters: parameters(MYSQL_SETTINGS) }),
    spec(
      INSTANCE,
      "db",
      {
        ...sharedProps,
        masterUsername: undefined,
        engine,
        engineVersion,
        multiAz: true,
        parameterGroupName: UNKNOWN,
      },
      changes,
      { parameterGroupName: ["params"] },
    ),
  ];

const ENGINES: Engine[] = [
  { label: "RDS for MySQL 8.4", database: instanceOf("mysql", "8.4.3", "mysql8.4") },
  { label: "RDS for MariaDB 10.11", database: instanceOf("mariadb", "10.11.9", "mariadb10.11") },
  {
    label: "Aurora MySQL 3",
    database: (changes = {}) => [
      spec(CLUSTER_PARAMETER_GROUP, "params", {
        family: "aurora-mysql8.0",
        parameters: parameters(MYSQL_SETTINGS),
      }),
      spec(
        CLUSTER,
        "db",
        {
          ...sharedProps,
          username: undefined,
          clusterIdentifier: "shop",
          engine: "aurora-mysql",
          engineVersion: "8.0.mysql_aurora.3.08.0",
          dbClusterParameterGroupName: UNKNOWN,
        },
        changes,
        { dbClusterParameterGroupName: ["params"] },
      ),
    ],
  },
];

/** AWS Backup covering the database by ARN into an encrypted vault. */
const backups: ResourceSpec[] = [
  spec("aws:backup/vault:Vault", "vault", { name: "shop", kmsKeyArn: UNKNOWN }),
  spec(
    "aws:backup/plan:Plan",
    "plan",
    {
      name: "shop",
      rules: [{ ruleName: "daily", targetVaultName: UNKNOWN, lifecycle: { deleteAfter: 35 } }],
    },
    {},
    { rules: ["vault"] },
  ),
  spec(
    "aws:backup/selection:Selection",
    "selection",
    { name: "shop", iamRoleArn: UNKNOWN, planId: UNKNOWN, resources: [UNKNOWN] },
    {},
    { planId: ["plan"], resources: ["db"] },
  ),
];

/** CPU and storage alarms on the database that notify an SNS topic (monitoring-alarms judges every engine). */
const ALERTS = "arn:aws:sns:eu-west-1:123456789012:alerts";
const alarm = (name: string, metricName: string, dimensions: Record<string, string>): ResourceSpec =>
  spec("aws:cloudwatch/metricAlarm:MetricAlarm", name, {
    namespace: "AWS/RDS",
    metricName,
    dimensions,
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    threshold: 80,
    alarmActions: [ALERTS],
  });
const alarms: ResourceSpec[] = [
  alarm("db-cpu", "CPUUtilization", { DBInstanceIdentifier: "shop" }),
  alarm("db-storage", "FreeStorageSpace", { DBInstanceIdentifier: "shop" }),
  alarm("cluster-cpu", "CPUUtilization", { DBClusterIdentifier: "shop" }),
];

const mandatory = async (resources: ResourceSpec[]) =>
  (await analyze(resources, { config })).findings
    .filter((f) => f.enforcementLevel === "mandatory")
    .map((f) => `${f.policyName}: ${f.message}`);

describe.each(ENGINES)("$label under the org baseline", ({ database }) => {
  it("has no mandatory finding when compliant", async () => {
    expect(await mandatory([...database(), ...backups, ...alarms])).toEqual([]);
  });

  it("fails unencrypted storage, short backup retention and no backup plan", async () => {
    const findings = await mandatory([
      ...database({ storageEncrypted: false, backupRetentionPeriod: 1 }),
      ...alarms,
    ]);
    const policies = findings.map((f) => f.split(":")[0]).sort();
    expect(policies).toEqual(["backup-plan-coverage", "rds-backup-retention", "rds-storage-encrypted"]);
  });

  it("needs its CPU and storage alarms, as a PostgreSQL database does", async () => {
    const findings = await mandatory([...database(), ...backups]);
    expect(findings.map((f) => f.split(":")[0])).toEqual(["monitoring-alarms"]);
  });

  it("reports deletion safety (advisory in the baseline)", async () => {
    const result = await analyze([...database({ deletionProtection: false }), ...backups, ...alarms], {
      config,
    });
    expect(
      result.findings.filter((f) => f.policyName === "rds-deletion-safety").map((f) => f.enforcementLevel),
    ).toEqual(["advisory"]);
  });
});
