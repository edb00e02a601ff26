import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { str } from "../../lib/values";
import { todayUtc } from "../../lib/exemptions";
import {
  END_OF_STANDARD_SUPPORT,
  ENGINE_LINE_LABELS,
  engineLine,
  familyMajor,
  SupportedEngineLine,
  supportMajor,
} from "../../lib/aws/rds-engine";
import { engineOf, engineVersionOf } from "../../lib/aws/rds-database";
import { parameterGroupOf } from "../../lib/aws/rds-parameter-group";

interface Config {
  asOf: string;
  warningDays: number;
  endOfStandardSupport: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`, UTC). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The major the database runs, from its engineVersion, or, when that is unset, from the family of the
 * parameter group declared in the stack for it (a group of another major cannot be attached).
 */
function majorOf(
  stack: StackView,
  db: StackResource,
  line: SupportedEngineLine,
): { major: string; from: "engineVersion" | "family" } | { unset: true } | { unparsed: true } {
  const version = engineVersionOf(stack, db);
  if (version) {
    const major = supportMajor(line, version);
    return major === undefined ? { unparsed: true } : { major, from: "engineVersion" };
  }
  const attached = parameterGroupOf(stack, db);
  if (attached.kind === "managed") {
    const pinned = familyMajor(str(attached.group.props.family, "family"));
    if (pinned && pinned.line === line) return { major: pinned.major, from: "family" };
  }
  return { unset: true };
}

export const rdsEngineSupported = stackPolicy<Config>({
  name: "rds-engine-supported",
  description:
    "Checks that every RDS instance and cluster running MySQL, MariaDB, PostgreSQL, Aurora MySQL or Aurora PostgreSQL runs a major version still in RDS standard support on the date judged (asOf, default today in UTC), from a dated table of RDS end-of-standard-support dates per major version (endOfStandardSupport). The major is read from engineVersion (MySQL 8.0.35 is 8.0, PostgreSQL 15.4 is 15, Aurora MySQL 5.7.mysql_aurora.2.11.2 is 5.7), or, when engineVersion is unset, from the family of the parameter group declared in the stack for the database. A database whose major cannot be told (engineVersion unset and no such group, a version or major the table does not know) is reported as unverified; other engines are not judged. Within warningDays of the end date an advisory notice is given.",
  severity: "high",
  // No checklist item names engine versions; staying in vendor support is a safeguard beyond the checklist.
  checklist: [],
  remediationSteps:
    'Upgrade the database to a major version in RDS standard support (set engineVersion, e.g. "8.4" for MySQL or "16" for PostgreSQL, with allowMajorVersionUpgrade: true and a parameter group of the new family), testing the upgrade on a snapshot restore or with an RDS blue/green deployment first. Pin engineVersion so the major is explicit.',
  config: {
    asOf: {
      type: "string",
      pattern: "^(\\d{4}-\\d{2}-\\d{2})?$",
      default: "",
      description: "The date (YYYY-MM-DD, UTC) to judge support against; empty means today.",
    },
    warningDays: {
      type: "integer",
      minimum: 0,
      default: 180,
      description:
        "Days before a major's end of standard support from which an advisory notice asks for the upgrade; 0 turns the notice off.",
    },
    endOfStandardSupport: {
      type: "object",
      additionalProperties: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      default: END_OF_STANDARD_SUPPORT,
      extendsDefault: true,
      description:
        'RDS end of standard support per "<engine> <major>" (engine one of mysql, mariadb, postgres, aurora-mysql, aurora-postgresql), as YYYY-MM-DD. Configured entries are added to the default table (or correct its dates); they do not replace it.',
    },
  },
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check, advise }) {
    const asOf = config.asOf || todayUtc();
    for (const db of stack.ofType("rdsInstance", "rdsCluster")) {
      check(() => {
        const line = engineLine(engineOf(stack, db));
        if (line === undefined) return; // no open-source RDS calendar (Oracle, SQL Server, Db2, ...) or no engine at all
        const label = ENGINE_LINE_LABELS[line];
        const found = majorOf(stack, db, line);
        if ("unset" in found) {
          advise(
            `engineVersion is unset, so RDS picks the engine's default version at creation, which this policy cannot date; set engineVersion to a major version of ${label} in standard support.`,
            db.urn,
            "unverified",
          );
          return;
        }
        if ("unparsed" in found) {
          advise(
            `engineVersion does not start with a major version of ${label} that this policy can read; set it as RDS lists it (e.g. "8.4.3" or "16.8").`,
            db.urn,
            "unverified",
          );
          return;
        }
        const ends = config.endOfStandardSupport[`${line} ${found.major}`];
        if (ends === undefined) {
          advise(
            `${label} ${found.major} is not in the support table; add "${line} ${found.major}" with its RDS end-of-standard-support date to endOfStandardSupport.`,
            db.urn,
            "unverified",
          );
          return;
        }
        const daysLeft = daysBetween(asOf, ends);
        if (daysLeft <= 0) {
          violation(
            `Upgrade to a major version of ${label} in standard support; ${found.major} left RDS standard support on ${ends}.`,
            db.urn,
          );
        } else if (daysLeft <= config.warningDays) {
          advise(
            `Plan the upgrade from ${label} ${found.major}: it leaves RDS standard support on ${ends}, in ${daysLeft} days.`,
            db.urn,
          );
        }
      }, db.urn);
    }
  },
});
