import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { isType } from "../../lib/types";
import { bool, isUnknown, knownString, obj, UnknownInput } from "../../lib/values";

/** The security groups a list names, as far as the stack can tell. */
interface GroupSet {
  /** Groups declared in the stack. */
  declared: Set<StackResource>;
  /** Known ids of groups the stack does not declare. */
  external: Set<string>;
  /** Some entry could not be joined to a group: unknown at preview with no recorded dependency to account for it. */
  unresolved: boolean;
}

/**
 * The groups `list` names (a security group list inside `property` of `resource`): joined through the
 * dependencies the engine recorded for `property` (ids are unknown at preview), or by known ids.
 */
function groupsIn(stack: StackView, resource: StackResource, property: string, list: unknown): GroupSet {
  const viaDependencies = (resource.propertyDependencies[property] ?? [])
    .map((urn) => stack.byUrn(urn))
    .filter((r): r is StackResource => r !== undefined && isType(r.type, "securityGroup"));
  const declared = new Set<StackResource>();
  const external = new Set<string>();
  // A list unknown as a whole is built from outputs: the recorded dependencies say which groups, if any.
  if (isUnknown(list)) {
    viaDependencies.forEach((group) => declared.add(group));
    return { declared, external, unresolved: viaDependencies.length === 0 };
  }
  let unknownEntries = 0;
  for (const entry of Array.isArray(list) ? list : []) {
    const id = knownString(entry);
    if (id === undefined) {
      if (isUnknown(entry)) unknownEntries++;
      continue;
    }
    const group = stack
      .ofType("securityGroup")
      .find((g) => knownString(g.props.id) === id || knownString(g.props.arn) === id);
    if (group) declared.add(group);
    else external.add(id);
  }
  const unaccounted = viaDependencies.filter((group) => !declared.has(group));
  unaccounted.forEach((group) => declared.add(group));
  return { declared, external, unresolved: unknownEntries > unaccounted.length };
}

function shared(a: GroupSet, b: GroupSet): boolean {
  return [...a.declared].some((g) => b.declared.has(g)) || [...a.external].some((id) => b.external.has(id));
}

export const ecsServiceOwnSecurityGroup = stackPolicy({
  name: "ecs-service-own-security-group",
  description:
    "Checks that no ECS service runs its tasks in the security group of an internet-facing load balancer (one whose internal is not true): tasks need a group of their own that accepts traffic only from the load balancer's group, or whatever the internet may send the load balancer reaches the tasks too. Security group ids are unknown at preview, so groups are joined through the recorded dependencies; a group that cannot be joined leaves the check unverified.",
  severity: "high",
  checklist: ["backend.security.admin-https-only"],
  remediationSteps:
    "Give the load balancer and the service separate aws.ec2.SecurityGroups: the load balancer's accepts 443 (and 80 for the redirect) from the internet; the tasks' accepts only the container port from the load balancer's group (sourceSecurityGroupId / referencedSecurityGroupId) and is the only group in the service's networkConfiguration.securityGroups.",
  judges: ["ecsService"],
  validateStack(stack, { violation, check, unverified }) {
    const loadBalancers = stack.ofType("loadBalancer");
    for (const service of stack.ofType("ecsService")) {
      check(() => {
        const network = obj(service.props.networkConfiguration, "networkConfiguration");
        if (!network) return;
        const tasks = groupsIn(stack, service, "networkConfiguration", network.securityGroups);
        let undecided: UnknownInput | undefined;
        for (const lb of loadBalancers) {
          const internal = bool(lb.props.internal, `internal of load balancer ${lb.name}`);
          if (internal === true) continue;
          if (tasks.unresolved) undecided ??= new UnknownInput("networkConfiguration.securityGroups");
          const front = groupsIn(stack, lb, "securityGroups", lb.props.securityGroups);
          if (shared(tasks, front)) {
            violation(
              `Give this service's tasks a security group of their own that accepts traffic only from the load balancer's group; they share a security group with internet-facing load balancer ${lb.name}.`,
              service.urn,
            );
            return;
          }
          if (front.unresolved) undecided ??= new UnknownInput(`securityGroups of load balancer ${lb.name}`);
        }
        if (undecided) unverified(undecided, service.urn);
      }, service.urn);
    }
  },
});
