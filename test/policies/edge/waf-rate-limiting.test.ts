import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "waf-rate-limiting";
const visibilityConfig = { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true };
const rateRule = (
  statement: Record<string, unknown> = {},
  action: Record<string, unknown> = { block: {} },
) => ({
  name: "rate-limit",
  priority: 0,
  action,
  statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP", ...statement } },
  visibilityConfig,
});
const webAcl = (name: string, props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:wafv2/webAcl:WebAcl",
  name,
  props: {
    scope: name === "edge-acl" ? "CLOUDFRONT" : "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig,
    arn: UNKNOWN,
    rules: [rateRule()],
    ...props,
  },
});
const alb = (
  props: Record<string, unknown> = {},
  type = "aws:lb/loadBalancer:LoadBalancer",
): ResourceSpec => ({
  type,
  name: "alb",
  props: { internal: false, loadBalancerType: "application", arn: UNKNOWN, dnsName: UNKNOWN, ...props },
});
const association: ResourceSpec = {
  type: "aws:wafv2/webAclAssociation:WebAclAssociation",
  name: "alb-waf",
  props: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
  refs: { resourceArn: ["alb"], webAclArn: ["acl"] },
};
const distribution = (
  props: Record<string, unknown> = {},
  refs: Record<string, string[]> = { webAclId: ["edge-acl"] },
): ResourceSpec => ({
  type: "aws:cloudfront/distribution:Distribution",
  name: "cdn",
  props: {
    enabled: true,
    webAclId: UNKNOWN,
    origins: [{ originId: "s3", domainName: "media.s3.amazonaws.com" }],
    ...props,
  },
  refs,
});
const baseline = (): ResourceSpec[] => [
  alb(),
  webAcl("acl"),
  association,
  webAcl("edge-acl"),
  distribution(),
];
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);
const replace = (specs: ResourceSpec[], name: string, spec: ResourceSpec) =>
  specs.map((s) => (s.name === name ? spec : s));

