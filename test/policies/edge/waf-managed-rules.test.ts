import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "waf-managed-rules";
const visibilityConfig = { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true };
const managed = (
  name: string,
  priority: number,
  overrideAction: Record<string, unknown> = { none: {} },
  vendorName = "AWS",
) => ({
  name,
  priority,
  overrideAction,
  statement: { managedRuleGroupStatement: { vendorName, name } },
  visibilityConfig,
});
const REQUIRED = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];
const webAcl = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:wafv2/webAcl:WebAcl",
  name: "acl",
  props: {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig,
    arn: UNKNOWN,
    rules: REQUIRED.map((n, i) => managed(n, i + 1)),
    ...props,
  },
});
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);

describe(POLICY, () => {
  it("passes a web ACL running the required AWS managed groups", async () => {
    expect(await run([webAcl()])).toEqual([]);
  });

  it("fails missing groups in one finding per web ACL, naming them", async () => {
    expect(await run([webAcl({ rules: [managed("AWSManagedRulesCommonRuleSet", 1)] })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Add the AWS managed rule groups AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet to this web ACL (managedRuleGroupStatement, vendorName AWS).",
      ],
    ]);
    expect(
      await run([webAcl({ rules: [managed("AWSManagedRulesCommonRuleSet", 1), managed(REQUIRED[1], 2)] })]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        `Add the AWS managed rule group ${REQUIRED[2]} to this web ACL (managedRuleGroupStatement, vendorName AWS).`,
      ],
    ]);
  });

  it("fails a group overridden to count", async () => {
    const rules = [managed(REQUIRED[0], 1), managed(REQUIRED[1], 2), managed(REQUIRED[2], 3, { count: {} })];
    expect(await run([webAcl({ rules })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Set overrideAction to none for the AWS managed rule group AWSManagedRulesSQLiRuleSet; overridden to count it only logs matches.",
      ],
    ]);
  });

  it("does not count a same-named group from another vendor", async () => {
    const rules = [
      managed(REQUIRED[0], 1),
      managed(REQUIRED[1], 2),
      managed(REQUIRED[2], 3, { none: {} }, "F5"),
    ];
    expect(await run([webAcl({ rules })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Add the AWS managed rule group AWSManagedRulesSQLiRuleSet to this web ACL (managedRuleGroupStatement, vendorName AWS).",
      ],
    ]);
  });

  it("reads ruleJson in the AWS API shape", async () => {
    const ruleJson = JSON.stringify(
      REQUIRED.map((name, i) => ({
        Name: name,
        Priority: i,
        OverrideAction: i === 0 ? { Count: {} } : { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: name } },
        VisibilityConfig: {},
      })),
    );
    expect(await run([webAcl({ rules: [], ruleJson })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Set overrideAction to none for the AWS managed rule group AWSManagedRulesCommonRuleSet; overridden to count it only logs matches.",
      ],
    ]);
  });

  it("counts groups attached by separate WebAclRuleGroupAssociation and WebAclRule resources", async () => {
    const associations: ResourceSpec[] = REQUIRED.slice(1).map((name, i) => ({
      type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
      name: `group-${i}`,
      props: {
        ruleName: name,
        priority: i + 2,
        webAclArn: UNKNOWN,
        managedRuleGroup: { vendorName: "AWS", name },
        overrideAction: i === 1 ? "count" : "none",
      },
      refs: { webAclArn: ["acl"] },
    }));
    const rule: ResourceSpec = {
      type: "aws:wafv2/webAclRule:WebAclRule",
      name: "common",
      props: { ...managed(REQUIRED[0], 1), webAclArn: UNKNOWN },
      refs: { webAclArn: ["acl"] },
    };
    expect(await run([webAcl({ rules: [] }), rule, ...associations])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Set overrideAction to none for the AWS managed rule group AWSManagedRulesSQLiRuleSet; overridden to count it only logs matches.",
      ],
    ]);
  });

  it("honours the configured group list", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { requiredRuleGroups: ["AWSManagedRulesAmazonIpReputationList"] },
    };
    expect(await run([webAcl()], config)).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Add the AWS managed rule group AWSManagedRulesAmazonIpReputationList to this web ACL (managedRuleGroupStatement, vendorName AWS).",
      ],
    ]);
  });

  it("fails a malformed ruleJson and never throws", async () => {
    expect(await run([webAcl({ rules: [], ruleJson: '{"Name":' })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        "Fix ruleJson on this web ACL: it is not a JSON array of rules, so its managed rule groups cannot be verified.",
      ],
    ]);
    expect(await run([webAcl({ rules: [null, 5, { statement: "x" }] })])).toEqual([
      [
        "violation",
        "mandatory",
        "acl",
        `Add the AWS managed rule groups ${REQUIRED[0]}, ${REQUIRED[1]} and ${REQUIRED[2]} to this web ACL (managedRuleGroupStatement, vendorName AWS).`,
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(await run([webAcl({ rules: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "acl",
        "[unverified at preview] rules is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([webAcl({ rules: [], ruleJson: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "acl",
        "[unverified at preview] ruleJson is not known until deploy; enforced at deploy.",
      ],
    ]);
    const rules = [
      managed(REQUIRED[0], 1),
      managed(REQUIRED[1], 2),
      {
        ...managed(REQUIRED[2], 3),
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: UNKNOWN } },
      },
    ];
    expect(await run([webAcl({ rules })])).toEqual([
      [
        "unverified",
        "advisory",
        "acl",
        "[unverified at preview] rules[2].statement.managedRuleGroupStatement.name is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
