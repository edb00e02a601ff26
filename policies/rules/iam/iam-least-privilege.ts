import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { arr, knownString, obj } from "../../lib/values";
import { broadGrants, matchesAny } from "../../lib/aws/iam-document";

interface Config {
  breakGlassRoles: string[];
}

/** What a break-glass pattern may match for a role: its resource name, role name and ARN. */
function roleIdentities(role: StackResource): string[] {
  return [role.name, knownString(role.props.name), knownString(role.props.arn)].filter(
    (id): id is string => id !== undefined,
  );
}

/** The identities of the role `from.props[property]` names: the role resource it refers to, or the name it gives. */
function namedRoleIdentities(stack: StackView, from: StackResource, property: string): string[][] {
  const roles = stack.referenced(from, property, "iamRole");
  if (roles.length > 0) return roles.map(roleIdentities);
  const values = Array.isArray(from.props[property])
    ? (from.props[property] as unknown[])
    : [from.props[property]];
  return values.flatMap((value) => {
    const name = knownString(value);
    // A role given by ARN is matched by its ARN and by its name (the last path segment).
    return name ? [[name, name.slice(name.lastIndexOf("/") + 1)]] : [[]];
  });
}

/** True when every role the managed policy is attached to is a break-glass role (and it is attached to some). */
function attachedOnlyToBreakGlass(stack: StackView, policy: StackResource, patterns: string[]): boolean {
  if (patterns.length === 0) return false;
  const holders: string[][] = [];
  for (const attachment of stack.referrers(policy, "policyArn", "iamRolePolicyAttachment"))
    holders.push(...namedRoleIdentities(stack, attachment, "role"));
  for (const attachment of stack.referrers(policy, "policyArn", "iamPolicyAttachment")) {
    if (arr(attachment.props.users, "users").length > 0 || arr(attachment.props.groups, "groups").length > 0)
      return false;
    holders.push(...namedRoleIdentities(stack, attachment, "roles"));
  }
  for (const role of stack.referrers(policy, "managedPolicyArns", "iamRole"))
    holders.push(roleIdentities(role));
  return holders.length > 0 && holders.every((ids) => ids.some((id) => matchesAny(id, patterns)));
}

export const iamLeastPrivilege = stackPolicy<Config>({
  name: "iam-least-privilege",
  description:
    'Checks that no IAM policy document (a role\'s inline policies, aws.iam.RolePolicy, aws.iam.Policy, aws.iam.UserPolicy, aws.iam.GroupPolicy, including documents built with aws.iam.getPolicyDocument) allows every action, or every action of a service, on every resource: an Allow statement with Action "*" or "service:*" (or NotAction) and Resource "*" (or NotResource). Roles listed as break-glass roles are exempt.',
  severity: "high",
  // No checklist item covers cloud IAM (backend.database.least-privilege-user is the database role).
  checklist: [],
  remediationSteps:
    'List the actions the workload calls (for example dynamodb:GetItem, dynamodb:PutItem) instead of "*" or "service:*", and the ARNs it calls them on instead of "*"; replace NotAction/NotResource allows with explicit lists. ' +
    "A role that must hold administrator access for emergencies goes in breakGlassRoles, reviewed like any exemption.",
  config: {
    breakGlassRoles: {
      type: "array",
      items: { type: "string" },
      default: [],
      extendsDefault: true,
      description:
        "Break-glass roles allowed broad policies: patterns (* matches any characters) matched against a role's Pulumi resource name, role name or ARN. Configured patterns are added to the default.",
    },
  },
  judges: ["iamRole", "iamRolePolicy", "iamPolicy", "iamUserPolicy", "iamGroupPolicy"],
  validateStack(stack, { config, violation, check }) {
    const breakGlass = (identities: string[][]) =>
      identities.length > 0 &&
      identities.every((ids) => ids.some((id) => matchesAny(id, config.breakGlassRoles)));

    /** Judges one document; `subject` names it in messages ("this role policy's document"). */
    const judge = (owner: StackResource, document: unknown, path: string, subject: string) => {
      const reading = broadGrants(document, path);
      if (!reading.ok) {
        violation(
          `Fix ${subject}: it is not a JSON policy document, so its grants cannot be verified.`,
          owner.urn,
        );
        return;
      }
      for (const grant of reading.grants) {
        const allows = grant.actions === "NotAction" ? "every action NotAction does not list" : grant.actions;
        violation(
          `Scope ${subject}: ${grant.statement} allows ${allows} on every resource; list the actions and resource ARNs the workload needs.`,
          owner.urn,
        );
      }
    };

    for (const role of stack.ofType("iamRole")) {
      if (config.breakGlassRoles.length > 0 && breakGlass([roleIdentities(role)])) continue;
      check(() => {
        arr(role.props.inlinePolicies, "inlinePolicies").forEach((inline, index) => {
          const path = `inlinePolicies[${index}].policy`;
          check(() => {
            const entry = obj(inline, `inlinePolicies[${index}]`);
            if (entry?.policy !== undefined && entry.policy !== "")
              judge(role, entry.policy, path, `the inline policy ${path} of this role`);
          }, role.urn);
        });
      }, role.urn);
    }
    for (const rolePolicy of stack.ofType("iamRolePolicy")) {
      if (config.breakGlassRoles.length > 0 && breakGlass(namedRoleIdentities(stack, rolePolicy, "role")))
        continue;
      check(
        () => judge(rolePolicy, rolePolicy.props.policy, "policy", "this role policy's document"),
        rolePolicy.urn,
      );
    }
    for (const policy of stack.ofType("iamPolicy")) {
      check(() => {
        if (attachedOnlyToBreakGlass(stack, policy, config.breakGlassRoles)) return;
        judge(policy, policy.props.policy, "policy", "this policy's document");
      }, policy.urn);
    }
    for (const inline of [...stack.ofType("iamUserPolicy"), ...stack.ofType("iamGroupPolicy")]) {
      const subject = inline.type.includes("userPolicy")
        ? "this user policy's document"
        : "this group policy's document";
      check(() => judge(inline, inline.props.policy, "policy", subject), inline.urn);
    }
  },
});