describe(POLICY, () => {
  it("passes an ALB and a distribution protected by blocking rate-based rules", async () => {
    expect(await run(baseline())).toEqual([]);
  });

  it("fails an internet-facing ALB without a web ACL, for aws.lb and aws.alb and an unset type", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "alb",
        "Associate a WAFv2 web ACL with a blocking rate-based rule with this internet-facing load balancer (aws.wafv2.WebAclAssociation).",
      ],
    ];
    expect(await run([alb()])).toEqual(expected);
    expect(await run([alb({}, "aws:alb/loadBalancer:LoadBalancer")])).toEqual(expected);
    const { loadBalancerType: _omit, ...unsetType } = alb().props;
    expect(await run([{ ...alb(), props: unsetType }])).toEqual(expected);
  });

  it("ignores internal load balancers and network load balancers", async () => {
    expect(
      await run([alb({ internal: true }), { ...alb({ loadBalancerType: "network" }), name: "nlb" }]),
    ).toEqual([]);
  });

  it("fails a distribution without webAclId", async () => {
    expect(await run([distribution({ webAclId: "" }, {})])).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Set webAclId to a CLOUDFRONT-scope WAFv2 web ACL with a blocking rate-based rule.",
      ],
    ]);
  });

  it("fails a distribution whose web ACL is not in the stack", async () => {
    expect(
      await run([
        distribution({ webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared/abc" }, {}),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Manage the web ACL protecting this distribution in this stack so its rate-based rule can be verified, or exempt this distribution.",
      ],
    ]);
  });

  it("fails a web ACL without a rate-based rule", async () => {
    expect(await run(replace(baseline(), "acl", webAcl("acl", { rules: [] })))).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Add a rate-based rule (rateBasedStatement, action block, limit at most 2000 requests per 5 minutes) to this web ACL.",
      ],
    ]);
  });

  it("fails a rate-based rule that only counts", async () => {
    expect(
      await run(replace(baseline(), "acl", webAcl("acl", { rules: [rateRule({}, { count: {} })] }))),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Set the action of this web ACL's rate-based rule to block; a rule that counts or allows limits nothing.",
      ],
    ]);
  });

  it("fails a limit above the maximum, normalised to 5 minutes", async () => {
    expect(
      await run(replace(baseline(), "acl", webAcl("acl", { rules: [rateRule({ limit: 5000 })] }))),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Lower the limit of this web ACL's rate-based rule to at most 2000 requests per 5 minutes; it is 5000 per 5 minutes.",
      ],
    ]);
    expect(
      await run(
        replace(
          baseline(),
          "acl",
          webAcl("acl", { rules: [rateRule({ limit: 1000, evaluationWindowSec: 60 })] }),
        ),
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Lower the limit of this web ACL's rate-based rule to at most 2000 requests per 5 minutes; it is 5000 per 5 minutes.",
      ],
    ]);
  });

  it("honours a configured maximum", async () => {
    const config = { all: "mandatory", [POLICY]: { maximumRateLimit: 500 } };
    expect(await run(baseline(), config)).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Lower the limit of this web ACL's rate-based rule to at most 500 requests per 5 minutes; it is 1000 per 5 minutes.",
      ],
      [
        "violation",
        "mandatory",
        "edge-acl",
        "Lower the limit of this web ACL's rate-based rule to at most 500 requests per 5 minutes; it is 1000 per 5 minutes.",
      ],
    ]);
  });

  it("requires FORWARDED_IP aggregation on an ALB behind CloudFront", async () => {
    const behind = replace(
      baseline(),
      "cdn",
      distribution(
        { origins: [{ originId: "alb", domainName: UNKNOWN }] },
        { webAclId: ["edge-acl"], origins: ["alb"] },
      ),
    );
    expect(await run(behind)).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Aggregate this web ACL's rate-based rule on FORWARDED_IP (forwardedIpConfig header X-Forwarded-For): it protects a load balancer behind CloudFront, where IP aggregation counts CloudFront's addresses instead of clients.",
      ],
    ]);
    const forwarded = webAcl("acl", {
      rules: [
        rateRule({
          aggregateKeyType: "FORWARDED_IP",
          forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
        }),
      ],
    });
    expect(await run(replace(behind, "acl", forwarded))).toEqual([]);
    expect(
      await run(behind, { all: "mandatory", [POLICY]: { requireForwardedIpBehindCloudFront: false } }),
    ).toEqual([]);
  });

  it("reads rules from ruleJson (AWS API shape) and from separate WebAclRule resources", async () => {
    const ruleJson = JSON.stringify([
      {
        Name: "rate",
        Priority: 0,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: "IP" } },
        VisibilityConfig: {},
      },
    ]);
    const { rules: _omit, ...withoutRules } = webAcl("acl").props;
    expect(
      await run(replace(baseline(), "acl", { ...webAcl("acl"), props: { ...withoutRules, ruleJson } })),
    ).toEqual([]);
    const separate: ResourceSpec = {
      type: "aws:wafv2/webAclRule:WebAclRule",
      name: "acl-rate",
      props: { ...rateRule(), webAclArn: UNKNOWN },
      refs: { webAclArn: ["acl"] },
    };
    expect(
      await run([...replace(baseline(), "acl", { ...webAcl("acl"), props: withoutRules }), separate]),
    ).toEqual([]);
  });

  it("fails a malformed ruleJson without throwing", async () => {
    expect(
      await run(replace(baseline(), "acl", webAcl("acl", { rules: [], ruleJson: "[{not json" }))),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Fix ruleJson on this web ACL: it is not a JSON array of rules, so its rate-based rule cannot be verified.",
      ],
    ]);
  });

  it("reports unknowns as unverified, once per web ACL", async () => {
    const secondAlb: ResourceSpec = { ...alb(), name: "alb2" };
    const secondAssociation: ResourceSpec = {
      ...association,
      name: "alb2-waf",
      refs: { resourceArn: ["alb2"], webAclArn: ["acl"] },
    };
    const unknownLimit = webAcl("acl", { rules: [rateRule({ limit: UNKNOWN })] });
    expect(await run([...replace(baseline(), "acl", unknownLimit), secondAlb, secondAssociation])).toEqual([
      [
        "unverified",
        "advisory",
        "acl",
        "[unverified at preview] rules[0].statement.rateBasedStatement.limit is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), "alb", alb({ internal: UNKNOWN })))).toEqual([
      [
        "unverified",
        "advisory",
        "alb",
        "[unverified at preview] internal is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), "cdn", distribution({}, {})))).toEqual([
      [
        "unverified",
        "advisory",
        "cdn",
        "[unverified at preview] webAclId is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
