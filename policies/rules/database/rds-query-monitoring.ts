import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { isType } from "../../lib/types";
import { bool, str, strings } from "../../lib/values";
import { databasesRunning, engineMajorOf, engineOf } from "../../lib/aws/rds-database";
import { engineFamily } from "../../lib/aws/rds-engine";
import {
  isOn,
  parameterGroupLink,
  parameterGroupOf,
  parameterValue,
} from "../../lib/aws/rds-parameter-group";

interface Config {
  trustEngineDefaults: boolean;
  defaultPreloadFromMajor: number;
}

function insightsOn(resource: StackResource): boolean {
  if (bool(resource.props.performanceInsightsEnabled, "performanceInsightsEnabled") === true) return true;
  // Advanced Database Insights runs on Performance Insights.
  return str(resource.props.databaseInsightsMode, "databaseInsightsMode")?.toLowerCase() === "advanced";
}

/** Performance Insights on the database, or (Aurora) on every one of its cluster instances. */
function hasPerformanceInsights(stack: StackView, db: StackResource): boolean {
  if (insightsOn(db)) return true;
  if (!isType(db.type, "rdsCluster")) return false;
  const members = stack.referrers(db, "clusterIdentifier", "rdsClusterInstance");
  return (
    members.length > 0 &&
    members.every(
      (member) => bool(member.props.performanceInsightsEnabled, "performanceInsightsEnabled") === true,
    )
  );
}

/** True when the stack creates the pg_stat_statements extension (the Extension's name, or its resource name when unset). */
function createsPgStatStatements(stack: StackView): boolean {
  return stack
    .ofType("pgExtension")
    .some((extension) => (str(extension.props.name, "name") ?? extension.name) === "pg_stat_statements");
}

/**
 * MySQL and MariaDB (Aurora MySQL included): the slow query log on in the parameter group declared in
 * the stack (its engine default is off) and exported to CloudWatch Logs.
 */
function judgeMySqlFamily(
  stack: StackView,
  db: StackResource,
  violation: (message: string, urn?: string) => void,
  check: (fn: () => void, urn?: string) => void,
): void {
  check(() => {
    const exports = strings(db.props.enabledCloudwatchLogsExports, "enabledCloudwatchLogsExports");
    if (!exports.includes("slowquery")) {
      violation(
        'Add "slowquery" to enabledCloudwatchLogsExports so the slow query log reaches CloudWatch Logs.',
        db.urn,
      );
    }
  }, db.urn);
  check(() => {
    const link = parameterGroupLink(db);
    const attached = parameterGroupOf(stack, db);
    if (attached.kind === "external") {
      violation(
        `Declare this database's ${link.label} in the stack with slow_query_log set to 1; a group managed elsewhere cannot be verified.`,
        db.urn,
      );
      return;
    }
    const value =
      attached.kind === "managed"
        ? parameterValue(attached.group, "slow_query_log", link.property)
        : undefined;
    if (isOn(value)) return;
    const where =
      attached.kind === "managed"
        ? `in this database's ${link.label}`
        : `in a ${link.label} attached to this database`;
    violation(
      `Set slow_query_log to 1 (with long_query_time) ${where}; the engine default records no slow queries.`,
      db.urn,
    );
  }, db.urn);
}

