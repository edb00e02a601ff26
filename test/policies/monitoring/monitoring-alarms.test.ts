import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "monitoring-alarms";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SNS_ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";
const alarm = (
  name: string,
  props: Record<string, unknown>,
  refs: Record<string, string[]> = {},
): ResourceSpec => ({
  type: ALARM,
  name,
  props: {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    threshold: 1,
    alarmActions: [UNKNOWN],
    ...props,
  },
  refs: { alarmActions: ["alerts"], ...refs },
});
const topic: ResourceSpec = { type: "aws:sns/topic:Topic", name: "alerts", props: { arn: UNKNOWN } };
const alb = (
  props: Record<string, unknown> = {},
  type = "aws:lb/loadBalancer:LoadBalancer",
): ResourceSpec => ({
  type,
  name: "alb",
  props: { internal: false, loadBalancerType: "application", arn: UNKNOWN, arnSuffix: UNKNOWN, ...props },
});
const targetGroup = (name: string): ResourceSpec => ({
  type: "aws:lb/targetGroup:TargetGroup",
  name,
  props: { arn: UNKNOWN, arnSuffix: UNKNOWN, port: 8000, protocol: "HTTP" },
});
const listener: ResourceSpec = {
  type: "aws:lb/listener:Listener",
  name: "https",
  props: {
    loadBalancerArn: UNKNOWN,
    protocol: "HTTPS",
    defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
  },
  refs: { loadBalancerArn: ["alb"], defaultActions: ["django-tg"] },
};
const fiveXx = alarm(
  "alb-5xx",
  {
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_Target_5XX_Count",
    dimensions: { LoadBalancer: UNKNOWN },
  },
  { dimensions: ["alb"] },
);
const unhealthy = (
  tg: string,
  dimensions: Record<string, unknown> = { TargetGroup: UNKNOWN, LoadBalancer: UNKNOWN },
) =>
  alarm(
    `${tg}-unhealthy`,
    { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions },
    { dimensions: [tg, "alb"] },
  );
const db = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { engine: "postgres", identifier: "app-db", ...props },
});
const dbCpu = {
  ...alarm("db-cpu", {
    namespace: "AWS/RDS",
    metricName: "CPUUtilization",
    dimensions: { DBInstanceIdentifier: "app-db" },
    alarmActions: [SNS_ARN],
  }),
  refs: {},
};
const dbStorage = alarm(
  "db-storage",
  { namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: UNKNOWN } },
  { dimensions: ["db"] },
);
const baseline = (): ResourceSpec[] => [
  topic,
  alb(),
  targetGroup("django-tg"),
  listener,
  fiveXx,
  unhealthy("django-tg"),
  db(),
  dbCpu,
  dbStorage,
];
const without = (specs: ResourceSpec[], name: string) => specs.filter((s) => s.name !== name);
const replace = (specs: ResourceSpec[], spec: ResourceSpec) =>
  specs.map((s) => (s.name === spec.name ? spec : s));
const run = async (specs: ResourceSpec[]) => findingsOf(await analyze(specs), POLICY);
/** Findings in a fixed order, for cases that report on more than one resource. */
const runSorted = async (specs: ResourceSpec[]) => (await run(specs)).sort();
const FIVE_XX =
  "Add a CloudWatch alarm on HTTPCode_Target_5XX_Count or HTTPCode_ELB_5XX_Count (namespace AWS/ApplicationELB) with a LoadBalancer dimension for this load balancer.";
const UNHEALTHY =
  "Add a CloudWatch alarm on UnHealthyHostCount (namespace AWS/ApplicationELB) with TargetGroup and LoadBalancer dimensions for this target group.";

