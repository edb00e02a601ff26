/**
 * What a WAFv2 web ACL is: its rules wherever a program puts them (inline `rules`, the raw `ruleJson`
 * string in the AWS API shape with PascalCase keys, separate `aws.wafv2.WebAclRule` and
 * `aws.wafv2.WebAclRuleGroupAssociation` resources joined to the ACL through `webAclArn`), what
 * those rules do (rate limits, managed rule groups), and which ACLs protect a resource.
 */
import { StackResource, StackView } from "../stack";
import { arr, isUnknown, json, known, num, obj, Props, str } from "../values";

export interface WafRule {
  /** Where the rule is declared, for messages and unknown paths: `rules[1]`, `ruleJson[0]`, `WebAclRule <name>`. */
  path: string;
  statement?: Props;
  action?: Props;
  /** How a rule group's own actions are overridden; "count" only logs matches. */
  overrideAction?: "count" | "none";
}

export type WebAclRules = { ok: true; rules: WafRule[] } | { ok: false };

/** Reads `key` in camelCase (Pulumi inputs) or PascalCase (the AWS API JSON of `ruleJson`). */
export function field(o: Props | undefined, key: string): unknown {
  if (!o) return undefined;
  if (key in o) return o[key];
  return o[key[0].toUpperCase() + key.slice(1)];
}

function ruleFrom(value: unknown, path: string): WafRule {
  const rule = obj(value, path) ?? {};
  const override = obj(field(rule, "overrideAction"), `${path}.overrideAction`);
  return {
    path,
    statement: obj(field(rule, "statement"), `${path}.statement`),
    action: obj(field(rule, "action"), `${path}.action`),
    overrideAction:
      override === undefined ? undefined : field(override, "count") !== undefined ? "count" : "none",
  };
}

/** Every rule of the web ACL; `{ok:false}` when `ruleJson` is not a JSON array. Throws UnknownInput. */
export function webAclRules(stack: StackView, acl: StackResource): WebAclRules {
  const rules: WafRule[] = [];
  const ruleJson = known(acl.props.ruleJson, "ruleJson");
  if (ruleJson !== undefined && ruleJson !== null && ruleJson !== "") {
    const parsed = json(ruleJson, "ruleJson");
    if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false };
    parsed.value.forEach((rule, i) => rules.push(ruleFrom(rule, `ruleJson[${i}]`)));
  }
  arr(acl.props.rules, "rules").forEach((rule, i) => rules.push(ruleFrom(rule, `rules[${i}]`)));
  for (const separate of stack.referrers(acl, "webAclArn", "webAclRule")) {
    rules.push(ruleFrom(separate.props, `WebAclRule ${separate.name}`));
  }
  for (const association of stack.referrers(acl, "webAclArn", "webAclRuleGroupAssociation")) {
    const path = `WebAclRuleGroupAssociation ${association.name}`;
    const managed = obj(association.props.managedRuleGroup, `${path}.managedRuleGroup`);
    const override = str(association.props.overrideAction, `${path}.overrideAction`);
    rules.push({
      path,
      statement: managed ? { managedRuleGroupStatement: managed } : undefined,
      overrideAction: override?.toLowerCase() === "count" ? "count" : "none",
    });
  }
  return { ok: true, rules };
}

export interface RateRule {
  path: string;
  /** The limit normalised to requests per 5 minutes (the rule's own window may be 1 to 10 minutes). */
  limitPerFiveMinutes?: number;
  blocks: boolean;
  /** Aggregates on the client address from a forwarded header (FORWARDED_IP, or a forwardedIp custom key). */
  forwardedIp: boolean;
}

/** The rate-based rules among `rules`. Throws UnknownInput. */
export function rateRules(rules: readonly WafRule[]): RateRule[] {
  return rules.flatMap((rule) => {
    const base = `${rule.path}.statement.rateBasedStatement`;
    const statement = obj(field(rule.statement, "rateBasedStatement"), base);
    if (!statement) return [];
    const limit = num(field(statement, "limit"), `${base}.limit`);
    const windowSeconds = num(field(statement, "evaluationWindowSec"), `${base}.evaluationWindowSec`) ?? 300;
    const aggregate = (
      str(field(statement, "aggregateKeyType"), `${base}.aggregateKeyType`) ?? "IP"
    ).toUpperCase();
    const forwardedIp =
      aggregate === "FORWARDED_IP" ||
      (aggregate === "CUSTOM_KEYS" &&
        arr(field(statement, "customKeys"), `${base}.customKeys`).some(
          (key, i) => field(obj(key, `${base}.customKeys[${i}]`), "forwardedIp") !== undefined,
        ));
    return [
      {
        path: rule.path,
        limitPerFiveMinutes:
          limit === undefined || windowSeconds <= 0 ? undefined : (limit * 300) / windowSeconds,
        blocks: field(rule.action, "block") !== undefined,
        forwardedIp,
      },
    ];
  });
}

export interface ManagedGroupUse {
  path: string;
  vendorName?: string;
  name?: string;
  counting: boolean;
}

/** The managed rule groups among `rules`. Throws UnknownInput. */
export function managedRuleGroups(rules: readonly WafRule[]): ManagedGroupUse[] {
  return rules.flatMap((rule) => {
    const base = `${rule.path}.statement.managedRuleGroupStatement`;
    const statement = obj(field(rule.statement, "managedRuleGroupStatement"), base);
    if (!statement) return [];
    return [
      {
        path: rule.path,
        vendorName: str(field(statement, "vendorName"), `${base}.vendorName`),
        name: str(field(statement, "name"), `${base}.name`),
        counting: rule.overrideAction === "count",
      },
    ];
  });
}

/** What protects one entry point: the ACLs joined to it, or why none could be joined. */
export type Protection = { kind: "acls"; acls: StackResource[] } | { kind: "none" } | { kind: "external" };

/** The web ACLs an `aws.wafv2.WebAclAssociation` (resourceArn) attaches to a regional resource (a load balancer, an API stage). */
export function webAclsAssociatedWith(stack: StackView, resource: StackResource): Protection {
  const associations = stack.referrers(resource, "resourceArn", "webAclAssociation");
  if (associations.length === 0) return { kind: "none" };
  const acls = associations.flatMap((association) => stack.referenced(association, "webAclArn", "webAcl"));
  return acls.length > 0 ? { kind: "acls", acls } : { kind: "external" };
}

/** The web ACL a CloudFront distribution names in `webAclId`. Throws UnknownInput when it is unknown and not joined. */
export function webAclsOfDistribution(stack: StackView, distribution: StackResource): Protection {
  const acls = stack.referenced(distribution, "webAclId", "webAcl");
  if (acls.length > 0) return { kind: "acls", acls };
  const value = distribution.props.webAclId;
  if (isUnknown(value)) str(value, "webAclId"); // unknown and not joined: unverified, never passed
  return typeof value === "string" && value.length > 0 ? { kind: "external" } : { kind: "none" };
}
