import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import {
  CLUSTER,
  CLUSTER_INSTANCE,
  CLUSTER_PARAMETER_GROUP,
  INSTANCE,
  PARAMETER_GROUP,
  parameters,
  spec,
} from "./rds-fixtures";

const POLICY = "rds-query-monitoring";
const group = (
  settings: Record<string, string> = { shared_preload_libraries: "pg_stat_statements,pg_cron" },
) => spec(PARAMETER_GROUP, "params", { family: "postgres16", parameters: parameters(settings) });
const monitored = {
  engine: "postgres",
  engineVersion: "16.8",
  performanceInsightsEnabled: true,
  enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
  parameterGroupName: UNKNOWN,
};
const instance = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { parameterGroupName: ["params"] },
): ResourceSpec => spec(INSTANCE, "db", monitored, changes, refs);
const extension = (name: unknown = "pg_stat_statements"): ResourceSpec =>
  spec("postgresql:index/extension:Extension", "ext", { name, schema: "public" });
const trust = { all: "mandatory", [POLICY]: { trustEngineDefaults: true } };
const PRELOAD_UNTRUSTED = "the engine default is not trusted (trustEngineDefaults is off)";

describe(POLICY, () => {
  it("passes an instance with Performance Insights, the PostgreSQL log exported and pg_stat_statements preloaded", async () => {
    expect(findingsOf(await analyze([group(), instance()]), POLICY)).toEqual([]);
  });

  it("fails Performance Insights off", async () => {
    expect(
      findingsOf(await analyze([group(), instance({ performanceInsightsEnabled: false })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        'Set performanceInsightsEnabled to true (or databaseInsightsMode to "advanced") so the load of each query is recorded.',
      ],
    ]);
  });

  it("accepts advanced Database Insights", async () => {
    expect(
      findingsOf(
        await analyze([
          group(),
          instance({ performanceInsightsEnabled: undefined, databaseInsightsMode: "advanced" }),
        ]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("fails the PostgreSQL log not exported", async () => {
    expect(
      findingsOf(await analyze([group(), instance({ enabledCloudwatchLogsExports: ["upgrade"] })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        'Add "postgresql" to enabledCloudwatchLogsExports so the PostgreSQL log (errors, lock waits, slow queries) reaches CloudWatch Logs.',
      ],
    ]);
  });

  it("fails shared_preload_libraries without pg_stat_statements", async () => {
    expect(
      findingsOf(
        await analyze([group({ shared_preload_libraries: "pg_cron" }), instance()], { config: trust }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Add pg_stat_statements to shared_preload_libraries in this database's parameter group.",
      ],
    ]);
  });

  it("fails a group that leaves shared_preload_libraries to an untrusted default", async () => {
    expect(findingsOf(await analyze([group({ "rds.force_ssl": "1" }), instance()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        `Add pg_stat_statements to shared_preload_libraries in this database's parameter group, or create the pg_stat_statements extension; ${PRELOAD_UNTRUSTED}.`,
      ],
    ]);
  });

  it("trusts the engine default from defaultPreloadFromMajor when told to", async () => {
    const onDefault = instance({ parameterGroupName: undefined }, {});
    expect(findingsOf(await analyze([onDefault], { config: trust }), POLICY)).toEqual([]);
    expect(
      findingsOf(
        await analyze([instance({ parameterGroupName: undefined, engineVersion: "14.12" }, {})], {
          config: trust,
        }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Add pg_stat_statements to shared_preload_libraries in a parameter group attached to this database, or create the pg_stat_statements extension; the engine default preloads it only from PostgreSQL 15, and this is PostgreSQL 14.",
      ],
    ]);
  });

  it("accepts the pg_stat_statements extension instead of a preload setting", async () => {
    expect(
      findingsOf(await analyze([instance({ parameterGroupName: undefined }, {}), extension()]), POLICY),
    ).toEqual([]);
  });

  it("fails a parameter group the stack does not declare (and no extension)", async () => {
    expect(findingsOf(await analyze([instance({ parameterGroupName: "shared-pg16" }, {})]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Declare this database's parameter group in the stack with pg_stat_statements in shared_preload_libraries; a group managed elsewhere cannot be verified.",
      ],
    ]);
  });

  describe("Aurora", () => {
    const clusterGroup = spec(CLUSTER_PARAMETER_GROUP, "cluster-params", {
      family: "aurora-postgresql16",
      parameters: parameters({ shared_preload_libraries: "pg_stat_statements" }),
    });
    const aurora = (changes: Record<string, unknown> = {}) =>
      spec(
        CLUSTER,
        "aurora",
        {
          ...monitored,
          engine: "aurora-postgresql",
          parameterGroupName: undefined,
          dbClusterParameterGroupName: UNKNOWN,
        },
        changes,
        { dbClusterParameterGroupName: ["cluster-params"] },
      );
    const member = (name: string, insights: unknown) =>
      spec(
        CLUSTER_INSTANCE,
        name,
        { engine: "aurora-postgresql", clusterIdentifier: UNKNOWN, performanceInsightsEnabled: insights },
        {},
        { clusterIdentifier: ["aurora"] },
      );

    it("passes a cluster whose cluster parameter group preloads pg_stat_statements", async () => {
      expect(findingsOf(await analyze([clusterGroup, aurora()]), POLICY)).toEqual([]);
    });

    it("accepts Performance Insights on every cluster instance", async () => {
      const result = await analyze([
        clusterGroup,
        aurora({ performanceInsightsEnabled: undefined }),
        member("a1", true),
        member("a2", true),
      ]);
      expect(findingsOf(result, POLICY)).toEqual([]);
    });

    it("fails when a cluster instance lacks Performance Insights", async () => {
      const result = await analyze([
        clusterGroup,
        aurora({ performanceInsightsEnabled: undefined }),
        member("a1", true),
        member("a2", false),
      ]);
      expect(findingsOf(result, POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "aurora",
          'Set performanceInsightsEnabled to true (or databaseInsightsMode to "advanced") so the load of each query is recorded.',
        ],
      ]);
    });
  });

  it("reports unknowns as unverified and still checks the rest", async () => {
    const result = await analyze([
      group(),
      instance({ performanceInsightsEnabled: UNKNOWN, enabledCloudwatchLogsExports: [UNKNOWN] }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] enabledCloudwatchLogsExports[0] is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] performanceInsightsEnabled is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      findingsOf(
        await analyze([instance({ parameterGroupName: undefined }, {}), extension(UNKNOWN)]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] name is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("ignores engines it has no query log for (Oracle)", async () => {
    expect(
      findingsOf(
        await analyze([instance({ engine: "oracle-se2", performanceInsightsEnabled: false }, {})]),
        POLICY,
      ),
    ).toEqual([]);
  });

  describe("MySQL, MariaDB and Aurora MySQL", () => {
    const mysqlGroup = (settings: Record<string, string> = { slow_query_log: "1", long_query_time: "2" }) =>
      spec(PARAMETER_GROUP, "mysql-params", { family: "mysql8.4", parameters: parameters(settings) });
    const mysql = (
      changes: Record<string, unknown> = {},
      refs: Record<string, string[]> = { parameterGroupName: ["mysql-params"] },
    ) =>
      spec(
        INSTANCE,
        "wordpress-db",
        {
          engine: "mysql",
          engineVersion: "8.4.3",
          performanceInsightsEnabled: true,
          enabledCloudwatchLogsExports: ["error", "slowquery"],
          parameterGroupName: UNKNOWN,
        },
        changes,
        refs,
      );

    it("passes Performance Insights, the slow query log on and exported", async () => {
      expect(findingsOf(await analyze([mysqlGroup(), mysql()]), POLICY)).toEqual([]);
    });

    it("fails the slow query log off, or left to the engine default", async () => {
      expect(findingsOf(await analyze([mysqlGroup({ slow_query_log: "0" }), mysql()]), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          "Set slow_query_log to 1 (with long_query_time) in this database's parameter group; the engine default records no slow queries.",
        ],
      ]);
      expect(
        findingsOf(
          await analyze([mysql({ parameterGroupName: "default.mysql8.4" }, {})], { config: trust }),
          POLICY,
        ),
      ).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          "Set slow_query_log to 1 (with long_query_time) in a parameter group attached to this database; the engine default records no slow queries.",
        ],
      ]);
    });

    it("fails the slow query log not exported, and Performance Insights off", async () => {
      expect(
        findingsOf(
          await analyze([
            mysqlGroup(),
            mysql({ enabledCloudwatchLogsExports: ["error"], performanceInsightsEnabled: false }),
          ]),
          POLICY,
        ),
      ).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          'Add "slowquery" to enabledCloudwatchLogsExports so the slow query log reaches CloudWatch Logs.',
        ],
        [
          "violation",
          "mandatory",
          "wordpress-db",
          'Set performanceInsightsEnabled to true (or databaseInsightsMode to "advanced") so the load of each query is recorded.',
        ],
      ]);
    });

    it("reads an Aurora MySQL cluster's cluster parameter group and judges MariaDB alike", async () => {
      const clusterGroup = spec(CLUSTER_PARAMETER_GROUP, "aurora-mysql-params", {
        family: "aurora-mysql8.0",
        parameters: parameters({ slow_query_log: "1" }),
      });
      const cluster = spec(
        CLUSTER,
        "aurora-mysql",
        {
          engine: "aurora-mysql",
          engineVersion: "8.0.mysql_aurora.3.08.0",
          performanceInsightsEnabled: true,
          enabledCloudwatchLogsExports: ["slowquery"],
          dbClusterParameterGroupName: UNKNOWN,
        },
        {},
        { dbClusterParameterGroupName: ["aurora-mysql-params"] },
      );
      expect(findingsOf(await analyze([clusterGroup, cluster]), POLICY)).toEqual([]);
      const mariadb = mysql({ engine: "mariadb", engineVersion: "10.11.9" });
      expect(findingsOf(await analyze([mysqlGroup({}), mariadb]), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          "Set slow_query_log to 1 (with long_query_time) in this database's parameter group; the engine default records no slow queries.",
        ],
      ]);
    });

    it("reports an unknown engine or log list as unverified", async () => {
      expect(findingsOf(await analyze([mysqlGroup(), mysql({ engine: UNKNOWN })]), POLICY)).toEqual([
        [
          "unverified",
          "advisory",
          "wordpress-db",
          "[unverified at preview] engine is not known until deploy; enforced at deploy.",
        ],
      ]);
      expect(
        findingsOf(await analyze([mysqlGroup(), mysql({ enabledCloudwatchLogsExports: UNKNOWN })]), POLICY),
      ).toEqual([
        [
          "unverified",
          "advisory",
          "wordpress-db",
          "[unverified at preview] enabledCloudwatchLogsExports is not known until deploy; enforced at deploy.",
        ],
      ]);
    });
  });
});
