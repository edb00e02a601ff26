import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, str, strings } from "../../lib/values";

interface Config {
  appRoles: string[];
}

/** What an application role may hold, per object type: row access and nothing that changes the schema. */
const APP_PRIVILEGES: Record<string, readonly string[]> = {
  table: ["SELECT", "INSERT", "UPDATE", "DELETE"],
  column: ["SELECT", "INSERT", "UPDATE"],
  sequence: ["USAGE", "SELECT"],
  schema: ["USAGE"],
  database: ["CONNECT"],
};

const KNOWN_PRIVILEGES = new Set([
  "ALL",
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "TRUNCATE",
  "REFERENCES",
  "TRIGGER",
  "CREATE",
  "CONNECT",
  "TEMPORARY",
  "TEMP",
  "EXECUTE",
  "USAGE",
  "MAINTAIN",
]);

function normalize(privilege: string): string {
  const upper = privilege.trim().toUpperCase();
  return upper === "ALL PRIVILEGES" ? "ALL" : upper;
}

/** Privilege names for a message: known keywords as they are, anything else summarized. */
function named(privileges: string[]): string {
  const known = privileges.filter((p) => KNOWN_PRIVILEGES.has(p));
  const other = privileges.length - known.length;
  return [
    ...known,
    ...(other > 0 ? [other === 1 ? "an unrecognized privilege" : `${other} unrecognized privileges`] : []),
  ].join(", ");
}

export const pgGrantLeastPrivilege = resourcePolicy<Config>({
  name: "pg-grant-least-privilege",
  description:
    "Checks that PostgreSQL grants and default privileges (postgresql.Grant, postgresql.DefaultPrivileges) give nothing to PUBLIC, never grant ALL on a database, never carry withGrantOption, and give the application roles (appRoles) only row access: SELECT/INSERT/UPDATE/DELETE on tables, USAGE/SELECT on sequences, USAGE on schemas, CONNECT on the database.",
  severity: "high",
  checklist: ["backend.database.least-privilege-user"],
  remediationSteps:
    'Grant to named roles only (an empty privileges list for role "public" revokes, which is fine), list specific privileges instead of ALL, set withGrantOption: false, and leave schema changes (CREATE, TRUNCATE, REFERENCES, TRIGGER) to the migration role that owns the schema.',
  config: {
    appRoles: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: ["app"],
      description: "Role names the application connects as; they may only read and write rows.",
    },
  },
  appliesTo: tokensOf("pgGrant", "pgDefaultPrivileges"),
  validate({ props }, { config, violation, check }) {
    const privileges = () => strings(props.privileges, "privileges").map(normalize);
    const objectType = () => str(props.objectType, "objectType")?.trim().toLowerCase() ?? "";
    check(() => {
      if (bool(props.withGrantOption, "withGrantOption") === true) {
        violation("Set withGrantOption to false; the grantee must not pass these privileges on.");
      }
    });
    check(() => {
      // An empty list revokes everything, which is what a grant to PUBLIC should do.
      if (str(props.role, "role")?.trim().toLowerCase() === "public" && privileges().length > 0) {
        violation('Grant these privileges to a named role, not to PUBLIC (role "public" means every role).');
      }
    });
    check(() => {
      if (objectType() === "database" && privileges().includes("ALL")) {
        violation(
          "Grant specific privileges on the database (CONNECT, and TEMPORARY or CREATE only to the roles that need them) instead of ALL.",
        );
      }
    });
    check(() => {
      const role = str(props.role, "role");
      if (role === undefined || !config.appRoles.includes(role)) return;
      const type = objectType();
      const allowed = APP_PRIVILEGES[type] ?? [];
      const extra = [...new Set(privileges().filter((privilege) => !allowed.includes(privilege)))];
      if (extra.length === 0) return;
      if (allowed.length === 0) {
        violation(
          `Grant application roles no privileges on ${/^[a-z_]{1,30}$/.test(type) ? type : "this object type"}; remove ${named(extra)}.`,
        );
      } else {
        violation(`Grant application roles only ${allowed.join(", ")} on ${type}; remove ${named(extra)}.`);
      }
    });
  },
});
