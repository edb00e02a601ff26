import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { isType } from "../../lib/types";
import { bool, str, strings } from "../../lib/values";
import { isInternetFacingAlb, targetGroupsOf } from "../../lib/aws/load-balancer";
import { alarmsWatching, DimensionTarget } from "../../lib/aws/cloudwatch-alarm";
import { engineFamily } from "../../lib/aws/rds-engine";

const ALB = "AWS/ApplicationELB";
const RDS = "AWS/RDS";
const SNS_ARN = /^arn:aws[a-z-]*:sns:/;
const SCALING_ARN = /^arn:aws[a-z-]*:autoscaling:/;

const lbDimension = (lb: StackResource): DimensionTarget => ({
  name: "LoadBalancer",
  target: lb,
  identifierKeys: ["arnSuffix"],
});

function watched(
  stack: StackView,
  namespace: string,
  metricNames: string[],
  dimensions: DimensionTarget[],
): boolean {
  return alarmsWatching(stack, { namespace, metricNames, dimensions }).length > 0;
}

export const monitoringAlarms = stackPolicy({
  name: "monitoring-alarms",
  description:
    "Checks that internet-facing load balancers alarm on 5xx responses and unhealthy targets, PostgreSQL databases alarm on CPU and free storage, and every alarm notifies an SNS topic.",
  severity: "high",
  checklist: ["devops.monitoring.critical-alerts"],
  remediationSteps:
    "Create aws.cloudwatch.MetricAlarm resources with dimensions built from the resources' outputs: HTTPCode_Target_5XX_Count (or HTTPCode_ELB_5XX_Count) with LoadBalancer = alb.arnSuffix; " +
    "UnHealthyHostCount with TargetGroup = targetGroup.arnSuffix and LoadBalancer = alb.arnSuffix for each target group; CPUUtilization and FreeStorageSpace with DBInstanceIdentifier " +
    "(CPUUtilization with DBClusterIdentifier for Aurora). Give every alarm alarmActions: [topic.arn] of an aws.sns.Topic with a subscription.",
  judges: ["loadBalancer", "targetGroup", "rdsInstance", "rdsCluster", "metricAlarm"],
  validateStack(stack, { violation, check }) {
    for (const lb of stack.ofType("loadBalancer")) {
      check(() => {
        if (!isInternetFacingAlb(lb)) return;
        if (
          !watched(stack, ALB, ["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"], [lbDimension(lb)])
        ) {
          violation(
            `Add a CloudWatch alarm on HTTPCode_Target_5XX_Count or HTTPCode_ELB_5XX_Count (namespace ${ALB}) with a LoadBalancer dimension for this load balancer.`,
            lb.urn,
          );
        }
        // UnHealthyHostCount is published per target group (with the load balancer), never per load balancer alone.
        for (const targetGroup of targetGroupsOf(stack, lb)) {
          const dimensions = [
            { name: "TargetGroup", target: targetGroup, identifierKeys: ["arnSuffix"] },
            lbDimension(lb),
          ];
          if (!watched(stack, ALB, ["UnHealthyHostCount"], dimensions)) {
            violation(
              `Add a CloudWatch alarm on UnHealthyHostCount (namespace ${ALB}) with TargetGroup and LoadBalancer dimensions for this target group.`,
              targetGroup.urn,
            );
          }
        }
      }, lb.urn);
    }

    const isPostgres = (db: StackResource) => engineFamily(str(db.props.engine, "engine")) === "postgres";
    const instanceDimension = (db: StackResource): DimensionTarget => ({
      name: "DBInstanceIdentifier",
      target: db,
      identifierKeys: ["identifier"],
    });
    for (const db of stack.ofType("rdsInstance")) {
      check(() => {
        if (!isPostgres(db)) return;
        for (const metric of ["CPUUtilization", "FreeStorageSpace"]) {
          if (!watched(stack, RDS, [metric], [instanceDimension(db)])) {
            violation(
              `Add a CloudWatch alarm on ${metric} (namespace ${RDS}) with a DBInstanceIdentifier dimension for this database.`,
              db.urn,
            );
          }
        }
      }, db.urn);
    }
    for (const cluster of stack.ofType("rdsCluster")) {
      check(() => {
        if (!isPostgres(cluster)) return;
        const clusterDimension: DimensionTarget = {
          name: "DBClusterIdentifier",
          target: cluster,
          identifierKeys: ["clusterIdentifier", "id"],
        };
        if (watched(stack, RDS, ["CPUUtilization"], [clusterDimension])) return;
        // Aurora storage grows on its own; per-instance CPU alarms on every member also cover the cluster.
        const members = stack.referrers(cluster, "clusterIdentifier", "rdsClusterInstance");
        if (
          members.length > 0 &&
          members.every((member) => watched(stack, RDS, ["CPUUtilization"], [instanceDimension(member)]))
        )
          return;
        violation(
          `Add a CloudWatch alarm on CPUUtilization (namespace ${RDS}) with a DBClusterIdentifier dimension for this cluster (or one per cluster instance).`,
          cluster.urn,
        );
      }, cluster.urn);
    }

    for (const alarm of stack.ofType("metricAlarm")) {
      check(() => {
        if (bool(alarm.props.actionsEnabled, "actionsEnabled") === false) {
          violation("Set actionsEnabled to true so this alarm notifies someone.", alarm.urn);
          return;
        }
        const recorded = (alarm.propertyDependencies.alarmActions ?? []).map(
          (urn) => stack.byUrn(urn)?.type ?? "",
        );
        if (recorded.some((type) => isType(type, "snsTopic"))) return;
        if (recorded.some((type) => isType(type, "scalingPolicy"))) return; // a scaling alarm acts; it need not page anyone
        const actions = strings(alarm.props.alarmActions ?? [], "alarmActions");
        if (actions.some((action) => SNS_ARN.test(action) || SCALING_ARN.test(action))) return;
        violation(
          actions.length === 0
            ? "Add an SNS topic (aws.sns.Topic) to alarmActions so this alarm notifies someone."
            : "Point alarmActions at an SNS topic (aws.sns.Topic); none of its actions notifies anyone.",
          alarm.urn,
        );
      }, alarm.urn);
    }
  },
});
