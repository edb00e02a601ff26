import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { bool, knownString, str, UnknownInput } from "../../lib/values";
import { isInternetFacingAlb } from "../../lib/aws/load-balancer";
import { notifyingAlarmWatches } from "../../lib/aws/cloudwatch-alarm";

interface Config {
  requireAlarm: boolean;
}

const HTTPS_CHECK_TYPES = new Set(["HTTPS", "HTTPS_STR_MATCH"]);

/** Route 53 health check metrics exist only in us-east-1; an alarm pinned to another region never sees them. */
function inUsEast1OrProviderRegion(alarm: StackResource): boolean {
  const region = knownString(alarm.props.region);
  return !region || region === "us-east-1";
}

export const uptimeMonitoring = stackPolicy<Config>({
  name: "uptime-monitoring",
  description:
    "Checks that a stack serving the internet (an internet-facing ALB or a CloudFront distribution) is watched from outside by an HTTPS Route 53 health check or a running Synthetics canary, with an alarm on it.",
  severity: "medium",
  checklist: ["devops.monitoring.uptime-monitoring", "devops.backend-hosting.health-checks"],
  remediationSteps:
    "Create an aws.route53.HealthCheck (type HTTPS or HTTPS_STR_MATCH, fqdn = the public domain, resourcePath = the app's health endpoint) and an aws.cloudwatch.MetricAlarm in us-east-1 " +
    "on HealthCheckStatus (namespace AWS/Route53, dimensions { HealthCheckId: healthCheck.id }) with an SNS action; or run an aws.synthetics.Canary (startCanary true) with an alarm on SuccessPercent.",
  config: {
    requireAlarm: {
      type: "boolean",
      default: true,
      description:
        "Require a CloudWatch alarm on each health check or canary, so a failed check notifies someone.",
    },
  },
  judges: ["loadBalancer", "distribution", "route53HealthCheck", "syntheticsCanary"],
  validateStack(stack, { config, violation, check, read, unverified: reportUnverified }) {
    const entryPoints: StackResource[] = [];
    for (const lb of stack.ofType("loadBalancer")) {
      check(() => {
        if (isInternetFacingAlb(lb)) entryPoints.push(lb);
      }, lb.urn);
    }
    for (const distribution of stack.ofType("distribution")) {
      check(() => {
        if (bool(distribution.props.enabled, "enabled") !== false) entryPoints.push(distribution);
      }, distribution.urn);
    }
    if (entryPoints.length === 0) return;

    const healthChecks: StackResource[] = [];
    const canaries: StackResource[] = [];
    let unverified = false;
    for (const healthCheck of stack.ofType("route53HealthCheck")) {
      const watches = read(() => {
        const type = str(healthCheck.props.type, "type")?.toUpperCase() ?? "";
        return HTTPS_CHECK_TYPES.has(type) && bool(healthCheck.props.disabled, "disabled") !== true;
      }, healthCheck.urn);
      if (watches.ok && watches.value) healthChecks.push(healthCheck);
      unverified ||= !watches.ok;
    }
    for (const canary of stack.ofType("syntheticsCanary")) {
      // The provider creates a canary stopped unless startCanary is true.
      const running = read(() => bool(canary.props.startCanary, "startCanary") === true, canary.urn);
      if (running.ok && running.value) canaries.push(canary);
      unverified ||= !running.ok;
    }

    if (healthChecks.length === 0 && canaries.length === 0) {
      if (unverified) return; // a monitor whose type is not known yet may qualify; it was reported as unverified
      for (const entryPoint of entryPoints) {
        violation(
          "Add an HTTPS Route 53 health check (type HTTPS or HTTPS_STR_MATCH) or a running CloudWatch Synthetics canary (startCanary true) that watches this internet-facing endpoint.",
          entryPoint.urn,
        );
      }
      return;
    }
    if (!config.requireAlarm) return;
    for (const healthCheck of healthChecks) {
      const dimensions = [{ name: "HealthCheckId", target: healthCheck, identifierKeys: ["id"] }];
      const watched = notifyingAlarmWatches(stack, {
        namespace: "AWS/Route53",
        metricNames: ["HealthCheckStatus"],
        dimensions,
        alarmFilter: inUsEast1OrProviderRegion,
      });
      if (watched instanceof UnknownInput) reportUnverified(watched, healthCheck.urn);
      else if (!watched) {
        violation(
          "Add a CloudWatch alarm in us-east-1 on HealthCheckStatus (namespace AWS/Route53) with a HealthCheckId dimension for this health check.",
          healthCheck.urn,
        );
      }
    }
    for (const canary of canaries) {
      const dimensions = [{ name: "CanaryName", target: canary, identifierKeys: ["name"] }];
      const watched = notifyingAlarmWatches(stack, {
        namespace: "CloudWatchSynthetics",
        metricNames: ["SuccessPercent"],
        dimensions,
      });
      if (watched instanceof UnknownInput) reportUnverified(watched, canary.urn);
      else if (!watched) {
        violation(
          "Add a CloudWatch alarm on SuccessPercent (namespace CloudWatchSynthetics) with a CanaryName dimension for this canary.",
          canary.urn,
        );
      }
    }
  },
});
