import {
  albListenerRules,
  albLogDeliveryPrincipal,
  AWS_MANAGED_RULE_GROUPS,
  cacheBehaviours,
  CDN_ORIGIN,
  certificateDomains,
  coveredNames,
  distributionOrigins,
  MANAGED_CACHE_POLICY,
  responseHeadersPolicyConfig,
  securityHeaders,
  staticAssetsCachePolicy,
  TARGET_GROUP_HEALTH_CHECK,
  validationRecord,
  wafRules,
  wafVisibility,
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

const domains = {
  appDomain: "app.prodready.example",
  apiDomain: "api.prodready.example",
  originDomain: "origin.prodready.example",
};

describe("albListenerRules", () => {
  const routing = albListenerRules({
    appDomain: domains.appDomain,
    apiDomain: domains.apiDomain,
    targetGroupArns: { django: "arn:tg/django", nextjs: "arn:tg/nextjs" },
  });

  test("port 80 only redirects to HTTPS, permanently", () => {
    expect(routing.httpDefaultActions).toEqual([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
  });

  test("an unknown host gets a 404, never an application", () => {
    expect(routing.httpsDefaultActions).toHaveLength(1);
    expect(routing.httpsDefaultActions[0]).toMatchObject({
      type: "fixed-response",
      fixedResponse: { statusCode: "404" },
    });
  });

  test("the API host forwards to Django, the app host to Next.js, each with its own priority", () => {
    expect(routing.hostRules).toEqual([
      {
        service: "django",
        priority: 10,
        conditions: [{ hostHeader: { values: ["api.prodready.example"] } }],
        actions: [{ type: "forward", targetGroupArn: "arn:tg/django" }],
      },
      {
        service: "nextjs",
        priority: 20,
        conditions: [{ hostHeader: { values: ["app.prodready.example"] } }],
        actions: [{ type: "forward", targetGroupArn: "arn:tg/nextjs" }],
      },
    ]);
  });

  test("refuses one host for both services (the second rule would never match)", () => {
    expect(() =>
      albListenerRules({
        appDomain: "prodready.example",
        apiDomain: "prodready.example",
        targetGroupArns: { django: "a", nextjs: "b" },
      }),
    ).toThrow(
      "Edge appDomain and apiDomain must differ: one host routes to one service; both are prodready.example.",
    );
  });
});

test("target groups check the health path the applications answer without a session", () => {
  expect(TARGET_GROUP_HEALTH_CHECK).toMatchObject({ path: "/healthz", protocol: "HTTP", matcher: "200" });
});

describe("certificates", () => {
  const covered = certificateDomains(domains);

  test("the ALB certificate covers the origin and the public names CloudFront forwards as Host", () => {
    expect(coveredNames(covered.alb)).toEqual([
      "origin.prodready.example",
      "app.prodready.example",
      "api.prodready.example",
    ]);
  });

  test("CloudFront's certificate covers the public names only, each also on the ALB's (whose records validate both)", () => {
    expect(coveredNames(covered.cloudFront)).toEqual(["app.prodready.example", "api.prodready.example"]);
    for (const name of coveredNames(covered.cloudFront)) expect(coveredNames(covered.alb)).toContain(name);
  });

  test("the validation record is ACM's for the name", () => {
    const options = [
      {
        domainName: "app.prodready.example",
        resourceRecordName: "_abc.app.prodready.example.",
        resourceRecordType: "CNAME",
        resourceRecordValue: "_xyz.acm-validations.aws.",
      },
      { domainName: "api.prodready.example", resourceRecordName: "_def.api.prodready.example." },
    ];
    expect(validationRecord(options, "app.prodready.example")).toEqual({
      name: "_abc.app.prodready.example.",
      type: "CNAME",
      value: "_xyz.acm-validations.aws.",
    });
  });

  test("before ACM answers (preview), a placeholder of the right shape, not an error", () => {
    expect(validationRecord(undefined, "api.prodready.example")).toEqual({
      name: "_validation.api.prodready.example",
      type: "CNAME",
      value: "",
    });
  });
});

describe("CloudFront", () => {
  test("the headers policy enforces every security header but leaves the app's own CSP in place", () => {
    const config = responseHeadersPolicyConfig(securityHeaders(domains));
    const headers = config.securityHeadersConfig as any;
    expect(headers.strictTransportSecurity).toEqual({
      accessControlMaxAgeSec: 63072000,
      includeSubdomains: true,
      preload: true,
      override: true,
    });
    expect(headers.frameOptions).toEqual({ frameOption: "DENY", override: true });
    expect(headers.contentTypeOptions).toEqual({ override: true });
    expect(headers.referrerPolicy.override).toBe(true);
    expect(headers.contentSecurityPolicy.override).toBe(false);
    expect(config.customHeadersConfig).toEqual({
      items: [
        {
          header: "Permissions-Policy",
          value: "camera=(), microphone=(), geolocation=(), payment=()",
          override: true,
        },
      ],
    });
  });

  test("static assets are keyed by Host alone: no cookies, no query strings", () => {
    const policy = staticAssetsCachePolicy("prodready-production") as any;
    expect(policy.name).toBe("prodready-production-static");
    expect(policy.parametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      cookiesConfig: { cookieBehavior: "none" },
      headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host"] } },
      queryStringsConfig: { queryStringBehavior: "none" },
    });
    expect(policy.maxTtl).toBeGreaterThanOrEqual(policy.defaultTtl);
  });

  test("the ALB origin is HTTPS only with TLS 1.2; the media origin signs through Origin Access Control", () => {
    const origins = distributionOrigins({
      originDomain: domains.originDomain,
      media: { bucketRegionalDomainName: "media.s3.eu-west-1.amazonaws.com", originAccessControlId: "oac-1" },
    }) as any[];
    expect(origins.map((origin) => origin.originId)).toEqual([CDN_ORIGIN.alb, CDN_ORIGIN.media]);
    expect(origins[0]).toMatchObject({
      domainName: "origin.prodready.example",
      customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
    });
    expect(origins[1]).toEqual({
      originId: "media",
      domainName: "media.s3.eu-west-1.amazonaws.com",
      originAccessControlId: "oac-1",
    });
  });

  describe("cacheBehaviours", () => {
    const behaviours = cacheBehaviours({
      staticCachePolicyId: "static-policy",
      responseHeadersPolicyId: "headers",
    });
    const all = [behaviours.defaultCacheBehavior, ...behaviours.orderedCacheBehaviors] as any[];

    test("every behaviour redirects to HTTPS and carries the security headers", () => {
      for (const behaviour of all) {
        expect(behaviour.viewerProtocolPolicy).toBe("redirect-to-https");
        expect(behaviour.responseHeadersPolicyId).toBe("headers");
      }
    });

    test("pages and the API are never cached and reach the ALB with every viewer header", () => {
      expect(behaviours.defaultCacheBehavior).toMatchObject({
        targetOriginId: "alb",
        cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
      });
      expect(behaviours.defaultCacheBehavior.allowedMethods).toContain("POST");
    });

    test("build assets come from the ALB with the static policy, media from S3; both read-only", () => {
      expect(
        behaviours.orderedCacheBehaviors.map((behaviour: any) => [
          behaviour.pathPattern,
          behaviour.targetOriginId,
          behaviour.cachePolicyId,
          behaviour.allowedMethods,
        ]),
      ).toEqual([
        ["/_next/static/*", "alb", "static-policy", ["GET", "HEAD"]],
        ["/media/*", "media", MANAGED_CACHE_POLICY.cachingOptimized, ["GET", "HEAD"]],
      ]);
    });
  });
});

test("WAF visibility: metrics and sampled requests under the given name", () => {
  expect(wafVisibility("prodready-production-alb")).toEqual({
    cloudwatchMetricsEnabled: true,
    metricName: "prodready-production-alb",
    sampledRequestsEnabled: true,
  });
  const rules = wafRules({ rateLimit: 2000, aggregateKeyType: "IP", metricPrefix: "p" });
  expect(rules.map((rule) => (rule.visibilityConfig as any).metricName)).toEqual([
    "p-rate-limit",
    ...AWS_MANAGED_RULE_GROUPS.map((group) => `p-${group}`),
  ]);
});
