import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { quoted } from "../../lib/messages";
import { isAuroraEngine } from "../../lib/aws/rds-engine";
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

/** Why the engine default does not force TLS for this database, or undefined when it does (and is trusted). */
function defaultShortfall(stack: StackView, db: StackResource, config: Config): string | undefined {
  if (isAuroraEngine(engineOf(stack, db))) return "Aurora PostgreSQL defaults rds.force_ssl to 0";
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
    "Checks that every PostgreSQL RDS instance and cluster refuses connections without TLS: its parameter group (aws.rds.ParameterGroup, or aws.rds.ClusterParameterGroup for clusters) declared in the stack sets rds.force_ssl to 1. Where no group sets it, RDS for PostgreSQL passes only if trustEngineDefaults is on and engineVersion is at least defaultForceSslFromMajor (RDS defaults rds.force_ssl to 1 from PostgreSQL 15); Aurora PostgreSQL's default is 0.",
  severity: "high",
  // No checklist item covers transport encryption to the database (backend.security.ssl-redirect is Django's HTTP redirect).
  checklist: [],
  remediationSteps:
    'Declare an aws.rds.ParameterGroup (aws.rds.ClusterParameterGroup for Aurora) with { name: "rds.force_ssl", value: "1" }, attach it with parameterGroupName (dbClusterParameterGroupName), and connect with sslmode=verify-full.',
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
    for (const db of databasesRunning(stack, ["postgres"], ["rdsInstance", "rdsCluster"], check)) {
      check(() => {
        const link = parameterGroupLink(db);
        const attached = parameterGroupOf(stack, db);
        if (attached.kind === "external") {
          violation(
            `Declare this database's ${link.label} in the stack with rds.force_ssl set to 1; a group managed elsewhere cannot be verified.`,
            db.urn,
          );
          return;
        }
        if (attached.kind === "managed") {
          const value = parameterValue(attached.group, "rds.force_ssl", link.property);
          if (isOn(value)) return;
          if (value !== undefined) {
            violation(
              `Set rds.force_ssl to 1 in this database's ${link.label}; it is ${quoted(value, BOOLEAN_PARAMETER_VALUES)}.`,
              db.urn,
            );
            return;
          }
        }
        const shortfall = defaultShortfall(stack, db, config);
        if (shortfall === undefined) return;
        const fix =
          attached.kind === "managed"
            ? `Set rds.force_ssl to 1 in this database's ${link.label}`
            : `Attach a ${link.label} that sets rds.force_ssl to 1`;
        violation(`${fix}; ${shortfall}.`, db.urn);
      }, db.urn);
    }
  },
});
