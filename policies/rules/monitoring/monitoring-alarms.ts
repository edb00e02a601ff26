import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { isType } from "../../lib/types";
import { bool, strings, UnknownInput } from "../../lib/values";
import { isInternetFacingAlb, targetGroupsOf } from "../../lib/aws/load-balancer";
import { AlarmQuery, DimensionTarget, notifyingAlarmWatches } from "../../lib/aws/cloudwatch-alarm";
import { listed } from "../../lib/findings";

const ALB = "AWS/ApplicationELB";
const RDS = "AWS/RDS";
/** Actions an alarm may take instead of paging: scaling, EC2 actions, OpsItems, incidents, a Lambda function. */
const ACTION_ARN = /^arn:aws[a-z-]*:(sns|autoscaling|automate|ssm|ssm-incidents|lambda):/;

const ACTING_TYPES = new Set(["aws:lambda/function:Function", "aws:ssmincidents/responsePlan:ResponsePlan"]);

const lbDimension = (lb: StackResource): DimensionTarget => ({
  name: "LoadBalancer",
  target: lb,
  identifierKeys: ["arnSuffix"],
});

/** "a CloudWatch alarm on X" or "CloudWatch alarms on X and Y", for one finding per resource. */
function alarmsOn(metrics: string[]): string {
  return metrics.length === 1
    ? `a CloudWatch alarm on ${metrics[0]}`
    : `CloudWatch alarms on ${listed(metrics)}`;
}

export const monitoringAlarms = stackPolicy({
  name: "monitoring-alarms",
  description:
    "Checks that internet-facing load balancers alarm on 5xx responses and unhealthy targets, RDS databases of every engine alarm on CPU and free storage (Aurora clusters on CPU), and every alarm notifies someone. An alarm counts only if it can: actionsEnabled is not false and alarmActions names an SNS topic or an automation action; a metric-math alarm counts for the metrics its queries read.",
  severity: "high",
  checklist: ["devops.monitoring.critical-alerts"],
  remediationSteps:
    "Create aws.cloudwatch.MetricAlarm resources with dimensions built from the resources' outputs: HTTPCode_Target_5XX_Count (or HTTPCode_ELB_5XX_Count) with LoadBalancer = alb.arnSuffix; " +
    "UnHealthyHostCount with TargetGroup = targetGroup.arnSuffix and LoadBalancer = alb.arnSuffix for each target group; CPUUtilization and FreeStorageSpace with DBInstanceIdentifier " +
    "(CPUUtilization with DBClusterIdentifier for Aurora). Give every alarm alarmActions: [topic.arn] of an aws.sns.Topic with a subscription (or an Auto Scaling, EC2, Systems Manager or Lambda action), and leave actionsEnabled true.",
  judges: ["loadBalancer", "targetGroup", "rdsInstance", "rdsCluster", "metricAlarm"],
  validateStack(stack, { violation, check, unverified }) {
    /**
     * The metrics no notifying alarm watches; a metric whose alarm is not known until deploy is
     * reported as unverified (once per resource) and not counted missing.
     */
    const missing = (resource: StackResource, queries: Array<{ metric: string; query: AlarmQuery }>) => {
      const absent: string[] = [];
      let open: UnknownInput | undefined;
      for (const { metric, query } of queries) {
        const answer = notifyingAlarmWatches(stack, query);
        if (answer instanceof UnknownInput) open ??= answer;
        else if (!answer) absent.push(metric);
      }
      if (open) unverified(open, resource.urn);
      return absent;
    };

    for (const lb of stack.ofType("loadBalancer")) {
      check(() => {
        if (!isInternetFacingAlb(lb)) return;
        const fiveXx = {
          namespace: ALB,
          metricNames: ["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"],
          dimensions: [lbDimension(lb)],
        };
        if (missing(lb, [{ metric: "HTTPCode_Target_5XX_Count", query: fiveXx }]).length > 0) {
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
          const query = { namespace: ALB, metricNames: ["UnHealthyHostCount"], dimensions };
          if (missing(targetGroup, [{ metric: "UnHealthyHostCount", query }]).length > 0) {
            violation(
              `Add a CloudWatch alarm on UnHealthyHostCount (namespace ${ALB}) with TargetGroup and LoadBalancer dimensions for this target group.`,
              targetGroup.urn,
            );
          }
        }
      }, lb.urn);
    }

    // Every engine needs these alarms: a MySQL database runs out of storage as a PostgreSQL one does.
    const instanceDimension = (db: StackResource): DimensionTarget => ({
      name: "DBInstanceIdentifier",
      target: db,
      identifierKeys: ["identifier"],
    });
    const rdsQuery = (metric: string, dimension: DimensionTarget) => ({
      metric,
      query: { namespace: RDS, metricNames: [metric], dimensions: [dimension] },
    });
    for (const db of stack.ofType("rdsInstance")) {
      check(() => {
        const absent = missing(
          db,
          ["CPUUtilization", "FreeStorageSpace"].map((metric) => rdsQuery(metric, instanceDimension(db))),
        );
        if (absent.length > 0) {
          violation(
            `Add ${alarmsOn(absent)} (namespace ${RDS}) with a DBInstanceIdentifier dimension for this database.`,
            db.urn,
          );
        }
      }, db.urn);
    }
    for (const cluster of stack.ofType("rdsCluster")) {
      check(() => {
        const clusterDimension: DimensionTarget = {
          name: "DBClusterIdentifier",
          target: cluster,
          identifierKeys: ["clusterIdentifier", "id"],
        };
        const clusterCpu = rdsQuery("CPUUtilization", clusterDimension);
        const own = notifyingAlarmWatches(stack, clusterCpu.query);
        if (own === true) return;
        // Aurora storage grows on its own; per-instance CPU alarms on every member also cover the cluster.
        const members = stack.referrers(cluster, "clusterIdentifier", "rdsClusterInstance");
        const memberAnswers = members.map((member) =>
          notifyingAlarmWatches(stack, rdsQuery("CPUUtilization", instanceDimension(member)).query),
        );
        if (members.length > 0 && memberAnswers.every((answer) => answer === true)) return;
        const open = [own, ...memberAnswers].find((answer) => answer instanceof UnknownInput);
        if (open instanceof UnknownInput) return unverified(open, cluster.urn);
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
        // A scaling, Lambda or incident-response alarm acts; it need not page anyone.
        if (recorded.some((type) => isType(type, "scalingPolicy") || ACTING_TYPES.has(type))) return;
        const actions = strings(alarm.props.alarmActions ?? [], "alarmActions");
        if (actions.some((action) => ACTION_ARN.test(action))) return;
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
