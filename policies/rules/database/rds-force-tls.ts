import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { quoted } from "../../lib/messages";
import { engineFamily, isAuroraEngine } from "../../lib/aws/rds-engine";
import { databasesRunning, engineMajorOf, engineOf } from "../../lib/aws/rds-database";
import {
  BOOLEAN_PARAMETER_VALUES,
  isOn,
  parameterGroupLink,
  parameterGroupOf,
  parameterValue,
} from "../../lib/aws/rds-parameter-group";

interface Config {
  defaultForceSslFromMajor: number;
  trustEngineDefaults: boolean;
}

/** The parameter that makes the engine refuse connections without TLS. */
function tlsParameter(stack: StackView, db: StackResource): "rds.force_ssl" | "require_secure_transport" {
  return engineFamily(engineOf(stack, db)) === "postgres" ? "rds.force_ssl" : "require_secure_transport";
}

/** Why the engine default does not force TLS for this database, or undefined when it does (and is trusted). */
function defaultShortfall(stack: StackView, db: StackResource, config: Config): string | undefined {
  const engine = engineOf(stack, db);
  if (engineFamily(engine) !== "postgres") {
    const name =
      engineFamily(engine) === "mariadb" ? "MariaDB" : isAuroraEngine(engine) ? "Aurora MySQL" : "MySQL";
    return `${name} leaves require_secure_transport off unless a parameter group sets it`;
  }
  if (isAuroraEngine(engine)) return "Aurora PostgreSQL defaults rds.force_ssl to 0";
  if (!config.trustEngineDefaults) return "the engine default is not trusted (trustEngineDefaults is off)";
  const major = engineMajorOf(stack, db);
  if (major === undefined) {
    return `the engine default forces TLS only from PostgreSQL ${config.defaultForceSslFromMajor}, and engineVersion is unset`;
  }
  if (major < config.defaultForceSslFromMajor) {
    return `the engine default forces TLS only from PostgreSQL ${config.defaultForceSslFromMajor}, and this is PostgreSQL ${major}`;
  }
  return undefined;
}

export const rdsForceTls = stackPolicy<Config>({
  name: "rds-force-tls",
  description:
    "Checks that every PostgreSQL, MySQL and MariaDB RDS instance and cluster (Aurora included) refuses connections without TLS: its parameter group (aws.rds.ParameterGroup, or aws.rds.ClusterParameterGroup for clusters) declared in the stack sets rds.force_ssl to 1 (PostgreSQL) or require_secure_transport to 1/ON (MySQL, MariaDB, Aurora MySQL). Where no group sets it, RDS for PostgreSQL passes only if trustEngineDefaults is on and engineVersion is at least defaultForceSslFromMajor (RDS defaults rds.force_ssl to 1 from PostgreSQL 15); Aurora PostgreSQL's default is 0, and MySQL-family defaults are never trusted. A database whose engine is unknown at preview is reported as unverified.",
  severity: "high",
  // No checklist item covers transport encryption to the database (backend.security.ssl-redirect is Django's HTTP redirect).
  checklist: [],
  remediationSteps:
    'Declare an aws.rds.ParameterGroup (aws.rds.ClusterParameterGroup for Aurora) with { name: "rds.force_ssl", value: "1" } for PostgreSQL or { name: "require_secure_transport", value: "1" } for MySQL and MariaDB, attach it with parameterGroupName (dbClusterParameterGroupName), and connect with sslmode=verify-full (PostgreSQL) or ssl-mode=VERIFY_IDENTITY (MySQL).',
  config: {
    defaultForceSslFromMajor: {
      type: "integer",
      minimum: 9,
      default: 15,
      description: "First RDS for PostgreSQL major version whose default rds.force_ssl is 1.",
    },
    trustEngineDefaults: {
      type: "boolean",
      default: false,
      description:
        "Accept the engine default of rds.force_ssl (on from defaultForceSslFromMajor) where no parameter group sets it.",
    },
  },
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check }) {
    for (const db of databasesRunning(
      stack,
      ["postgres", "mysql", "mariadb"],
      ["rdsInstance", "rdsCluster"],
      check,
    )) {
      check(() => {
        const link = parameterGroupLink(db);
        const parameter = tlsParameter(stack, db);
        const attached = parameterGroupOf(stack, db);
        if (attached.kind === "external") {
          violation(
            `Declare this database's ${link.label} in the stack with ${parameter} set to 1; a group managed elsewhere cannot be verified.`,
            db.urn,
          );
          return;
        }
        if (attached.kind === "managed") {
          const value = parameterValue(attached.group, parameter, link.property);
          if (isOn(value)) return;
          if (value !== undefined) {
            violation(
              `Set ${parameter} to 1 in this database's ${link.label}; it is ${quoted(value, BOOLEAN_PARAMETER_VALUES)}.`,
              db.urn,
            );
            return;
          }
        }
        const shortfall = defaultShortfall(stack, db, config);
        if (shortfall === undefined) return;
        const fix =
          attached.kind === "managed"
            ? `Set ${parameter} to 1 in this database's ${link.label}`
            : `Attach a ${link.label} that sets ${parameter} to 1`;
        violation(`${fix}; ${shortfall}.`, db.urn);
      }, db.urn);
    }
  },
});
