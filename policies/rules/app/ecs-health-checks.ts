import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { arr, bool, obj, str } from "../../lib/values";
import { containersOrSkip, MALFORMED_DEFINITIONS } from "../../lib/aws/ecs-container";
import { serviceTargetGroups, taskDefinitionsOf } from "../../lib/aws/ecs-service";

/** Target group protocols whose health check requests a path; AWS checks "/" when none is given. */
const HTTP_PROTOCOLS = new Set(["HTTP", "HTTPS"]);

/**
 * True when the target group checks health over a path. AWS defaults count: the check is enabled
 * unless disabled, and an HTTP/HTTPS check without an explicit path requests "/".
 */
function checksHealth(group: StackResource): boolean {
  const path = `${group.name}.healthCheck`;
  const healthCheck = obj(group.props.healthCheck, path) ?? {};
  if (bool(healthCheck.enabled, `${path}.enabled`) === false) return false;
  const explicit = (str(healthCheck.path, `${path}.path`) ?? "").trim();
  if (explicit.length > 0) return true;
  // The check's protocol defaults to the target group's; a TCP, TLS or UDP check has no path.
  const protocol =
    str(healthCheck.protocol, `${path}.protocol`) ?? str(group.props.protocol, `${group.name}.protocol`);
  return HTTP_PROTOCOLS.has((protocol ?? "").toUpperCase());
}

function hasHealthCheck(container: { props: Record<string, unknown>; path: string }): boolean {
  const healthCheck = obj(container.props.healthCheck, `${container.path}.healthCheck`);
  return (
    healthCheck !== undefined && arr(healthCheck.command, `${container.path}.healthCheck.command`).length > 0
  );
}

export const ecsHealthChecks = stackPolicy({
  name: "ecs-health-checks",
  description:
    'Checks that every ECS service is health-checked: each essential container of its task definition has a container healthCheck, or the service is behind a load balancer target group whose health check is enabled with a path (an HTTP or HTTPS target group without one is checked on "/", the AWS default).',
  severity: "high",
  checklist: ["devops.backend-hosting.health-checks"],
  remediationSteps:
    'Set healthCheck.path (for example /healthz/) on the service\'s aws.lb.TargetGroup and keep healthCheck.enabled true, or give each essential container a healthCheck {command: ["CMD-SHELL", "curl -fs http://localhost:8000/healthz/ || exit 1"], interval, timeout, retries, startPeriod}.',
  judgesContainerDefinitions: true,
  judges: ["ecsService", "taskDefinition"],
  validateStack(stack, { violation, check }) {
    for (const service of stack.ofType("ecsService")) {
      check(() => {
        const groups = serviceTargetGroups(stack, service);
        if (groups.some(checksHealth)) return;
        for (const task of taskDefinitionsOf(stack, service)) {
          check(() => {
            const list = containersOrSkip(task.props);
            if (!list) return;
            if (!list.ok) return violation(MALFORMED_DEFINITIONS, task.urn);
            const unchecked = list.containers
              .filter((c) => c.essential && !hasHealthCheck(c))
              .map((c) => c.label);
            if (unchecked.length > 0) {
              const lb =
                groups.length > 0
                  ? "its target group's health check is disabled or is not an HTTP(S) check"
                  : "it has no load balancer health check";
              violation(
                `Add a healthCheck to essential container(s) ${unchecked.join(", ")} of the task definition, or a target group health check with a path; ${lb}.`,
                service.urn,
              );
            }
          }, service.urn);
        }
      }, service.urn);
    }
  },
});
