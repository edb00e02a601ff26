/**
 * What an ECS service runs and serves through: its task definitions and the load balancer target
 * groups it registers with, joined through the recorded dependencies or by known identifiers.
 */
import { StackResource, StackView } from "../stack";
import { arr, knownString, obj, str } from "../values";

/**
 * The task definitions of the stack a service runs: through the recorded dependency, or by a known
 * ARN, `family` or `family:revision` (a service may name its task definition either way). Throws UnknownInput.
 */
export function taskDefinitionsOf(stack: StackView, service: StackResource): StackResource[] {
  const tasks = stack.ofType("taskDefinition");
  const linked = tasks.filter((task) => stack.refersTo(service, "taskDefinition", task));
  if (linked.length > 0) return linked;
  const reference = str(service.props.taskDefinition, "taskDefinition");
  if (reference === undefined) return [];
  return tasks.filter((task) => {
    const family = knownString(task.props.family);
    if (family === undefined || family.length === 0) return false;
    return (
      reference === family ||
      reference.startsWith(`${family}:`) ||
      reference.includes(`:task-definition/${family}:`)
    );
  });
}

/** The target groups of the stack the service registers with (`loadBalancers[].targetGroupArn`). Throws UnknownInput. */
export function serviceTargetGroups(stack: StackView, service: StackResource): StackResource[] {
  const groups = stack.ofType("targetGroup");
  const linked = groups.filter((group) => stack.refersTo(service, "loadBalancers", group));
  if (linked.length > 0) return linked;
  const arns = arr(service.props.loadBalancers, "loadBalancers").flatMap((lb, i) => {
    const arn = knownString(obj(lb, `loadBalancers[${i}]`)?.targetGroupArn);
    return arn === undefined ? [] : [arn];
  });
  return groups.filter((group) =>
    [group.props.arn, group.props.id].some((id) => typeof id === "string" && arns.includes(id)),
  );
}
