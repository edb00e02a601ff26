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

/** The engines whose RDS support calendar the pack knows, each dated on its own majors. */
export type SupportedEngineLine = "mysql" | "mariadb" | "postgres" | "aurora-mysql" | "aurora-postgresql";

/** The support calendar an `engine` value follows, or undefined for an engine with no open-source RDS calendar. */
export function engineLine(engine: string | undefined): SupportedEngineLine | undefined {
  const family = engineFamily(engine);
  const aurora = isAuroraEngine(engine);
  if (family === "postgres") return aurora ? "aurora-postgresql" : "postgres";
  if (family === "mysql") return aurora ? "aurora-mysql" : "mysql";
  if (family === "mariadb") return "mariadb";
  return undefined;
}

/**
 * The major version RDS dates support by, from an `engineVersion`: MySQL and MariaDB take two numbers
 * ("8.0.35" → "8.0", "10.11.9" → "10.11"); PostgreSQL one from 10 on ("15.4" → "15") and two before
 * ("9.6.24" → "9.6"); Aurora MySQL the MySQL version it is compatible with ("5.7.mysql_aurora.2.11.2"
 * → "5.7", "8.0.mysql_aurora.3.05.2" → "8.0"; "5.6.10a" of engine `aurora` → "5.6"). Undefined when the
 * version has no such leading number.
 */
export function supportMajor(
  line: SupportedEngineLine,
  engineVersion: string | undefined,
): string | undefined {
  const match = engineVersion?.trim().match(/^(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  const [, first, second] = match;
  if (line === "postgres" || line === "aurora-postgresql") {
    if (Number(first) >= 10) return String(Number(first));
    return second === undefined ? undefined : `${Number(first)}.${Number(second)}`;
  }
  return second === undefined ? undefined : `${Number(first)}.${Number(second)}`;
}

/**
 * The major a parameter group `family` pins ("mysql8.0" → mysql 8.0, "postgres16" → postgres 16,
 * "aurora-mysql5.7" → aurora-mysql 5.7, "aurora5.6" → aurora-mysql 5.6), or undefined for another family.
 */
export function familyMajor(
  family: string | undefined,
): { line: SupportedEngineLine; major: string } | undefined {
  const match = family
    ?.trim()
    .toLowerCase()
    .match(/^(aurora-postgresql|aurora-mysql|aurora|postgres|mysql|mariadb)(\d+(?:\.\d+)?)$/);
  if (!match) return undefined;
  const line = (match[1] === "aurora" ? "aurora-mysql" : match[1]) as SupportedEngineLine;
  const major = supportMajor(line, match[2]);
  return major === undefined ? undefined : { line, major };
}

/**
 * RDS end of standard support, per engine line and major version (`YYYY-MM-DD`; after this day the
 * major runs only under paid RDS Extended Support, or is upgraded by AWS). Sources, the AWS release
 * calendars (re-check them on each pack release and add new majors here):
 * - RDS for MySQL: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html#MySQL.Concepts.VersionMgmt.ReleaseCalendar
 * - RDS for MariaDB: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.VersionMgmt.html#MariaDB.Concepts.VersionMgmt.ReleaseCalendar
 * - RDS for PostgreSQL: https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * - Aurora MySQL: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html
 *   (version 1 = 5.6, 2 = 5.7, 3 = 8.0; version 2's date is also stated in
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support.html)
 * - Aurora PostgreSQL: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html
 * Keys are `<line> <major>`; a profile adds or corrects entries with rds-engine-supported's endOfStandardSupport.
 */
export const END_OF_STANDARD_SUPPORT: Readonly<Record<string, string>> = {
  "mysql 5.6": "2022-03-01",
  "mysql 5.7": "2024-02-29",
  "mysql 8.0": "2026-07-31",
  "mysql 8.4": "2029-07-31",
  "mariadb 10.3": "2023-10-23",
  "mariadb 10.4": "2025-06-30",
  "mariadb 10.5": "2026-02-15",
  "mariadb 10.6": "2026-08-31",
  "mariadb 10.11": "2028-02-29",
  "mariadb 11.4": "2029-05-31",
  "mariadb 11.8": "2030-06-30",
  "postgres 9.6": "2022-04-26",
  "postgres 10": "2023-04-17",
  "postgres 11": "2024-02-29",
  "postgres 12": "2025-02-28",
  "postgres 13": "2026-02-28",
  "postgres 14": "2027-02-28",
  "postgres 15": "2028-02-29",
  "postgres 16": "2029-02-28",
  "postgres 17": "2030-02-28",
  "aurora-mysql 5.6": "2023-02-28",
  "aurora-mysql 5.7": "2024-10-31",
  "aurora-mysql 8.0": "2028-04-30",
  "aurora-postgresql 11": "2024-02-29",
  "aurora-postgresql 12": "2025-02-28",
  "aurora-postgresql 13": "2026-02-28",
  "aurora-postgresql 14": "2027-02-28",
  "aurora-postgresql 15": "2028-02-29",
  "aurora-postgresql 16": "2029-02-28",
  "aurora-postgresql 17": "2030-02-28",
};

/** How messages name an engine line. */
export const ENGINE_LINE_LABELS: Readonly<Record<SupportedEngineLine, string>> = {
  mysql: "RDS for MySQL",
  mariadb: "RDS for MariaDB",
  postgres: "RDS for PostgreSQL",
  "aurora-mysql": "Aurora MySQL",
  "aurora-postgresql": "Aurora PostgreSQL",
};

/** Every engine family, for the engine-neutral rules (backups, encryption) that judge any database. */
export const ENGINE_FAMILIES: readonly EngineFamily[] = [
  "postgres",
  "mysql",
  "mariadb",
  "oracle",
  "sqlserver",
  "db2",
  "docdb",
  "neptune",
];
