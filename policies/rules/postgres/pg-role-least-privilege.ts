import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { UnknownInput, attempt, bool, str, strings } from "../../lib/values";

interface Config {
  adminRoles: string[];
  privilegedRoles: string[];
}

/** Role attributes that reach beyond one application's data. */
const ATTRIBUTES = [
  "superuser",
  "createRole",
  "createDatabase",
  "replication",
  "bypassRowLevelSecurity",
] as const;

export const pgRoleLeastPrivilege = resourcePolicy<Config>({
  name: "pg-role-least-privilege",
  description:
    "Checks that PostgreSQL roles (postgresql.Role) hold none of superuser, createRole, createDatabase, replication or bypassRowLevelSecurity, and are not members of the configured privileged roles (rds_superuser), unless the role's name is listed in adminRoles.",
  severity: "high",
  checklist: ["backend.database.least-privilege-user"],
  remediationSteps:
    "Set superuser, createRole, createDatabase, replication and bypassRowLevelSecurity to false (the defaults) and drop privileged roles from roles; give the application only the grants it needs. Administrative roles the platform team owns go in adminRoles.",
  config: {
    adminRoles: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description:
        "PostgreSQL role names (the Role's name) allowed to hold these attributes and memberships.",
    },
    privilegedRoles: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: ["rds_superuser"],
      description: "Roles whose membership (the Role's roles) grants administrative power.",
    },
  },
  appliesTo: tokensOf("pgRole"),
  validate({ props }, { config, violation, unverified }) {
    const unknowns: UnknownInput[] = [];
    const read = <T>(fn: () => T, fallback: T): T => {
      const answer = attempt(fn);
      if (!(answer instanceof UnknownInput)) return answer;
      unknowns.push(answer);
      return fallback;
    };
    const held = ATTRIBUTES.filter((attribute) =>
      read(() => bool(props[attribute], attribute) === true, false),
    );
    const memberOf = new Set(read(() => strings(props.roles, "roles"), []).map((role) => role.toLowerCase()));
    // Named as configured, never as read from the resource.
    const memberships = config.privilegedRoles.filter((role) => memberOf.has(role.toLowerCase()));
    if (held.length === 0 && memberships.length === 0 && unknowns.length === 0) return;
    // Only now does the name matter: an admin role may hold all of it.
    const name = str(props.name, "name");
    if (name !== undefined && config.adminRoles.includes(name)) return;
    if (held.length > 0)
      violation(
        `Set ${held.join(", ")} to false; only roles listed in adminRoles may hold ${held.length === 1 ? "it" : "them"}.`,
      );
    if (memberships.length > 0) {
      violation(
        `Remove ${memberships.join(", ")} from roles; only roles listed in adminRoles may be members of ${memberships.length === 1 ? "it" : "them"}.`,
      );
    }
    for (const unknown of unknowns) unverified(unknown);
  },
});
