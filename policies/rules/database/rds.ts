/**
 * RDS facts the database and backups rules share (this file is not a policy): which databases run
 * PostgreSQL, which are replicas, which parameter group a database uses and what the group sets.
 */
import { StackResource, StackView } from "../../lib/stack";
import { isType, TypeGroup } from "../../lib/types";
import { Props, UnknownInput, arr, known, obj, str } from "../../lib/values";

/** True for RDS for PostgreSQL (`postgres`) and Aurora PostgreSQL (`aurora-postgresql`). */
export function isPostgresEngine(engine: string | undefined): boolean {
  return engine !== undefined && /postgres/i.test(engine);
}

export function isAuroraEngine(engine: string | undefined): boolean {
  return engine !== undefined && /^aurora/i.test(engine);
}

/** Set to anything, including a value unknown at preview (a replica's source is usually an output). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * A read replica (instance with replicateSourceDb) or a cluster replicating another (replicationSourceIdentifier,
 * or a secondary of a global cluster, which has no master user of its own).
 */
export function isReplica(type: string, props: Props): boolean {
  if (isType(type, "rdsInstance")) return isSet(props.replicateSourceDb);
  if (isType(type, "rdsCluster")) {
    return (
      isSet(props.replicationSourceIdentifier) ||
      (isSet(props.globalClusterIdentifier) && !isSet(props.masterUsername))
    );
  }
  return false;
}

/** A property of the database, or of its replication source in the stack when the replica leaves it unset. */
function ownOrSource(stack: StackView, db: StackResource, property: string): string | undefined {
  const own = str(db.props[property], property);
  if (own) return own;
  if (isType(db.type, "rdsInstance") && isSet(db.props.replicateSourceDb)) {
    const source = stack
      .referenced(db, "replicateSourceDb", "rdsInstance")
      .find((candidate) => candidate !== db);
    if (source) return str(source.props[property], `replicateSourceDb.${property}`);
  }
  return undefined;
}

/** The database's engine; a read replica that leaves it unset runs its source's. */
export function engineOf(stack: StackView, db: StackResource): string | undefined {
  return ownOrSource(stack, db, "engine");
}

/** The major version in engineVersion ("16.8" → 16), or undefined when unset (RDS then picks the default). */
export function engineMajorOf(stack: StackView, db: StackResource): number | undefined {
  const match = ownOrSource(stack, db, "engineVersion")?.match(/^\s*(\d+)/);
  return match ? Number(match[1]) : undefined;
}

/** The PostgreSQL instances (or clusters) of the stack; an unknown engine is reported per database by `check`. */
export function postgresDatabases(
  stack: StackView,
  groups: TypeGroup[],
  check: (fn: () => void, urn?: string) => void,
): StackResource[] {
  const databases: StackResource[] = [];
  for (const db of stack.ofType(...groups)) {
    check(() => {
      if (isPostgresEngine(engineOf(stack, db))) databases.push(db);
    }, db.urn);
  }
  return databases;
}

interface GroupLink {
  property: string;
  group: TypeGroup;
  /** How messages name it. */
  label: string;
}

/** Where each kind of database names its parameter group. */
export function parameterGroupLink(db: StackResource): GroupLink {
  if (isType(db.type, "rdsCluster")) {
    return {
      property: "dbClusterParameterGroupName",
      group: "rdsClusterParameterGroup",
      label: "cluster parameter group",
    };
  }
  if (isType(db.type, "rdsClusterInstance")) {
    return { property: "dbParameterGroupName", group: "rdsParameterGroup", label: "parameter group" };
  }
  return { property: "parameterGroupName", group: "rdsParameterGroup", label: "parameter group" };
}

export type AttachedGroup =
  /** No group, or an AWS `default.*` group: the engine defaults apply. */
  | { kind: "default" }
  /** A group declared in this stack. */
  | { kind: "managed"; group: StackResource }
  /** A named group that this stack does not declare: its settings cannot be seen. */
  | { kind: "external" };

/** The parameter group the database uses: joined through propertyDependencies, or by name. */
export function parameterGroupOf(stack: StackView, db: StackResource): AttachedGroup {
  const link = parameterGroupLink(db);
  const [group] = stack.referenced(db, link.property, link.group);
  if (group) return { kind: "managed", group };
  const name = str(db.props[link.property], link.property);
  if (!name || name.startsWith("default.")) return { kind: "default" };
  return { kind: "external" };
}

/**
 * The value a parameter group sets for `parameter` (names compare case-insensitively), or undefined
 * when it does not set it. Unknowns are reported under `pathPrefix` (the database's group property), if given.
 */
export function parameterValue(
  group: StackResource,
  parameter: string,
  pathPrefix?: string,
): string | undefined {
  try {
    let value: string | undefined;
    arr(group.props.parameters, "parameters").forEach((entry, i) => {
      const setting = obj(entry, `parameters[${i}]`);
      if (!setting) return;
      if (str(setting.name, `parameters[${i}].name`)?.toLowerCase() !== parameter) return;
      const raw = known(setting.value, `parameters[${i}].value`);
      if (typeof raw === "string") value = raw.trim();
      else if (typeof raw === "number" || typeof raw === "boolean") value = String(raw);
    });
    return value;
  } catch (error) {
    if (error instanceof UnknownInput && pathPrefix) throw new UnknownInput(`${pathPrefix}.${error.path}`);
    throw error;
  }
}

/** True for a PostgreSQL boolean parameter that is on. */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|on|true|yes)$/i.test(value);
}

/** The value when it looks like an enum or a number (safe to quote in a message), else a neutral phrase. */
/** RDS engine names, the only engine values a message may quote (any other input is never echoed). */
const RDS_ENGINES: ReadonlySet<string> = new Set([
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

/** Quotes a value only when it is one of the values the setting can take; other input is never echoed. */
export function quoted(value: string, allowed: ReadonlySet<string>): string {
  return allowed.has(value.toLowerCase()) ? `"${value}"` : "a different value";
}

export const ENGINE_NAMES = RDS_ENGINES;
export const LOG_STATEMENT_VALUES: ReadonlySet<string> = new Set(["none", "ddl", "mod", "all"]);
export const BOOLEAN_PARAMETER_VALUES: ReadonlySet<string> = new Set([
  "0",
  "1",
  "on",
  "off",
  "true",
  "false",
]);
