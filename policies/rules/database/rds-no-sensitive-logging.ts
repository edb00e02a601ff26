import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { str } from "../../lib/values";
import { isType } from "../../lib/types";
import { quoted } from "../../lib/messages";
import { engineFamily } from "../../lib/aws/rds-engine";
import { databasesRunning, engineOf } from "../../lib/aws/rds-database";
import {
  isOn,
  LOG_STATEMENT_VALUES,
  parameterGroupOf,
  parameterValue,
} from "../../lib/aws/rds-parameter-group";

/** pgaudit classes that log data-changing statements (and, with log_parameter, their values). */
const WRITE_CLASSES = new Set(["all", "write"]);

export const rdsNoSensitiveLogging = stackPolicy({
  name: "rds-no-sensitive-logging",
  description:
    'Checks that no parameter group attached to an RDS instance, cluster or Aurora cluster instance makes the database log the data written: for PostgreSQL, log_statement "all" or "mod" (statement text with its values), or pgaudit.log including "write" or "all" together with pgaudit.log_parameter on; for MySQL, MariaDB and Aurora MySQL, general_log on (every statement with its values). Groups not declared in the stack keep the engine defaults as far as this policy can see, which log none of these. A database whose engine is unknown at preview is reported as unverified.',
  severity: "high",
  checklist: [
    "backend.logging.no-sensitive-data-logged",
    "backend.security.no-sensitive-data-in-code-or-logs",
  ],
  remediationSteps:
    'PostgreSQL: set log_statement to "none" (or "ddl" where no DDL carries secrets), and either keep pgaudit.log to classes such as "ddl,role" or set pgaudit.log_parameter to 0. MySQL and MariaDB: set general_log to 0. Measure queries with pg_stat_statements, the slow query log and Performance Insights instead of statement logs.',
  judges: [
    "rdsInstance",
    "rdsCluster",
    "rdsClusterInstance",
    "rdsParameterGroup",
    "rdsClusterParameterGroup",
  ],
  validateStack(stack, { violation, check }) {
    // Each group once, however many databases share it.
    const groups = new Map<string, StackResource>();
    const mysqlGroups = new Map<string, StackResource>();
    const databases = databasesRunning(
      stack,
      ["postgres", "mysql", "mariadb"],
      ["rdsInstance", "rdsCluster"],
      check,
    );
    for (const member of stack.ofType("rdsClusterInstance")) {
      check(() => {
        const family = engineFamily(str(member.props.engine, "engine"));
        if (family === "postgres" || family === "mysql" || family === "mariadb") databases.push(member);
      }, member.urn);
    }
    for (const db of databases) {
      check(() => {
        const attached = parameterGroupOf(stack, db);
        if (attached.kind !== "managed") return;
        const family = engineFamily(
          isType(db.type, "rdsClusterInstance") ? str(db.props.engine, "engine") : engineOf(stack, db),
        );
        (family === "postgres" ? groups : mysqlGroups).set(attached.group.urn, attached.group);
      }, db.urn);
    }
    for (const group of mysqlGroups.values()) {
      check(() => {
        const generalLog = parameterValue(group, "general_log");
        if (isOn(generalLog)) {
          violation(
            "Set general_log to 0; the general query log writes every statement, with the values it carries, to the log.",
            group.urn,
          );
        }
      }, group.urn);
    }
    for (const group of groups.values()) {
      check(() => {
        const logStatement = parameterValue(group, "log_statement")?.toLowerCase();
        if (logStatement === "all" || logStatement === "mod") {
          violation(
            `Set log_statement to "none" or "ddl"; ${quoted(logStatement, LOG_STATEMENT_VALUES)} writes the statements that change data, with their values, to the log.`,
            group.urn,
          );
        }
      }, group.urn);
      check(() => {
        const classes = (parameterValue(group, "pgaudit.log") ?? "")
          .split(",")
          .map((c) => c.trim().toLowerCase());
        if (!classes.some((c) => WRITE_CLASSES.has(c))) return;
        if (isOn(parameterValue(group, "pgaudit.log_parameter"))) {
          violation(
            "Set pgaudit.log_parameter to 0 while pgaudit.log includes write or all; otherwise the values written are logged with each statement.",
            group.urn,
          );
        }
      }, group.urn);
    }
  },
});
