/**
 * What an RDS engine is: the `engine` names RDS accepts, the family each belongs to (the one answer
 * to "is this PostgreSQL?", "is this MySQL?"), whether it is Aurora, and the major version of an
 * `engineVersion`. Pure functions of the values; reading them from a database is rds-database.ts.
 */

/** The database engine a name runs, whatever the flavour (RDS, Aurora, Custom). */
export type EngineFamily =
  "postgres" | "mysql" | "mariadb" | "oracle" | "sqlserver" | "db2" | "docdb" | "neptune";

/**
 * The family of an RDS `engine` value, or undefined for an unset or unrecognised one. Names compare
 * case-insensitively and by the family word, as RDS spells them: `postgres` and `aurora-postgresql`
 * are "postgres"; `mysql`, `aurora-mysql` and `aurora` (Aurora MySQL 5.6) are "mysql".
 */
export function engineFamily(engine: string | undefined): EngineFamily | undefined {
  if (engine === undefined) return undefined;
  const name = engine.trim().toLowerCase();
  if (name.includes("postgres")) return "postgres";
  if (name.includes("mariadb")) return "mariadb";
  if (name.includes("mysql") || name === "aurora") return "mysql";
  if (name.includes("oracle")) return "oracle";
  if (name.includes("sqlserver")) return "sqlserver";
  if (name.startsWith("db2")) return "db2";
  if (name === "docdb") return "docdb";
  if (name === "neptune") return "neptune";
  return undefined;
}

/** True for the Aurora engines (`aurora`, `aurora-mysql`, `aurora-postgresql`). */
export function isAuroraEngine(engine: string | undefined): boolean {
  return engine !== undefined && /^aurora/i.test(engine);
}

/** RDS engine names, the only engine values a message may quote (any other input is never echoed). */
export const RDS_ENGINE_NAMES: ReadonlySet<string> = new Set([
  "aurora",
  "aurora-mysql",
  "aurora-postgresql",
  "mariadb",
  "mysql",
  "postgres",
  "neptune",
  "docdb",
  "oracle-ee",
  "oracle-ee-cdb",
  "oracle-se2",
  "oracle-se2-cdb",
  "custom-oracle-ee",
  "custom-oracle-ee-cdb",
  "sqlserver-ee",
  "sqlserver-se",
  "sqlserver-ex",
  "sqlserver-web",
  "custom-sqlserver-ee",
  "custom-sqlserver-se",
  "custom-sqlserver-web",
  "db2-se",
  "db2-ae",
]);

/**
 * The leading number of an `engineVersion` ("16.8" → 16), PostgreSQL's major version, or undefined
 * when it has none. MySQL's majors take two numbers (5.7, 8.0): judge those on the family's own terms.
 */
export function engineMajor(engineVersion: string | undefined): number | undefined {
  const match = engineVersion?.match(/^\s*(\d+)/);
  return match ? Number(match[1]) : undefined;
}
