import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, CLUSTER_PARAMETER_GROUP, INSTANCE, PARAMETER_GROUP, spec } from "./rds-fixtures";

const POLICY = "rds-engine-supported";
/** A fixed date, so the tests never rot as the calendar moves on. */
const AS_OF = "2026-12-02";
const config = (settings: Record<string, unknown> = {}) => ({
  all: "mandatory",
  [POLICY]: { asOf: AS_OF, ...settings },
});
const mysql = (changes: Record<string, unknown> = {}, refs?: Record<string, string[]>): ResourceSpec =>
  spec(INSTANCE, "db", { engine: "mysql", engineVersion: "8.4.3" }, changes, refs);
const judge = async (resources: ResourceSpec[], settings: Record<string, unknown> = {}) =>
  findingsOf(await analyze(resources, { config: config(settings) }), POLICY);
const unverified = (message: string) => [
  "unverified",
  "advisory",
  "db",
  `[unverified at preview] ${message}`,
];

describe(POLICY, () => {
  it("passes current majors of every engine line", async () => {
    expect(await judge([mysql()])).toEqual([]);
    expect(await judge([mysql({ engine: "postgres", engineVersion: "16.8" })])).toEqual([]);
    expect(await judge([mysql({ engine: "mariadb", engineVersion: "10.11.9" })])).toEqual([]);
    const auroraMysql = spec(CLUSTER, "db", {
      engine: "aurora-mysql",
      engineVersion: "8.0.mysql_aurora.3.08.0",
    });
    const auroraPostgres = spec(CLUSTER, "db", { engine: "aurora-postgresql", engineVersion: "16.4" });
    expect(await judge([auroraMysql])).toEqual([]);
    expect(await judge([auroraPostgres])).toEqual([]);
  });

  it("fails MySQL 5.7, past its end of standard support", async () => {
    expect(await judge([mysql({ engineVersion: "5.7.44" })])).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Upgrade to a major version of RDS for MySQL in standard support; 5.7 left RDS standard support on 2024-02-29.",
      ],
    ]);
  });

  it("fails MySQL 8.0 from the day its support ends, not before", async () => {
    const mysql80 = mysql({ engineVersion: "8.0.35" });
    expect(await judge([mysql80], { asOf: "2026-07-31" })).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Upgrade to a major version of RDS for MySQL in standard support; 8.0 left RDS standard support on 2026-07-31.",
      ],
    ]);
    expect(await judge([mysql80], { asOf: "2026-07-30", warningDays: 0 })).toEqual([]);
  });

  it("warns, advisory, within warningDays of the end date", async () => {
    expect(await judge([mysql({ engineVersion: "8.0.35" })], { asOf: "2026-05-02" })).toEqual([
      [
        "violation",
        "advisory",
        "db",
        "Plan the upgrade from RDS for MySQL 8.0: it leaves RDS standard support on 2026-07-31, in 90 days.",
      ],
    ]);
  });

  it("fails Aurora MySQL version 2 (5.7) and old PostgreSQL and MariaDB", async () => {
    const auroraV2 = spec(CLUSTER, "db", {
      engine: "aurora-mysql",
      engineVersion: "5.7.mysql_aurora.2.11.2",
    });
    expect(await judge([auroraV2])).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Upgrade to a major version of Aurora MySQL in standard support; 5.7 left RDS standard support on 2024-10-31.",
      ],
    ]);
    expect((await judge([mysql({ engine: "postgres", engineVersion: "12.22" })]))[0][3]).toBe(
      "Upgrade to a major version of RDS for PostgreSQL in standard support; 12 left RDS standard support on 2025-02-28.",
    );
    expect((await judge([mysql({ engine: "mariadb", engineVersion: "10.4.34" })]))[0][0]).toBe("violation");
  });

  it("judges a replica by its source's engine and version", async () => {
    const source = mysql({ engineVersion: "5.7.44", identifier: "shop" });
    const replica = spec(INSTANCE, "replica", { replicateSourceDb: "shop" });
    expect((await judge([source, replica])).map(([, level, name]) => [level, name])).toEqual([
      ["mandatory", "db"],
      ["mandatory", "replica"],
    ]);
  });

  it("reads the major from the parameter group family when engineVersion is unset", async () => {
    const group = spec(PARAMETER_GROUP, "params", { family: "mysql5.7" });
    const onGroup = mysql(
      { engineVersion: undefined, parameterGroupName: UNKNOWN },
      { parameterGroupName: ["params"] },
    );
    expect((await judge([group, onGroup]))[0]).toEqual([
      "violation",
      "mandatory",
      "db",
      "Upgrade to a major version of RDS for MySQL in standard support; 5.7 left RDS standard support on 2024-02-29.",
    ]);
    const clusterGroup = spec(CLUSTER_PARAMETER_GROUP, "params", { family: "aurora-mysql8.0" });
    const cluster = spec(
      CLUSTER,
      "db",
      { engine: "aurora-mysql", dbClusterParameterGroupName: UNKNOWN },
      {},
      { dbClusterParameterGroupName: ["params"] },
    );
    expect(await judge([clusterGroup, cluster])).toEqual([]);
  });

  it("reports what it cannot date as unverified, never as a pass", async () => {
    expect(await judge([mysql({ engineVersion: undefined })])).toEqual([
      unverified(
        "engineVersion is unset, so RDS picks the engine's default version at creation, which this policy cannot date; set engineVersion to a major version of RDS for MySQL in standard support.",
      ),
    ]);
    expect(await judge([mysql({ engineVersion: UNKNOWN })])).toEqual([
      unverified("engineVersion is not known until deploy; enforced at deploy."),
    ]);
    expect(await judge([mysql({ engine: UNKNOWN })])).toEqual([
      unverified("engine is not known until deploy; enforced at deploy."),
    ]);
    expect(await judge([mysql({ engineVersion: "latest" })])).toEqual([
      unverified(
        'engineVersion does not start with a major version of RDS for MySQL that this policy can read; set it as RDS lists it (e.g. "8.4.3" or "16.8").',
      ),
    ]);
    expect(await judge([mysql({ engine: "postgres", engineVersion: "19.1" })])).toEqual([
      unverified(
        'RDS for PostgreSQL 19 is not in the support table; add "postgres 19" with its RDS end-of-standard-support date to endOfStandardSupport.',
      ),
    ]);
  });

  it("takes added or corrected dates from config, keeping the default table", async () => {
    const pg19 = mysql({ engine: "postgres", engineVersion: "19.1" });
    expect(await judge([pg19], { endOfStandardSupport: { "postgres 19": "2031-02-28" } })).toEqual([]);
    expect((await judge([mysql()], { endOfStandardSupport: { "mysql 8.4": "2026-01-31" } }))[0][3]).toBe(
      "Upgrade to a major version of RDS for MySQL in standard support; 8.4 left RDS standard support on 2026-01-31.",
    );
    expect((await judge([mysql({ engineVersion: "5.7.44" })], { endOfStandardSupport: {} }))[0][0]).toBe(
      "violation",
    );
  });

  it("ignores engines without an open-source RDS calendar", async () => {
    expect(
      await judge([mysql({ engine: "oracle-se2", engineVersion: "19.0.0.0.ru-2024-01.rur-2024-01.r1" })]),
    ).toEqual([]);
    expect(await judge([mysql({ engine: "sqlserver-se", engineVersion: undefined })])).toEqual([]);
  });
});
