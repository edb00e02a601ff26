import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptionKey, serviceKeyPolicy } from "./kms";
import { HEALTH_CHECK_PATH } from "./edge";

export interface AlarmThresholds {
  /** RDS CPUUtilization (%) that pages. */
  databaseCpuPercent: number;
  /** RDS FreeStorageSpace (bytes) below which it pages: 10% of the allocated storage. */
  databaseFreeStorageBytes: number;
  /** RDS DatabaseConnections at which it pages: 80% of max_connections. */
  databaseConnections: number;
  /** 5xx responses per minute (ALB or targets) that page. */
  http5xxPerMinute: number;
  /** Sessions pinned to a server connection at once (RDS Proxy) that page: pinning defeats pooling. */
  pinnedSessions: number;
}

/** Alarm thresholds derived from the database's size. */
export function alarmThresholds(input: {
  allocatedStorageGb: number;
  maxConnections: number;
}): AlarmThresholds {
  if (!(input.allocatedStorageGb > 0 && input.maxConnections > 0)) {
    throw new Error(
      `allocatedStorageGb and maxConnections must be positive; got ${input.allocatedStorageGb} and ${input.maxConnections}.`,
    );
  }
  return {
    databaseCpuPercent: 80,
    databaseFreeStorageBytes: Math.floor(input.allocatedStorageGb * 1024 ** 3 * 0.1),
    databaseConnections: Math.floor(input.maxConnections * 0.8),
    http5xxPerMinute: 10,
    pinnedSessions: 10,
  };
}

export interface MonitoringArgs {
  /** Email address subscribed to the alarm topics (confirmation needed). Default: no subscription. */
  alarmEmail?: string;
  /** The ALB, by its CloudWatch dimension value (arnSuffix). Required. */
  alb: { arnSuffix: pulumi.Input<string> };
  /** Target groups by service, by their CloudWatch dimension value (arnSuffix). Required. */
  targetGroups: Record<string, { arnSuffix: pulumi.Input<string> }>;
  /** The database: identifier (the dimension), size and connection limit. Required. */
  database: { identifier: pulumi.Input<string>; allocatedStorageGb: number; maxConnections: number };
  /** The RDS Proxy, when pooling uses one. Default: none. */
  proxy?: { name: pulumi.Input<string> };
  /** Public hostnames probed over HTTPS by Route53 health checks, each with a short label for names. Required. */
  publicEndpoints: { label: string; hostname: string }[];
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** SNS alarm topics and CloudWatch alarms for the ALB, targets, database, proxy and the public endpoints. */
export class Monitoring extends pulumi.ComponentResource {
  public readonly alarmTopic: aws.sns.Topic;
  /** Route53 health-check metrics live in us-east-1, and an alarm can only notify a topic in its own region. */
  public readonly globalAlarmTopic: aws.sns.Topic;
  public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  public readonly healthChecks: aws.route53.HealthCheck[];

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:monitoring:Monitoring", name, {}, opts);

    if (args.publicEndpoints.length === 0)
      throw new Error("Monitoring publicEndpoints must name at least one hostname to probe.");
    const thresholds = alarmThresholds({
      allocatedStorageGb: args.database.allocatedStorageGb,
      maxConnections: args.database.maxConnections,
    });
    const stack = pulumi.getStack();
    const prefix = `prodready-${stack}`;
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);

    const topic = (label: string, region?: string) => {
      // CloudWatch must be allowed to use the key, or encrypted alarm notifications are silently dropped.
      const key = encryptionKey(
        `${name}-${label}-key`,
        {
          region,
          description: `SNS alarm topic ${prefix}-${label}`,
          policy: caller.accountId.apply((accountId) =>
            JSON.stringify(
              serviceKeyPolicy({
                accountId,
                grant: {
                  sid: "CloudWatchPublishesAlarms",
                  service: "cloudwatch.amazonaws.com",
                  actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
                },
              }),
            ),
          ),
          tags: args.tags,
        },
        parent,
      );
      const created = new aws.sns.Topic(
        `${name}-${label}-topic`,
        {
          region,
          name: `${prefix}-${label}`,
          kmsMasterKeyId: key.arn,
          tags: tags(`${prefix}-${label}`),
        },
        parent,
      );
      if (args.alarmEmail) {
        new aws.sns.TopicSubscription(
          `${name}-${label}-email`,
          {
            region,
            topic: created.arn,
            protocol: "email",
            endpoint: args.alarmEmail,
          },
          parent,
        );
      }
      return created;
    };
    this.alarmTopic = topic("alarms");
    this.globalAlarmTopic = topic("alarms-global", "us-east-1");