export const rdsQueryMonitoring = stackPolicy<Config>({
  name: "rds-query-monitoring",
  description:
    'Checks that every PostgreSQL, MySQL and MariaDB RDS instance and cluster (Aurora included) can be monitored query by query: Performance Insights on (performanceInsightsEnabled, or databaseInsightsMode "advanced"; for Aurora on the cluster or on every cluster instance). For PostgreSQL, "postgresql" in enabledCloudwatchLogsExports and pg_stat_statements available, either loaded by the parameter group\'s shared_preload_libraries or created as a postgresql.Extension in the stack; where no group sets shared_preload_libraries, the engine default is accepted only with trustEngineDefaults on and engineVersion at least defaultPreloadFromMajor. For MySQL, MariaDB and Aurora MySQL, "slowquery" in enabledCloudwatchLogsExports and slow_query_log set to 1 in the parameter group declared in the stack (the engine default is off). A database whose engine is unknown at preview is reported as unverified.',
  severity: "medium",
  checklist: ["backend.logging.query-monitoring", "post-deploy.database-performance"],
  remediationSteps:
    'Set performanceInsightsEnabled: true (with performanceInsightsKmsKeyId). PostgreSQL: enabledCloudwatchLogsExports: ["postgresql"], and { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" } in the parameter group, or declare a postgresql.Extension named pg_stat_statements. MySQL and MariaDB: enabledCloudwatchLogsExports: ["slowquery"] (plus "error"), and { name: "slow_query_log", value: "1" } with long_query_time in the parameter group (the cluster parameter group for Aurora MySQL).',
  config: {
    trustEngineDefaults: {
      type: "boolean",
      default: false,
      description:
        "Accept the engine default of shared_preload_libraries (pg_stat_statements from defaultPreloadFromMajor) where no parameter group sets it.",
    },
    defaultPreloadFromMajor: {
      type: "integer",
      minimum: 9,
      default: 15,
      description:
        "First PostgreSQL major version whose RDS default shared_preload_libraries includes pg_stat_statements.",
    },
  },
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check }) {
    const databases = databasesRunning(
      stack,
      ["postgres", "mysql", "mariadb"],
      ["rdsInstance", "rdsCluster"],
      check,
    );
    if (databases.length === 0) return;
    let extensionCreated: boolean | undefined;
    for (const db of databases) {
      check(() => {
        if (!hasPerformanceInsights(stack, db)) {
          violation(
            'Set performanceInsightsEnabled to true (or databaseInsightsMode to "advanced") so the load of each query is recorded.',
            db.urn,
          );
        }
      }, db.urn);
      if (engineFamily(engineOf(stack, db)) !== "postgres") {
        judgeMySqlFamily(stack, db, violation, check);
        continue;
      }
      check(() => {
        const exports = strings(db.props.enabledCloudwatchLogsExports, "enabledCloudwatchLogsExports");
        if (!exports.includes("postgresql")) {
          violation(
            'Add "postgresql" to enabledCloudwatchLogsExports so the PostgreSQL log (errors, lock waits, slow queries) reaches CloudWatch Logs.',
            db.urn,
          );
        }
      }, db.urn);
      check(() => {
        extensionCreated ??= createsPgStatStatements(stack);
        if (extensionCreated) return;
        const link = parameterGroupLink(db);
        const attached = parameterGroupOf(stack, db);
        if (attached.kind === "external") {
          violation(
            `Declare this database's ${link.label} in the stack with pg_stat_statements in shared_preload_libraries; a group managed elsewhere cannot be verified.`,
            db.urn,
          );
          return;
        }
        if (attached.kind === "managed") {
          const libraries = parameterValue(attached.group, "shared_preload_libraries", link.property);
          if (libraries !== undefined) {
            const loaded = libraries.split(",").map((library) => library.trim().toLowerCase());
            if (!loaded.includes("pg_stat_statements")) {
              violation(
                `Add pg_stat_statements to shared_preload_libraries in this database's ${link.label}.`,
                db.urn,
              );
            }
            return;
          }
        }
        const major = engineMajorOf(stack, db);
        let shortfall: string;
        if (!config.trustEngineDefaults)
          shortfall = "the engine default is not trusted (trustEngineDefaults is off)";
        else if (major === undefined)
          shortfall = `the engine default preloads it only from PostgreSQL ${config.defaultPreloadFromMajor}, and engineVersion is unset`;
        else if (major < config.defaultPreloadFromMajor)
          shortfall = `the engine default preloads it only from PostgreSQL ${config.defaultPreloadFromMajor}, and this is PostgreSQL ${major}`;
        else return;
        const where =
          attached.kind === "managed"
            ? `in this database's ${link.label}`
            : `in a ${link.label} attached to this database`;
        violation(
          `Add pg_stat_statements to shared_preload_libraries ${where}, or create the pg_stat_statements extension; ${shortfall}.`,
          db.urn,
        );
      }, db.urn);
    }
  },
});
