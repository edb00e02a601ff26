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

const POLICY = "rds-no-sensitive-logging";
const safe = { log_statement: "ddl", "pgaudit.log": "ddl,role", "pgaudit.log_parameter": "0" };
const group = (settings: Record<string, string> = {}, name = "params") =>
  spec(PARAMETER_GROUP, name, { family: "postgres16", parameters: parameters({ ...safe, ...settings }) });
const instance = (changes: Record<string, unknown> = {}, group = "params"): ResourceSpec =>
  spec(INSTANCE, "db", { engine: "postgres", parameterGroupName: UNKNOWN }, changes, {
    parameterGroupName: [group],
  });
const LOG_PARAMETER =
  "Set pgaudit.log_parameter to 0 while pgaudit.log includes write or all; otherwise the values written are logged with each statement.";

describe(POLICY, () => {
  it("passes a group that logs DDL only", async () => {
    expect(findingsOf(await analyze([group(), instance()]), POLICY)).toEqual([]);
  });

  it("fails log_statement all, on the parameter group", async () => {
    expect(findingsOf(await analyze([group({ log_statement: "all" }), instance()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "params",
        'Set log_statement to "none" or "ddl"; "all" writes the statements that change data, with their values, to the log.',
      ],
    ]);
  });

  it("fails log_statement mod (any case)", async () => {
    expect(findingsOf(await analyze([group({ log_statement: "MOD" }), instance()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "params",
        'Set log_statement to "none" or "ddl"; "mod" writes the statements that change data, with their values, to the log.',
      ],
    ]);
  });

  it("fails pgaudit write logging with parameters", async () => {
    expect(
      findingsOf(
        await analyze([group({ "pgaudit.log": "ddl, write", "pgaudit.log_parameter": "1" }), instance()]),
        POLICY,
      ),
    ).toEqual([["violation", "mandatory", "params", LOG_PARAMETER]]);
  });

  it("fails pgaudit all with log_parameter on", async () => {
    expect(
      findingsOf(
        await analyze([group({ "pgaudit.log": "all,-misc", "pgaudit.log_parameter": "on" }), instance()]),
        POLICY,
      ),
    ).toEqual([["violation", "mandatory", "params", LOG_PARAMETER]]);
  });

  it("passes pgaudit write logging without parameters", async () => {
    expect(findingsOf(await analyze([group({ "pgaudit.log": "write" }), instance()]), POLICY)).toEqual([]);
  });

  it("judges a group once however many databases share it", async () => {
    const second = spec(
      INSTANCE,
      "db2",
      { engine: "postgres", parameterGroupName: UNKNOWN },
      {},
      { parameterGroupName: ["params"] },
    );
    expect(
      findingsOf(await analyze([group({ log_statement: "all" }), instance(), second]), POLICY),
    ).toHaveLength(1);
  });

  it("ignores groups attached to no PostgreSQL database", async () => {
    const mysql = instance({ engine: "mysql" });
    expect(
      findingsOf(
        await analyze([group({ log_statement: "all" }), mysql, group({ log_statement: "all" }, "orphan")]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("covers Aurora cluster parameter groups and cluster instances' parameter groups", async () => {
    const clusterGroup = spec(CLUSTER_PARAMETER_GROUP, "cluster-params", {
      family: "aurora-postgresql16",
      parameters: parameters({ log_statement: "all" }),
    });
    const aurora = spec(
      CLUSTER,
      "aurora",
      { engine: "aurora-postgresql", dbClusterParameterGroupName: UNKNOWN },
      {},
      { dbClusterParameterGroupName: ["cluster-params"] },
    );
    const member = spec(
      CLUSTER_INSTANCE,
      "aurora-1",
      { engine: "aurora-postgresql", clusterIdentifier: UNKNOWN, dbParameterGroupName: UNKNOWN },
      {},
      {
        clusterIdentifier: ["aurora"],
        dbParameterGroupName: ["instance-params"],
      },
    );
    const result = await analyze([
      clusterGroup,
      aurora,
      group({ log_statement: "mod" }, "instance-params"),
      member,
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "cluster-params",
        'Set log_statement to "none" or "ddl"; "all" writes the statements that change data, with their values, to the log.',
      ],
      [
        "violation",
        "mandatory",
        "instance-params",
        'Set log_statement to "none" or "ddl"; "mod" writes the statements that change data, with their values, to the log.',
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    const unknownValue = spec(PARAMETER_GROUP, "params", {
      family: "postgres16",
      parameters: [{ name: "log_statement", value: UNKNOWN }],
    });
    expect(findingsOf(await analyze([unknownValue, instance()]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "params",
        "[unverified at preview] parameters[0].value is not known until deploy; enforced at deploy.",
      ],
    ]);
    const unknownList = spec(PARAMETER_GROUP, "params", { family: "postgres16", parameters: UNKNOWN });
    expect(findingsOf(await analyze([unknownList, instance()]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "params",
        "[unverified at preview] parameters is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "params",
        "[unverified at preview] parameters is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  describe("MySQL, MariaDB and Aurora MySQL", () => {
    const mysqlGroup = (settings: Record<string, string>) =>
      spec(PARAMETER_GROUP, "mysql-params", { family: "mysql8.4", parameters: parameters(settings) });
    const mysql = (changes: Record<string, unknown> = {}) =>
      spec(INSTANCE, "wordpress-db", { engine: "mysql", parameterGroupName: UNKNOWN }, changes, {
        parameterGroupName: ["mysql-params"],
      });
    const GENERAL_LOG =
      "Set general_log to 0; the general query log writes every statement, with the values it carries, to the log.";

    it("passes general_log off, and ignores PostgreSQL parameters in a MySQL group", async () => {
      expect(
        findingsOf(await analyze([mysqlGroup({ general_log: "0", log_statement: "all" }), mysql()]), POLICY),
      ).toEqual([]);
    });

    it("fails general_log on, for MySQL, MariaDB and an Aurora MySQL cluster instance", async () => {
      expect(findingsOf(await analyze([mysqlGroup({ general_log: "1" }), mysql()]), POLICY)).toEqual([
        ["violation", "mandatory", "mysql-params", GENERAL_LOG],
      ]);
      expect(
        findingsOf(await analyze([mysqlGroup({ general_log: "ON" }), mysql({ engine: "mariadb" })]), POLICY),
      ).toEqual([["violation", "mandatory", "mysql-params", GENERAL_LOG]]);
      const member = spec(
        CLUSTER_INSTANCE,
        "aurora-mysql-1",
        { engine: "aurora-mysql", dbParameterGroupName: UNKNOWN },
        {},
        { dbParameterGroupName: ["mysql-params"] },
      );
      expect(findingsOf(await analyze([mysqlGroup({ general_log: "1" }), member]), POLICY)).toEqual([
        ["violation", "mandatory", "mysql-params", GENERAL_LOG],
      ]);
    });
  });
});