    const alarm = (
      label: string,
      settings: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "name" | "tags">,
      topicArn: pulumi.Input<string> = this.alarmTopic.arn,
    ) => {
      const created = new aws.cloudwatch.MetricAlarm(
        `${name}-${label}`,
        {
          name: `${prefix}-${label}`,
          treatMissingData: "notBreaching",
          ...settings,
          alarmActions: [topicArn],
          okActions: [topicArn],
          tags: tags(`${prefix}-${label}`),
        },
        parent,
      );
      this.alarms.push(created);
      return created;
    };

    const loadBalancer = args.alb.arnSuffix;
    alarm("alb-target-5xx", {
      alarmDescription: "The applications answer 5xx: check the Django/Next.js logs and Sentry.",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer },
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: thresholds.http5xxPerMinute,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    alarm("alb-elb-5xx", {
      alarmDescription:
        "The ALB itself answers 5xx (no healthy target, timeouts): check the services and target health.",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer },
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: thresholds.http5xxPerMinute,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    for (const [service, targetGroup] of Object.entries(args.targetGroups)) {
      alarm(`${service}-unhealthy-hosts`, {
        alarmDescription: `A ${service} task fails its ALB health check.`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { TargetGroup: targetGroup.arnSuffix, LoadBalancer: loadBalancer },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    }

    const database = { DBInstanceIdentifier: args.database.identifier };
    alarm("database-cpu", {
      alarmDescription:
        "Database CPU is high: check Performance Insights and pg_stat_statements for the top queries.",
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: database,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: thresholds.databaseCpuPercent,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    alarm("database-free-storage", {
      alarmDescription: "Database storage is below 10% free.",
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions: database,
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 2,
      threshold: thresholds.databaseFreeStorageBytes,
      comparisonOperator: "LessThanOrEqualToThreshold",
      treatMissingData: "breaching",
    });
    alarm("database-connections", {
      alarmDescription:
        "Database connections are above 80% of max_connections: check the pooler and idle sessions.",
      namespace: "AWS/RDS",
      metricName: "DatabaseConnections",
      dimensions: database,
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 2,
      threshold: thresholds.databaseConnections,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    if (args.proxy) {
      alarm("proxy-session-pinning", {
        alarmDescription:
          "RDS Proxy pins sessions (SET, prepared statements, temp tables, advisory locks): the pool stops multiplexing.",
        namespace: "AWS/RDS",
        metricName: "DatabaseConnectionsCurrentlySessionPinned",
        dimensions: { ProxyName: args.proxy.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 3,
        threshold: thresholds.pinnedSessions,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    }

    // Uptime from outside AWS's network path: the same URL a user types, through CloudFront and WAF.
    this.healthChecks = args.publicEndpoints.map(({ label, hostname }) => {
      const healthCheck = new aws.route53.HealthCheck(
        `${name}-${label}-health-check`,
        {
          type: "HTTPS",
          fqdn: hostname,
          port: 443,
          resourcePath: HEALTH_CHECK_PATH,
          enableSni: true,
          requestInterval: 30,
          failureThreshold: 3,
          measureLatency: true,
          tags: tags(`${prefix}-${label}-uptime`),
        },
        parent,
      );
      alarm(
        `${label}-uptime`,
        {
          region: "us-east-1",
          alarmDescription: `https://${hostname}${HEALTH_CHECK_PATH} fails from the Route53 checkers.`,
          namespace: "AWS/Route53",
          metricName: "HealthCheckStatus",
          dimensions: { HealthCheckId: healthCheck.id },
          statistic: "Minimum",
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          threshold: 1,
          comparisonOperator: "LessThanThreshold",
          treatMissingData: "breaching",
        },
        this.globalAlarmTopic.arn,
      );
      return healthCheck;
    });

    this.registerOutputs({
      alarmTopicArn: this.alarmTopic.arn,
      globalAlarmTopicArn: this.globalAlarmTopic.arn,
    });
  }
}
