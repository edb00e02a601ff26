import {
  albLogDeliveryPrincipal,
  AWS_MANAGED_RULE_GROUPS,
  securityHeaders,
  wafRules,
} from "../../../stacks/components/edge";

describe("securityHeaders", () => {
  const headers = securityHeaders({ appDomain: "app.prodready.example", apiDomain: "api.prodready.example" });

  test("HSTS for two years, subdomains, preload", () => {
    expect(headers.strictTransportSecurity).toEqual({
      maxAgeSeconds: 63072000,
      includeSubdomains: true,
      preload: true,
    });
  });

  test("frames denied, nosniff, strict-origin-when-cross-origin", () => {
    expect(headers.frameOptions).toBe("DENY");
    expect(headers.contentTypeOptions).toBe("nosniff");
    expect(headers.referrerPolicy).toBe("strict-origin-when-cross-origin");
  });

  test("the CSP forbids framing and plugins and allows the API over https only", () => {
    const directives = Object.fromEntries(
      headers.contentSecurityPolicy.split("; ").map((directive) => [directive.split(" ")[0], directive]),
    );
    expect(directives["frame-ancestors"]).toBe("frame-ancestors 'none'");
    expect(directives["object-src"]).toBe("object-src 'none'");
    expect(directives["connect-src"]).toContain("https://api.prodready.example");
    expect(directives["script-src"]).not.toContain("unsafe");
    expect(headers.contentSecurityPolicy).not.toMatch(/http:\/\//);
  });
});

describe("wafRules", () => {
  test("a blocking rate limit first, then the three managed groups", () => {
    const rules = wafRules({ rateLimit: 2000, aggregateKeyType: "FORWARDED_IP", metricPrefix: "x" });
    expect(rules[0]).toMatchObject({
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: 2000,
          aggregateKeyType: "FORWARDED_IP",
          forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
        },
      },
    });
    expect(
      rules
        .slice(1)
        .map(
          (rule) =>
            (rule.statement as { managedRuleGroupStatement: { name: string } }).managedRuleGroupStatement
              .name,
        ),
    ).toEqual(AWS_MANAGED_RULE_GROUPS);
    expect(AWS_MANAGED_RULE_GROUPS).toEqual([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
    ]);
    expect(new Set(rules.map((rule) => rule.priority)).size).toBe(rules.length);
  });

  test("the CloudFront ACL limits on the connecting IP", () => {
    const [rate] = wafRules({ rateLimit: 500, aggregateKeyType: "IP", metricPrefix: "x" });
    expect(rate.statement).toEqual({
      rateBasedStatement: {
        limit: 500,
        evaluationWindowSec: 300,
        aggregateKeyType: "IP",
        forwardedIpConfig: undefined,
      },
    });
  });

  test("refuses a limit WAF would reject", () => {
    expect(() => wafRules({ rateLimit: 10, aggregateKeyType: "IP", metricPrefix: "x" })).toThrow(
      "wafRateLimit must be a whole number of at least 100 requests per 5 minutes; got 10.",
    );
  });
});

test("ALB log delivery: the regional ELB account in older regions, the service principal in newer ones", () => {
  expect(albLogDeliveryPrincipal("eu-west-1")).toEqual({ AWS: "arn:aws:iam::156460612806:root" });
  expect(albLogDeliveryPrincipal("eu-south-2")).toEqual({
    Service: "logdelivery.elasticloadbalancing.amazonaws.com",
  });
});
