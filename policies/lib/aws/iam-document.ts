/**
 * What an IAM policy document allows: its statements wherever a program writes them (a JSON string,
 * as `aws.iam.getPolicyDocument` and `pulumi.jsonStringify` produce, or an object), `Statement` as one
 * object or a list, `Action`/`Resource` as a string or a list, and `NotAction`/`NotResource`, which
 * allow everything they do not name. Also which roles a workload assumes and which AWS-managed
 * policies grant administrator or full-service access.
 */
import { arr, json, known, obj, Props, str, strings } from "../values";

/** An Allow statement that grants every action of a service (or of all services) on every resource. */
export interface BroadGrant {
  /** Where the statement is, for messages: `Statement[0]`. */
  statement: string;
  /** `*`, `service:*`, or `NotAction` (everything but the listed actions). */
  actions: string;
}

export type DocumentReading = { ok: true; grants: BroadGrant[] } | { ok: false };

/** `*`, `*:*` or `service:*`: every action of a service or of all services. */
const WHOLE_SERVICE = /^(\*|[a-z0-9-]+:\*|\*:\*)$/i;

/** Reads `key` as the AWS document writes it (PascalCase) or as a program might (camelCase). */
function field(statement: Props, key: string): unknown {
  if (key in statement) return statement[key];
  return statement[key[0].toLowerCase() + key.slice(1)];
}

/** The statements of a policy document; a single statement object counts as a list of one. */
function statementsOf(document: Props, path: string): Array<{ statement: Props; path: string }> {
  const raw = known(field(document, "Statement"), `${path}.Statement`);
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.flatMap((item, index) => {
    const itemPath = Array.isArray(raw) ? `${path}.Statement[${index}]` : `${path}.Statement`;
    const statement = obj(item, itemPath);
    return statement ? [{ statement, path: itemPath }] : [];
  });
}

/**
 * The broad grants of a policy document given as a JSON string or an object; `{ok:false}` when it is
 * not a JSON object. Throws UnknownInput for a value not known at preview (the whole document, or a
 * part the rule needs).
 */
export function broadGrants(value: unknown, path: string): DocumentReading {
  const parsed = json(value, path);
  if (!parsed.ok) return { ok: false };
  // A document given as an object may hold unknowns; a JSON string is known or unknown as a whole.
  const document = obj(parsed.value, path);
  if (!document) return { ok: false };
  const grants: BroadGrant[] = [];
  for (const { statement, path: at } of statementsOf(document, path)) {
    const effect = str(field(statement, "Effect"), `${at}.Effect`);
    if (effect?.toLowerCase() !== "allow") continue;
    const label = at.slice(path.length + 1);
    const notAction = field(statement, "NotAction");
    let actions: string | undefined;
    if (notAction !== undefined) {
      known(notAction, `${at}.NotAction`);
      actions = "NotAction";
    } else {
      actions = strings(field(statement, "Action"), `${at}.Action`).find((a) => WHOLE_SERVICE.test(a));
    }
    if (actions === undefined) continue;
    const notResource = field(statement, "NotResource");
    const everyResource =
      notResource !== undefined
        ? (known(notResource, `${at}.NotResource`), true)
        : strings(field(statement, "Resource"), `${at}.Resource`).includes("*");
    if (everyResource) grants.push({ statement: label, actions });
  }
  return { ok: true, grants };
}

/** The service principals an assume-role policy (trust policy) lets assume the role. Throws UnknownInput. */
export function trustedServices(value: unknown, path: string): string[] | undefined {
  const parsed = json(value, path);
  if (!parsed.ok) return undefined;
  const document = obj(parsed.value, path);
  if (!document) return undefined;
  const services: string[] = [];
  for (const { statement, path: at } of statementsOf(document, path)) {
    const effect = str(field(statement, "Effect"), `${at}.Effect`);
    if (effect?.toLowerCase() !== "allow") continue;
    const principal = obj(field(statement, "Principal"), `${at}.Principal`);
    if (!principal) continue;
    services.push(...strings(principal.Service ?? principal.service, `${at}.Principal.Service`));
  }
  return services;
}

/** AWS-managed policies that grant administrator, power-user or full-service access. */
const ADMIN_MANAGED_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** The AWS-managed policy name when `arn` is an administrator/power-user/full-access policy, else undefined. */
export function adminManagedPolicy(arn: string): string | undefined {
  return ADMIN_MANAGED_POLICY.exec(arn)?.[1];
}

/** The managed policy ARNs of a role's deprecated `managedPolicyArns` list. Throws UnknownInput per entry. */
export function managedPolicyArns(value: unknown, path: string): string[] {
  return arr(value, path).flatMap((item, index) => {
    const arn = str(item, `${path}[${index}]`);
    return arn ? [arn] : [];
  });
}

/** True when `text` matches one of the glob patterns (`*` matches any run of characters). */
export function matchesAny(text: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const regex = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    return regex.test(text);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
