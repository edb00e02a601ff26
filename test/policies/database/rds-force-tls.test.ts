import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import {
  CLUSTER,
  CLUSTER_PARAMETER_GROUP,
  INSTANCE,
  PARAMETER_GROUP,
  parameters,
  spec,
} from "./rds-fixtures";

const POLICY = "rds-force-tls";
const group = (
  settings: Record<string, string> = { "rds.force_ssl": "1" },
  changes: Record<string, unknown> = {},
) => spec(PARAMETER_GROUP, "params", { family: "postgres16", parameters: parameters(settings) }, changes);
const instance = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { parameterGroupName: ["params"] },
): ResourceSpec =>
  spec(
    INSTANCE,
    "db",
    { engine: "postgres", engineVersion: "16.8", parameterGroupName: UNKNOWN },
    changes,
    refs,
  );
const clusterGroup = (settings: Record<string, string> = { "rds.force_ssl": "1" }) =>
  spec(CLUSTER_PARAMETER_GROUP, "cluster-params", {
    family: "aurora-postgresql16",
    parameters: parameters(settings),
  });
const aurora = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { dbClusterParameterGroupName: ["cluster-params"] },
) =>
  spec(
    CLUSTER,
    "aurora",
    { engine: "aurora-postgresql", engineVersion: "16.4", dbClusterParameterGroupName: UNKNOWN },
    changes,
    refs,
  );
const trust = { all: "mandatory", [POLICY]: { trustEngineDefaults: true } };

