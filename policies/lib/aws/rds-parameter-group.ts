/**
 * What an RDS parameter group is: which group a database uses (declared in the stack, an AWS
 * `default.*` group, or one managed elsewhere), and what it sets a parameter to.
 */
import { StackResource, StackView } from "../stack";
import { isType, TypeGroup } from "../types";
import { UnknownInput, arr, attempt, known, obj, str } from "../values";

export interface GroupLink {
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
  const value = attempt(() => {
    let found: string | undefined;
    arr(group.props.parameters, "parameters").forEach((entry, i) => {
      const setting = obj(entry, `parameters[${i}]`);
      if (!setting) return;
      if (str(setting.name, `parameters[${i}].name`)?.toLowerCase() !== parameter) return;
      const raw = known(setting.value, `parameters[${i}].value`);
      if (typeof raw === "string") found = raw.trim();
      else if (typeof raw === "number" || typeof raw === "boolean") found = String(raw);
    });
    return found;
  });
  if (value instanceof UnknownInput)
    throw pathPrefix ? new UnknownInput(`${pathPrefix}.${value.path}`) : value;
  return value;
}

/** True for a boolean parameter that is on. */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|on|true|yes)$/i.test(value);
}

/** The values a boolean parameter can take, the only ones a message may quote. */
export const BOOLEAN_PARAMETER_VALUES: ReadonlySet<string> = new Set([
  "0",
  "1",
  "on",
  "off",
  "true",
  "false",
]);

/** The values PostgreSQL's log_statement can take. */
export const LOG_STATEMENT_VALUES: ReadonlySet<string> = new Set(["none", "ddl", "mod", "all"]);