describe(POLICY, () => {
  it("passes a stack whose load balancer, target groups and database are alarmed to an SNS topic", async () => {
    expect(await run(baseline())).toEqual([]);
  });

  it("fails an internet-facing ALB without a 5xx alarm, for aws.lb and aws.alb", async () => {
    expect(await run(without(baseline(), "alb-5xx"))).toEqual([["violation", "mandatory", "alb", FIVE_XX]]);
    expect(
      await run(replace(without(baseline(), "alb-5xx"), alb({}, "aws:alb/loadBalancer:LoadBalancer"))),
    ).toEqual([["violation", "mandatory", "alb", FIVE_XX]]);
  });

  it("counts a metric-math alarm whose query watches the metric", async () => {
    const math = alarm(
      "alb-5xx",
      {
        metricQueries: [
          {
            id: "errors",
            metric: {
              namespace: "AWS/ApplicationELB",
              metricName: "HTTPCode_ELB_5XX_Count",
              dimensions: { LoadBalancer: UNKNOWN },
              period: 60,
              stat: "Sum",
            },
          },
          { id: "rate", expression: "errors / 60", returnData: true },
        ],
      },
      { metricQueries: ["alb"] },
    );
    expect(await run(replace(baseline(), math))).toEqual([]);
  });

  it("requires an UnHealthyHostCount alarm for every target group the ALB serves, listener rules included", async () => {
    const rule: ResourceSpec = {
      type: "aws:lb/listenerRule:ListenerRule",
      name: "next-rule",
      props: { listenerArn: UNKNOWN, actions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
      refs: { listenerArn: ["https"], actions: ["nextjs-tg"] },
    };
    expect(await run([...baseline(), targetGroup("nextjs-tg"), rule])).toEqual([
      ["violation", "mandatory", "nextjs-tg", UNHEALTHY],
    ]);
    expect(await run([...baseline(), targetGroup("nextjs-tg"), rule, unhealthy("nextjs-tg")])).toEqual([]);
  });

  it("fails an UnHealthyHostCount alarm without the LoadBalancer dimension (CloudWatch publishes none)", async () => {
    expect(await run(replace(baseline(), unhealthy("django-tg", { TargetGroup: UNKNOWN })))).toEqual([
      ["violation", "mandatory", "django-tg", UNHEALTHY],
    ]);
  });

  it("joins alarms by arnSuffix when no dependency was recorded", async () => {
    const known = [
      topic,
      alb({ arnSuffix: "app/prod/50dc6c495c0c9188" }),
      {
        ...targetGroup("django-tg"),
        props: {
          arn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/django/73e2d6bc24d8a067",
          arnSuffix: "targetgroup/django/73e2d6bc24d8a067",
        },
      },
      {
        ...listener,
        refs: { loadBalancerArn: ["alb"] },
        props: {
          ...listener.props,
          defaultActions: [
            {
              type: "forward",
              targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/django/73e2d6bc24d8a067",
            },
          ],
        },
      },
      {
        ...fiveXx,
        refs: { alarmActions: ["alerts"] },
        props: { ...fiveXx.props, dimensions: { LoadBalancer: "app/prod/50dc6c495c0c9188" } },
      },
      {
        ...unhealthy("django-tg"),
        refs: { alarmActions: ["alerts"] },
        props: {
          ...unhealthy("django-tg").props,
          dimensions: {
            TargetGroup: "targetgroup/django/73e2d6bc24d8a067",
            LoadBalancer: "app/prod/50dc6c495c0c9188",
          },
        },
      },
    ];
    expect(await run(known)).toEqual([]);
  });

  it("ignores internal load balancers", async () => {
    expect(await run([topic, alb({ internal: true }), targetGroup("django-tg"), listener])).toEqual([]);
  });

  it("requires CPU and free-storage alarms on every database, whatever its engine, in one finding", async () => {
    const bare = without(without(baseline(), "db-cpu"), "db-storage");
    const both = [
      "violation",
      "mandatory",
      "db",
      "Add CloudWatch alarms on CPUUtilization and FreeStorageSpace (namespace AWS/RDS) with a DBInstanceIdentifier dimension for this database.",
    ];
    expect(await run(bare)).toEqual([both]);
    for (const engine of ["mysql", "mariadb"])
      expect(await run(replace(bare, db({ engine })))).toEqual([both]);
    expect(await run(without(baseline(), "db-storage"))).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Add a CloudWatch alarm on FreeStorageSpace (namespace AWS/RDS) with a DBInstanceIdentifier dimension for this database.",
      ],
    ]);
  });

  it("counts an alarm only if it can tell someone: an action, and actions not disabled", async () => {
    const CPU =
      "Add a CloudWatch alarm on CPUUtilization (namespace AWS/RDS) with a DBInstanceIdentifier dimension for this database.";
    const silent = { ...dbCpu, props: { ...dbCpu.props, alarmActions: [] } };
    expect(await runSorted(replace(baseline(), silent))).toEqual([
      ["violation", "mandatory", "db", CPU],
      [
        "violation",
        "mandatory",
        "db-cpu",
        "Add an SNS topic (aws.sns.Topic) to alarmActions so this alarm notifies someone.",
      ],
    ]);
    const muted = { ...dbCpu, props: { ...dbCpu.props, actionsEnabled: false } };
    expect(await runSorted(replace(baseline(), muted))).toEqual([
      ["violation", "mandatory", "db", CPU],
      ["violation", "mandatory", "db-cpu", "Set actionsEnabled to true so this alarm notifies someone."],
    ]);
    // An automation action counts as much as a topic: EC2 recovery, an OpsItem, a Lambda function.
    for (const action of [
      "arn:aws:automate:eu-west-1:ec2:recover",
      "arn:aws:ssm:eu-west-1:123456789012:opsitem:3#CATEGORY=Availability",
      "arn:aws:lambda:eu-west-1:123456789012:function:page-oncall",
    ]) {
      expect(
        await run(replace(baseline(), { ...dbCpu, props: { ...dbCpu.props, alarmActions: [action] } })),
      ).toEqual([]);
    }
  });

  it("counts a metric-math alarm only for the metrics its queries read", async () => {
    const math = alarm(
      "db-cpu",
      {
        metricQueries: [
          {
            id: "storage",
            metric: {
              namespace: "AWS/RDS",
              metricName: "FreeStorageSpace",
              dimensions: { DBInstanceIdentifier: "app-db" },
              period: 300,
              stat: "Minimum",
            },
          },
          { id: "gib", expression: "storage / 1073741824", returnData: true },
        ],
        alarmActions: [SNS_ARN],
      },
      { alarmActions: [] },
    );
    expect(await run(replace(baseline(), math))).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Add a CloudWatch alarm on CPUUtilization (namespace AWS/RDS) with a DBInstanceIdentifier dimension for this database.",
      ],
    ]);
  });

  it("reports a database as unverified, not failed, when the alarm that may watch it is not known until deploy", async () => {
    const unknownMetric = { ...dbCpu, props: { ...dbCpu.props, metricName: UNKNOWN } };
    expect(await run(replace(baseline(), unknownMetric))).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] db-cpu.metricName is not known until deploy; enforced at deploy.",
      ],
    ]);
    const unknownActions = { ...dbCpu, props: { ...dbCpu.props, alarmActions: UNKNOWN } };
    expect(await runSorted(replace(baseline(), unknownActions))).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] db-cpu.alarmActions is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "db-cpu",
        "[unverified at preview] alarmActions is not known until deploy; enforced at deploy.",
      ],
    ]);
    const unknownEnabled = { ...dbCpu, props: { ...dbCpu.props, actionsEnabled: UNKNOWN } };
    expect(await runSorted(replace(baseline(), unknownEnabled))).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] db-cpu.actionsEnabled is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "db-cpu",
        "[unverified at preview] actionsEnabled is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("requires a CPU alarm on an Aurora cluster, or on each of its instances", async () => {
    const cluster: ResourceSpec = {
      type: "aws:rds/cluster:Cluster",
      name: "aurora",
      props: { engine: "aurora-postgresql", clusterIdentifier: "app-aurora" },
    };
    const member: ResourceSpec = {
      type: "aws:rds/clusterInstance:ClusterInstance",
      name: "aurora-1",
      props: { clusterIdentifier: UNKNOWN, identifier: UNKNOWN },
      refs: { clusterIdentifier: ["aurora"] },
    };
    const clusterCpu = alarm("aurora-cpu", {
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "app-aurora" },
    });
    const memberCpu = alarm(
      "aurora-1-cpu",
      { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: UNKNOWN } },
      { dimensions: ["aurora-1"] },
    );
    expect(await run([topic, cluster, member])).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Add a CloudWatch alarm on CPUUtilization (namespace AWS/RDS) with a DBClusterIdentifier dimension for this cluster (or one per cluster instance).",
      ],
    ]);
    expect(await run([topic, cluster, member, clusterCpu])).toEqual([]);
    expect(await run([topic, cluster, member, memberCpu])).toEqual([]);
  });

  it("requires every alarm to notify someone (an SNS topic, or an action such as a Lambda function)", async () => {
    const noActions = alarm(
      "quiet",
      { namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", alarmActions: [] },
      { alarmActions: [] },
    );
    const disabled = alarm("muted", {
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      actionsEnabled: false,
    });
    const lambdaOnly = alarm(
      "lambda",
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateAgeOfOldestMessage",
        alarmActions: ["arn:aws:lambda:eu-west-1:1:function:f"],
      },
      { alarmActions: [] },
    );
    expect(await run([topic, noActions, disabled, lambdaOnly])).toEqual([
      ["violation", "mandatory", "muted", "Set actionsEnabled to true so this alarm notifies someone."],
      [
        "violation",
        "mandatory",
        "quiet",
        "Add an SNS topic (aws.sns.Topic) to alarmActions so this alarm notifies someone.",
      ],
    ]);
  });

  it("does not require a topic on scaling alarms", async () => {
    const policy: ResourceSpec = {
      type: "aws:appautoscaling/policy:Policy",
      name: "scale-out",
      props: { arn: UNKNOWN },
    };
    const scaling = alarm(
      "cpu-high",
      { namespace: "AWS/ECS", metricName: "CPUUtilization" },
      { alarmActions: ["scale-out"] },
    );
    expect(await run([policy, scaling])).toEqual([]);
  });

  it("reports unknowns as unverified", async () => {
    expect(
      await run([alarm("orphan", { namespace: "AWS/SQS", metricName: "X" }, { alarmActions: [] })]),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "orphan",
        "[unverified at preview] alarmActions[0] is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), alb({ internal: UNKNOWN })))).toEqual([
      [
        "unverified",
        "advisory",
        "alb",
        "[unverified at preview] internal is not known until deploy; enforced at deploy.",
      ],
    ]);
    // Every engine is alarmed: an unknown engine changes nothing.
    expect(await run(replace(baseline(), db({ engine: UNKNOWN })))).toEqual([]);
  });

  it("does not crash on odd input", async () => {
    const odd = alarm(
      "odd",
      {
        namespace: 5,
        metricName: null,
        dimensions: "x",
        metricQueries: [null, { metric: 3 }],
        alarmActions: [SNS_ARN],
      },
      {},
    );
    expect(await run([...baseline(), odd])).toEqual([]);
  });
});
