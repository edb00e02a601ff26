import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { ContainerDefinition, djangoContainer, SERVICE, task } from "./fixtures";

const POLICY = "ecs-health-checks";
const noHealthCheck = (overrides: ContainerDefinition = {}) =>
  djangoContainer({ healthCheck: undefined, ...overrides });
const service = (
  props: Record<string, unknown> = {},
  refs: Record<string, string[]> = { taskDefinition: ["app"] },
): ResourceSpec => ({
  type: SERVICE,
  name: "api",
  props: { cluster: "prod", taskDefinition: UNKNOWN, desiredCount: 2, ...props },
  refs,
});
const targetGroup = (healthCheck: unknown, type = "aws:lb/targetGroup:TargetGroup"): ResourceSpec => ({
  type,
  name: "tg",
  props: {
    port: 8000,
    protocol: "HTTP",
    targetType: "ip",
    arn: UNKNOWN,
    ...(healthCheck === undefined ? {} : { healthCheck }),
  },
});
const behind = (group: ResourceSpec): ResourceSpec[] => [
  group,
  service(
    { loadBalancers: [{ targetGroupArn: UNKNOWN, containerName: "django", containerPort: 8000 }] },
    { taskDefinition: ["app"], loadBalancers: ["tg"] },
  ),
];
const fails = (containers: string, lb = "it has no load balancer health check") => [
  "violation",
  "mandatory",
  "api",
  `Add a healthCheck to essential container(s) ${containers} of the task definition, or a target group health check with a path; ${lb}.`,
];
const LB_OFF = "its target group's health check is disabled or is not an HTTP(S) check";

describe(POLICY, () => {
  it("passes a service whose essential containers have health checks", async () => {
    expect(findingsOf(await analyze([task([djangoContainer()]), service()]), POLICY)).toEqual([]);
  });

  it("fails a service whose essential container has no health check and no load balancer", async () => {
    expect(findingsOf(await analyze([task([noHealthCheck()]), service()]), POLICY)).toEqual([
      fails("django"),
    ]);
  });

  it("does not ask non-essential sidecars for a health check", async () => {
    const sidecar = { name: "xray", image: "amazon/aws-xray-daemon:3.3", essential: false };
    expect(findingsOf(await analyze([task([djangoContainer(), sidecar]), service()]), POLICY)).toEqual([]);
  });

  it.each(["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"])(
    "passes a service behind a %s with a health check path",
    async (type) => {
      const specs = [
        task([noHealthCheck()]),
        ...behind(targetGroup({ enabled: true, path: "/healthz/", matcher: "200" }, type)),
      ];
      expect(findingsOf(await analyze(specs), POLICY)).toEqual([]);
    },
  );

  it("fails a disabled target group health check when containers have none", async () => {
    const specs = [task([noHealthCheck()]), ...behind(targetGroup({ enabled: false, path: "/healthz/" }))];
    expect(findingsOf(await analyze(specs), POLICY)).toEqual([fails("django", LB_OFF)]);
  });

  it.each<[string, unknown]>([
    ["without a path", { enabled: true, protocol: "HTTP" }],
    ["unset", undefined],
  ])(
    'counts an HTTP target group health check that is %s: AWS checks "/" by default',
    async (_case, healthCheck) => {
      const specs = [task([noHealthCheck()]), ...behind(targetGroup(healthCheck))];
      expect(findingsOf(await analyze(specs), POLICY)).toEqual([]);
    },
  );

  it("does not count a TCP health check, which has no path, and reads the protocol when unknown", async () => {
    const tcp = targetGroup({ enabled: true, protocol: "TCP" });
    expect(findingsOf(await analyze([task([noHealthCheck()]), ...behind(tcp)]), POLICY)).toEqual([
      fails("django", LB_OFF),
    ]);
    const nlb = targetGroup(undefined);
    nlb.props.protocol = "TCP";
    expect(findingsOf(await analyze([task([noHealthCheck()]), ...behind(nlb)]), POLICY)).toEqual([
      fails("django", LB_OFF),
    ]);
    nlb.props.protocol = UNKNOWN;
    expect(findingsOf(await analyze([task([noHealthCheck()]), ...behind(nlb)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] tg.protocol is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("joins by family and target group ARN when no dependency was recorded", async () => {
    const group = targetGroup({ path: "/healthz/" });
    group.props.arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/1";
    const byValue = service(
      {
        taskDefinition: "app:7",
        loadBalancers: [{ targetGroupArn: group.props.arn, containerName: "django", containerPort: 8000 }],
      },
      {},
    );
    expect(findingsOf(await analyze([task([noHealthCheck()]), group, byValue]), POLICY)).toEqual([]);
    expect(
      findingsOf(await analyze([task([noHealthCheck()]), service({ taskDefinition: "app:7" }, {})]), POLICY),
    ).toEqual([fails("django")]);
  });

  it("ignores task definitions no service runs", async () => {
    expect(findingsOf(await analyze([task([noHealthCheck()], "migrate")]), POLICY)).toEqual([]);
  });

  it("names every essential container without a health check", async () => {
    const specs = [task([noHealthCheck(), noHealthCheck({ name: "worker" })]), service()];
    expect(findingsOf(await analyze(specs), POLICY)).toEqual([fails("django, worker")]);
  });

  it("reports unknowns as unverified", async () => {
    const unknownEnabled = [
      task([noHealthCheck()]),
      ...behind(targetGroup({ enabled: UNKNOWN, path: "/healthz/" })),
    ];
    expect(findingsOf(await analyze(unknownEnabled), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] tg.healthCheck.enabled is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([task([noHealthCheck()]), service({}, {})]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] taskDefinition is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([task(UNKNOWN), service()]), POLICY)).toEqual([]);
  });

  it("fails closed on malformed container definitions, on the task definition", async () => {
    expect(findingsOf(await analyze([task("{oops"), service()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        "Set containerDefinitions to a JSON array of container definitions; it does not parse as one, so this policy cannot check it.",
      ],
    ]);
  });
});