describe(POLICY, () => {
  it("passes databases whose parameter groups set rds.force_ssl to 1", async () => {
    expect(findingsOf(await analyze([group(), instance(), clusterGroup(), aurora()]), POLICY)).toEqual([]);
  });

  it("joins the parameter group by name when no dependency was recorded", async () => {
    const named = group(undefined, { name: "orders-pg16" });
    expect(
      findingsOf(await analyze([named, instance({ parameterGroupName: "orders-pg16" }, {})]), POLICY),
    ).toEqual([]);
  });

  it("fails rds.force_ssl 0", async () => {
    expect(findingsOf(await analyze([group({ "rds.force_ssl": "0" }), instance()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        'Set rds.force_ssl to 1 in this database\'s parameter group; it is "0".',
      ],
    ]);
  });

  it("fails a cluster parameter group without rds.force_ssl (Aurora defaults it to 0)", async () => {
    expect(
      findingsOf(
        await analyze([clusterGroup({ log_statement: "none" }), aurora()], { config: trust }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Set rds.force_ssl to 1 in this database's cluster parameter group; Aurora PostgreSQL defaults rds.force_ssl to 0.",
      ],
    ]);
  });

  it("fails the default parameter group unless engine defaults are trusted", async () => {
    expect(findingsOf(await analyze([instance({ parameterGroupName: undefined }, {})]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Attach a parameter group that sets rds.force_ssl to 1; the engine default is not trusted (trustEngineDefaults is off).",
      ],
    ]);
  });

  it("passes the default group of PostgreSQL 15+ when engine defaults are trusted", async () => {
    const onDefault = instance({ parameterGroupName: "default.postgres16" }, {});
    expect(findingsOf(await analyze([onDefault], { config: trust }), POLICY)).toEqual([]);
  });

  it("passes a managed group that leaves rds.force_ssl to a trusted default", async () => {
    expect(
      findingsOf(await analyze([group({ log_statement: "none" }), instance()], { config: trust }), POLICY),
    ).toEqual([]);
  });

  it("fails a trusted default below defaultForceSslFromMajor", async () => {
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
        "Attach a parameter group that sets rds.force_ssl to 1; the engine default forces TLS only from PostgreSQL 15, and this is PostgreSQL 14.",
      ],
    ]);
  });

  it("fails a trusted default when engineVersion is unset", async () => {
    expect(
      findingsOf(
        await analyze([instance({ parameterGroupName: undefined, engineVersion: undefined }, {})], {
          config: trust,
        }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Attach a parameter group that sets rds.force_ssl to 1; the engine default forces TLS only from PostgreSQL 15, and engineVersion is unset.",
      ],
    ]);
  });

  it("fails Aurora on its default cluster parameter group even when defaults are trusted", async () => {
    expect(
      findingsOf(
        await analyze([aurora({ dbClusterParameterGroupName: "default.aurora-postgresql16" }, {})], {
          config: trust,
        }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Attach a cluster parameter group that sets rds.force_ssl to 1; Aurora PostgreSQL defaults rds.force_ssl to 0.",
      ],
    ]);
  });

  it("fails a parameter group the stack does not declare", async () => {
    expect(findingsOf(await analyze([instance({ parameterGroupName: "shared-pg16" }, {})]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Declare this database's parameter group in the stack with rds.force_ssl set to 1; a group managed elsewhere cannot be verified.",
      ],
    ]);
  });

  it("judges a replica by its source's engine", async () => {
    const source = spec(
      INSTANCE,
      "primary",
      { engine: "postgres", engineVersion: "16.8", identifier: "orders" },
      {},
      undefined,
    );
    const replica = spec(INSTANCE, "replica", { replicateSourceDb: "orders" });
    expect(findingsOf(await analyze([source, replica], { config: trust }), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([source, replica]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "primary",
        "Attach a parameter group that sets rds.force_ssl to 1; the engine default is not trusted (trustEngineDefaults is off).",
      ],
      [
        "violation",
        "mandatory",
        "replica",
        "Attach a parameter group that sets rds.force_ssl to 1; the engine default is not trusted (trustEngineDefaults is off).",
      ],
    ]);
  });

  it("ignores engines without a TLS parameter it knows (Oracle, SQL Server)", async () => {
    expect(
      findingsOf(
        await analyze([instance({ engine: "oracle-se2", parameterGroupName: undefined }, {})], {
          config: trust,
        }),
        POLICY,
      ),
    ).toEqual([]);
  });

  describe("MySQL, MariaDB and Aurora MySQL", () => {
    const mysqlGroup = (settings: Record<string, string> = { require_secure_transport: "ON" }) =>
      spec(PARAMETER_GROUP, "mysql-params", { family: "mysql8.4", parameters: parameters(settings) });
    const mysql = (
      changes: Record<string, unknown> = {},
      refs: Record<string, string[]> = { parameterGroupName: ["mysql-params"] },
    ) =>
      spec(
        INSTANCE,
        "wordpress-db",
        { engine: "mysql", engineVersion: "8.4.3", parameterGroupName: UNKNOWN },
        changes,
        refs,
      );
    const auroraMysql = (settings: Record<string, string>) => [
      spec(CLUSTER_PARAMETER_GROUP, "aurora-mysql-params", {
        family: "aurora-mysql8.0",
        parameters: parameters(settings),
      }),
      spec(
        CLUSTER,
        "aurora-mysql",
        {
          engine: "aurora-mysql",
          engineVersion: "8.0.mysql_aurora.3.08.0",
          dbClusterParameterGroupName: UNKNOWN,
        },
        {},
        { dbClusterParameterGroupName: ["aurora-mysql-params"] },
      ),
    ];

    it("passes require_secure_transport set to ON or 1", async () => {
      expect(findingsOf(await analyze([mysqlGroup(), mysql()]), POLICY)).toEqual([]);
      expect(
        findingsOf(await analyze(auroraMysql({ require_secure_transport: "1" }), { config: trust }), POLICY),
      ).toEqual([]);
    });

    it("fails require_secure_transport off", async () => {
      expect(
        findingsOf(await analyze([mysqlGroup({ require_secure_transport: "OFF" }), mysql()]), POLICY),
      ).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          'Set require_secure_transport to 1 in this database\'s parameter group; it is "OFF".',
        ],
      ]);
    });

    it("fails a MySQL database on the default group even when engine defaults are trusted", async () => {
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
          "Attach a parameter group that sets require_secure_transport to 1; MySQL leaves require_secure_transport off unless a parameter group sets it.",
        ],
      ]);
    });

    it("fails an Aurora MySQL cluster parameter group without require_secure_transport", async () => {
      expect(findingsOf(await analyze(auroraMysql({ slow_query_log: "1" })), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "aurora-mysql",
          "Set require_secure_transport to 1 in this database's cluster parameter group; Aurora MySQL leaves require_secure_transport off unless a parameter group sets it.",
        ],
      ]);
    });

    it("judges MariaDB the same way", async () => {
      const mariadb = mysql(
        { engine: "mariadb", engineVersion: "10.11.9", parameterGroupName: undefined },
        {},
      );
      expect(findingsOf(await analyze([mariadb]), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          "Attach a parameter group that sets require_secure_transport to 1; MariaDB leaves require_secure_transport off unless a parameter group sets it.",
        ],
      ]);
    });

    it("asks for a MySQL group managed elsewhere to be declared", async () => {
      expect(findingsOf(await analyze([mysql({ parameterGroupName: "shared-mysql" }, {})]), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "wordpress-db",
          "Declare this database's parameter group in the stack with require_secure_transport set to 1; a group managed elsewhere cannot be verified.",
        ],
      ]);
    });
  });

  it("reports unknowns as unverified", async () => {
    const unknownValue = spec(PARAMETER_GROUP, "params", {
      family: "postgres16",
      parameters: [{ name: "rds.force_ssl", value: UNKNOWN }],
    });
    expect(findingsOf(await analyze([unknownValue, instance()]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] parameterGroupName.parameters[0].value is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([instance({}, {})]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] parameterGroupName is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([group(), instance({ engine: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] engine is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on malformed parameters", async () => {
    const odd = spec(PARAMETER_GROUP, "params", {
      family: "postgres16",
      parameters: [null, 3, { name: 5 }, { name: "rds.force_ssl" }],
    });
    expect(findingsOf(await analyze([odd, instance()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set rds.force_ssl to 1 in this database's parameter group; the engine default is not trusted (trustEngineDefaults is off).",
      ],
    ]);
  });
});
