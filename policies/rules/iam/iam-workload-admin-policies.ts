import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { attempt, knownString, str, strings, UnknownInput } from "../../lib/values";
import {
  adminManagedPolicy,
  managedPolicyArns,
  matchesAny,
  trustedServices,
} from "../../lib/aws/iam-document";

interface Config {
  workloadServices: string[];
  breakGlassRoles: string[];
}

/** One managed policy attached to a role: its ARN when known, or the unknown input that hides it. */
type Attached = { arn: string; via: string } | { unknown: UnknownInput };

/** Every managed policy ARN attached to the role, wherever the program attaches it. */
function attachedPolicies(stack: StackView, role: StackResource): Attached[] {
  const attached: Attached[] = [];
  const add = (from: StackResource, via: string) => {
    // A policy the stack declares is customer-managed: iam-least-privilege judges its document.
    if (stack.referenced(from, "policyArn", "iamPolicy").length > 0) return;
    const read = attempt(() => str(from.props.policyArn, `${via}.policyArn`));
    if (read instanceof UnknownInput) attached.push({ unknown: read });
    else if (read) attached.push({ arn: read, via });
  };
  const managed = attempt(() => managedPolicyArns(role.props.managedPolicyArns, "managedPolicyArns"));
  if (managed instanceof UnknownInput) attached.push({ unknown: managed });
  else for (const arn of managed) attached.push({ arn, via: "managedPolicyArns" });
  for (const attachment of stack.referrers(role, "role", "iamRolePolicyAttachment"))
    add(attachment, `aws.iam.RolePolicyAttachment ${attachment.name}`);
  for (const attachment of stack.referrers(role, "roles", "iamPolicyAttachment"))
    add(attachment, `aws.iam.PolicyAttachment ${attachment.name}`);
  for (const exclusive of stack.referrers(role, "roleName", "iamRolePolicyAttachmentsExclusive")) {
    const via = `aws.iam.RolePolicyAttachmentsExclusive ${exclusive.name}`;
    const arns = attempt(() => strings(exclusive.props.policyArns, `${via}.policyArns`));
    if (arns instanceof UnknownInput) attached.push({ unknown: arns });
    else for (const arn of arns) attached.push({ arn, via });
  }
  return attached;
}

export const iamWorkloadAdminPolicies = stackPolicy<Config>({
  name: "iam-workload-admin-policies",
  description:
    "Checks that no role a workload assumes (its trust policy lets a workload service assume it: Lambda, ECS tasks, EC2 instances) has the AWS-managed AdministratorAccess, PowerUserAccess or any *FullAccess policy attached, through managedPolicyArns, aws.iam.RolePolicyAttachment, aws.iam.PolicyAttachment or aws.iam.RolePolicyAttachmentsExclusive. Roles listed as break-glass roles are exempt.",
  severity: "high",
  // No checklist item covers cloud IAM (backend.database.least-privilege-user is the database role).
  checklist: [],
  remediationSteps:
    "Detach the administrator or full-access managed policy from the workload's role and attach a policy that lists only the actions and resource ARNs the workload calls (an aws.iam.RolePolicy, or an aws.iam.Policy built with aws.iam.getPolicyDocument). " +
    "AWS-managed service-role policies scoped to the service (for example AWSLambdaBasicExecutionRole, AmazonECSTaskExecutionRolePolicy) are fine.",
  config: {
    workloadServices: {
      type: "array",
      items: { type: "string" },
      default: ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com"],
      extendsDefault: true,
      description:
        "Service principals whose roles run workload code. Configured services are added to the default.",
    },
    breakGlassRoles: {
      type: "array",
      items: { type: "string" },
      default: [],
      extendsDefault: true,
      description:
        "Break-glass roles allowed administrator policies: patterns (* matches any characters) matched against a role's Pulumi resource name, role name or ARN. Configured patterns are added to the default.",
    },
  },
  judges: ["iamRole"],
  validateStack(stack, { config, violation, check, unverified }) {
    for (const role of stack.ofType("iamRole")) {
      const identities = [role.name, knownString(role.props.name), knownString(role.props.arn)];
      if (identities.some((id) => id !== undefined && matchesAny(id, config.breakGlassRoles))) continue;
      check(() => {
        const attached = attachedPolicies(stack, role);
        const admin = attached.flatMap((a) => {
          if (!("arn" in a)) return [];
          const name = adminManagedPolicy(a.arn);
          return name ? [{ name, via: a.via }] : [];
        });
        const unknowns = attached.flatMap((a) => ("unknown" in a ? [a.unknown] : []));
        if (admin.length === 0 && unknowns.length === 0) return;
        // Whether a workload assumes the role matters only once an administrator policy may be attached.
        const services = trustedServices(role.props.assumeRolePolicy, "assumeRolePolicy");
        const workload = (services ?? []).filter((service) => config.workloadServices.includes(service));
        if (workload.length === 0) return;
        for (const policy of admin)
          violation(
            `Detach the AWS-managed ${policy.name} policy (${policy.via}) from this role: ${workload.join(", ")} assumes it, so workload code holds administrator or full-service access. Attach a policy scoped to the actions and resources it needs.`,
            role.urn,
          );
        for (const input of unknowns) unverified(input, role.urn);
      }, role.urn);
    }
  },
});
