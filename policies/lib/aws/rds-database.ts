/**
 * What an RDS database is, as the database and backups rules read it: an instance or a cluster, a
 * replica or not, the engine it runs (a replica that leaves it unset runs its source's), and the
 * databases of a stack that run a given engine family.
 */
import { StackResource, StackView } from "../stack";
import { isType, TypeGroup } from "../types";
import { Props, str } from "../values";
import { EngineFamily, engineFamily, engineMajor } from "./rds-engine";

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

/** The database's engine; a read replica that leaves it unset runs its source's. Throws UnknownInput. */
export function engineOf(stack: StackView, db: StackResource): string | undefined {
  return ownOrSource(stack, db, "engine");
}

/** The major version of the database's engineVersion (see engineMajor), or undefined when unset (RDS then picks the default). */
export function engineMajorOf(stack: StackView, db: StackResource): number | undefined {
  return engineMajor(ownOrSource(stack, db, "engineVersion"));
}

/**
 * The databases of the given groups that run one of `families`; a database whose engine is unknown
 * at preview is reported as unverified by `check` (on the database) and left out.
 */
export function databasesRunning(
  stack: StackView,
  families: readonly EngineFamily[],
  groups: TypeGroup[],
  check: (fn: () => void, urn?: string) => void,
): StackResource[] {
  const databases: StackResource[] = [];
  for (const db of stack.ofType(...groups)) {
    check(() => {
      const family = engineFamily(engineOf(stack, db));
      if (family !== undefined && families.includes(family)) databases.push(db);
    }, db.urn);
  }
  return databases;
}

/** The database's engineVersion; a read replica that leaves it unset runs its source's. Throws UnknownInput. */
export function engineVersionOf(stack: StackView, db: StackResource): string | undefined {
  return ownOrSource(stack, db, "engineVersion");
}
