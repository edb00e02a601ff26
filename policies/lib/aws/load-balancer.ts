/**
 * What a load balancer is, as several policies need it (edge and monitoring): whether it faces the
 * internet, which target groups its listeners (default actions and listener rules) forward to, and
 * whether it sits behind a CloudFront distribution.
 * Joins read raw values leniently (an unknown value simply does not match); the policies report
 * what they could not join.
 */
import { StackResource, StackView } from "../stack";
import { asProps, bool, knownString, str } from "../values";

/** True for an application load balancer reachable from the internet; throws UnknownInput. */
export function isInternetFacingAlb(lb: StackResource): boolean {
  if (bool(lb.props.internal, "internal") === true) return false;
  const type = str(lb.props.loadBalancerType, "loadBalancerType");
  return type === undefined || type === "application";
}

function knownStrings(...values: unknown[]): Set<string> {
  return new Set(values.map(knownString).filter((v): v is string => v !== undefined && v.length > 0));
}

/** The target group ARNs an action list names (`targetGroupArn` and `forward.targetGroups[].arn`). */
function targetGroupArnsIn(actions: unknown): string[] {
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((action) => {
    const props = asProps(action);
    const forward = asProps(props?.forward);
    const weighted: unknown[] = forward && Array.isArray(forward.targetGroups) ? forward.targetGroups : [];
    return [props?.targetGroupArn, ...weighted.map((tg) => asProps(tg)?.arn)].filter(
      (v): v is string => typeof v === "string",
    );
  });
}

function actionsReferTo(from: StackResource, property: string, targetGroup: StackResource): boolean {
  if (from.propertyDependencies[property]?.includes(targetGroup.urn)) return true;
  const ids = knownStrings(targetGroup.props.arn, targetGroup.props.id);
  return targetGroupArnsIn(from.props[property]).some((arn) => ids.has(arn));
}

/** The target groups a load balancer forwards to, through its listeners' default actions and listener rules. */
export function targetGroupsOf(stack: StackView, lb: StackResource): StackResource[] {
  const listeners = stack.referrers(lb, "loadBalancerArn", "listener");
  const rules = listeners.flatMap((listener) => stack.referrers(listener, "listenerArn", "listenerRule"));
  return stack
    .ofType("targetGroup")
    .filter(
      (tg) =>
        listeners.some((listener) => actionsReferTo(listener, "defaultActions", tg)) ||
        rules.some((rule) => actionsReferTo(rule, "actions", tg)),
    );
}

/** True when a CloudFront distribution in the stack uses the load balancer as an origin. */
export function isBehindCloudFront(stack: StackView, lb: StackResource): boolean {
  const dnsNames = knownStrings(lb.props.dnsName);
  return stack.ofType("distribution").some((distribution) => {
    if (distribution.propertyDependencies.origins?.includes(lb.urn)) return true;
    const origins = Array.isArray(distribution.props.origins) ? distribution.props.origins : [];
    return origins.some((origin) => {
      const domainName = asProps(origin)?.domainName;
      return typeof domainName === "string" && dnsNames.has(domainName);
    });
  });
}
