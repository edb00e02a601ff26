import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "uptime-monitoring";
const ONCALL = "arn:aws:sns:us-east-1:123456789012:oncall";
const alb = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:lb/loadBalancer:LoadBalancer",
  name: "alb",
  props: { internal: false, arn: UNKNOWN, ...props },
});
const distribution = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:cloudfront/distribution:Distribution",
  name: "cdn",
  props: { enabled: true, ...props },
});
const healthCheck = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:route53/healthCheck:HealthCheck",
  name: "site-check",
  props: {
    type: "HTTPS",
    fqdn: "app.example.com",
    port: 443,
    resourcePath: "/healthz",
    failureThreshold: 3,
    requestInterval: 30,
    id: UNKNOWN,
    ...props,
  },
});
const checkAlarm = (
  props: Record<string, unknown> = {},
  refs: Record<string, string[]> = { dimensions: ["site-check"] },
): ResourceSpec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name: "site-down",
  props: {
    region: "us-east-1",
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: UNKNOWN },
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
    alarmActions: [ONCALL],
    ...props,
  },
  refs,
});
const baseline = (): ResourceSpec[] => [alb(), distribution(), healthCheck(), checkAlarm()];
const replace = (specs: ResourceSpec[], spec: ResourceSpec) =>
  specs.map((s) => (s.name === spec.name ? spec : s));
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);
const MISSING =
  "Add an HTTPS Route 53 health check (type HTTPS or HTTPS_STR_MATCH) or a running CloudWatch Synthetics canary (startCanary true) that watches this internet-facing endpoint.";
const NO_ALARM =
  "Add a CloudWatch alarm in us-east-1 on HealthCheckStatus (namespace AWS/Route53) with a HealthCheckId dimension for this health check.";

describe(POLICY, () => {
  it("passes a public stack with an alarmed HTTPS health check", async () => {
    expect(await run(baseline())).toEqual([]);
  });

  it("fails every internet-facing endpoint when nothing watches from outside", async () => {
    expect(await run([alb(), distribution()])).toEqual([
      ["violation", "mandatory", "cdn", MISSING],
      ["violation", "mandatory", "alb", MISSING],
    ]);
  });

  it("does not count plain HTTP or disabled health checks", async () => {
    expect(await run(replace(baseline(), healthCheck({ type: "HTTP" })))).toEqual([
      ["violation", "mandatory", "cdn", MISSING],
      ["violation", "mandatory", "alb", MISSING],
    ]);
    expect(await run([alb(), healthCheck({ type: "HTTPS_STR_MATCH", disabled: true })])).toEqual([
      ["violation", "mandatory", "alb", MISSING],
    ]);
  });

  it("fails a health check without an alarm, unless alarms are not required", async () => {
    const specs = [alb(), healthCheck({ type: "HTTPS_STR_MATCH", searchString: "ok" })];
    expect(await run(specs)).toEqual([["violation", "mandatory", "site-check", NO_ALARM]]);
    expect(await run(specs, { all: "mandatory", [POLICY]: { requireAlarm: false } })).toEqual([]);
  });

  it("counts an alarm only if it can tell someone", async () => {
    expect(await run(replace(baseline(), checkAlarm({ alarmActions: [] })))).toEqual([
      ["violation", "mandatory", "site-check", NO_ALARM],
    ]);
    expect(await run(replace(baseline(), checkAlarm({ actionsEnabled: false })))).toEqual([
      ["violation", "mandatory", "site-check", NO_ALARM],
    ]);
    expect(await run(replace(baseline(), checkAlarm({ alarmActions: UNKNOWN })))).toEqual([
      [
        "unverified",
        "advisory",
        "site-check",
        "[unverified at preview] site-down.alarmActions is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not count an alarm pinned to a region where Route 53 publishes no metrics", async () => {
    expect(await run(replace(baseline(), checkAlarm({ region: "eu-west-1" })))).toEqual([
      ["violation", "mandatory", "site-check", NO_ALARM],
    ]);
  });

  it("joins the alarm to the health check by id when no dependency was recorded", async () => {
    const known = [
      alb(),
      healthCheck({ id: "abcdef01-2345" }),
      checkAlarm({ dimensions: { HealthCheckId: "abcdef01-2345" } }, {}),
    ];
    expect(await run(known)).toEqual([]);
  });

  it("accepts a running Synthetics canary with a SuccessPercent alarm", async () => {
    const canary = (startCanary: boolean): ResourceSpec => ({
      type: "aws:synthetics/canary:Canary",
      name: "site-canary",
      props: {
        name: "site-canary",
        runtimeVersion: "syn-nodejs-puppeteer-9.1",
        handler: "index.handler",
        startCanary,
        schedule: { expression: "rate(5 minutes)" },
      },
    });
    const canaryAlarm: ResourceSpec = {
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: "canary-failing",
      props: {
        namespace: "CloudWatchSynthetics",
        metricName: "SuccessPercent",
        dimensions: { CanaryName: "site-canary" },
        alarmActions: [ONCALL],
      },
    };
    expect(await run([alb(), canary(true), canaryAlarm])).toEqual([]);
    expect(await run([alb(), canary(true)])).toEqual([
      [
        "violation",
        "mandatory",
        "site-canary",
        "Add a CloudWatch alarm on SuccessPercent (namespace CloudWatchSynthetics) with a CanaryName dimension for this canary.",
      ],
    ]);
    expect(await run([alb(), canary(false), canaryAlarm])).toEqual([
      ["violation", "mandatory", "alb", MISSING],
    ]);
  });

  it("ignores stacks with nothing public: internal load balancers, disabled distributions", async () => {
    expect(await run([alb({ internal: true }), distribution({ enabled: false })])).toEqual([]);
  });

  it("reports unknowns as unverified, not as a missing check", async () => {
    expect(await run([alb(), healthCheck({ type: UNKNOWN }), checkAlarm()])).toEqual([
      [
        "unverified",
        "advisory",
        "site-check",
        "[unverified at preview] type is not known until deploy; enforced at deploy.",
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
  });
});
