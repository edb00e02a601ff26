import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "cloudfront-security-headers";
const RHP_TYPE = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
const securityHeaders = {
  strictTransportSecurity: {
    accessControlMaxAgeSec: 63072000,
    includeSubdomains: true,
    preload: true,
    override: true,
  },
  frameOptions: { frameOption: "DENY", override: true },
  contentSecurityPolicy: {
    contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'",
    override: false,
  },
  contentTypeOptions: { override: true },
  referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
};
const headersPolicy = (
  headers: Record<string, unknown> = {},
  props: Record<string, unknown> = {},
): ResourceSpec => ({
  type: RHP_TYPE,
  name: "headers",
  props: { name: "security-headers", securityHeadersConfig: { ...securityHeaders, ...headers }, ...props },
});
const behavior = {
  targetOriginId: "app",
  viewerProtocolPolicy: "redirect-to-https",
  responseHeadersPolicyId: UNKNOWN,
};
const distribution = (
  props: Record<string, unknown> = {},
  refs?: Record<string, string[]>,
): ResourceSpec => ({
  type: "aws:cloudfront/distribution:Distribution",
  name: "cdn",
  props: {
    enabled: true,
    defaultCacheBehavior: behavior,
    orderedCacheBehaviors: [{ ...behavior, pathPattern: "/api/*" }],
    ...props,
  },
  refs: refs ?? { defaultCacheBehavior: ["headers"], orderedCacheBehaviors: ["headers"] },
});
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);

describe(POLICY, () => {
  it("passes behaviors that use a policy with HSTS, DENY, CSP and nosniff", async () => {
    expect(await run([headersPolicy(), distribution()])).toEqual([]);
  });

  it("fails X-Frame-Options SAMEORIGIN, on the policy", async () => {
    expect(
      await run([
        headersPolicy({ frameOptions: { frameOption: "SAMEORIGIN", override: true } }),
        distribution(),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.frameOptions.frameOption to DENY on this response headers policy; it is SAMEORIGIN.",
      ],
    ]);
  });

  it("fails a short or missing HSTS max-age", async () => {
    expect(
      await run([
        headersPolicy({ strictTransportSecurity: { accessControlMaxAgeSec: 3600, override: true } }),
        distribution(),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec to at least 31536000 on this response headers policy; it is 3600.",
      ],
    ]);
    expect(await run([headersPolicy({ strictTransportSecurity: null }), distribution()])).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec to at least 31536000 on this response headers policy; it is unset.",
      ],
    ]);
  });

  it("fails a missing or empty Content-Security-Policy", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy to a non-empty Content-Security-Policy on this response headers policy.",
      ],
    ];
    expect(await run([headersPolicy({ contentSecurityPolicy: null }), distribution()])).toEqual(expected);
    expect(
      await run([
        headersPolicy({ contentSecurityPolicy: { contentSecurityPolicy: " ", override: true } }),
        distribution(),
      ]),
    ).toEqual(expected);
  });

  it("fails a missing X-Content-Type-Options", async () => {
    expect(await run([headersPolicy({ contentTypeOptions: null }), distribution()])).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.contentTypeOptions on this response headers policy so responses carry X-Content-Type-Options: nosniff.",
      ],
    ]);
  });

  it("fails a behavior without a response headers policy", async () => {
    const spec = distribution(
      {
        orderedCacheBehaviors: [
          { targetOriginId: "app", viewerProtocolPolicy: "https-only", pathPattern: "/static/*" },
        ],
      },
      { defaultCacheBehavior: ["headers"] },
    );
    expect(await run([headersPolicy(), spec])).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Set responseHeadersPolicyId on orderedCacheBehaviors[0] to a response headers policy that sends HSTS, X-Frame-Options DENY, a Content-Security-Policy and X-Content-Type-Options.",
      ],
    ]);
  });

  it("fails the AWS managed policies: SAMEORIGIN and no CSP, or no security headers at all", async () => {
    const managed = distribution(
      {
        defaultCacheBehavior: {
          ...behavior,
          responseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03",
        },
        orderedCacheBehaviors: [
          { ...behavior, responseHeadersPolicyId: "60669652-455b-4ae9-85a4-c4c02393f86c" },
        ],
      },
      {},
    );
    expect(await run([managed])).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Replace the AWS managed response headers policy SecurityHeadersPolicy on defaultCacheBehavior with a custom one: it sends X-Frame-Options SAMEORIGIN instead of DENY and no Content-Security-Policy.",
      ],
      [
        "violation",
        "mandatory",
        "cdn",
        "Replace the AWS managed response headers policy SimpleCORS on orderedCacheBehaviors[0] with a custom one: it sends no security headers.",
      ],
    ]);
  });

  it("reports one finding per distribution and fix, naming every behavior that needs it", async () => {
    const simpleCors = "60669652-455b-4ae9-85a4-c4c02393f86c";
    const spec = distribution(
      {
        defaultCacheBehavior: { ...behavior, responseHeadersPolicyId: simpleCors },
        orderedCacheBehaviors: [
          { ...behavior, responseHeadersPolicyId: simpleCors },
          { ...behavior, responseHeadersPolicyId: "" },
          { ...behavior, responseHeadersPolicyId: simpleCors },
          { ...behavior, responseHeadersPolicyId: "" },
        ],
      },
      {},
    );
    expect((await run([spec])).sort()).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Replace the AWS managed response headers policy SimpleCORS on defaultCacheBehavior, orderedCacheBehaviors[0] and orderedCacheBehaviors[2] with a custom one: it sends no security headers.",
      ],
      [
        "violation",
        "mandatory",
        "cdn",
        "Set responseHeadersPolicyId on orderedCacheBehaviors[1] and orderedCacheBehaviors[3] to a response headers policy that sends HSTS, X-Frame-Options DENY, a Content-Security-Policy and X-Content-Type-Options.",
      ],
    ]);
  });

  it("joins by id when no dependency was recorded", async () => {
    const known = { ...behavior, responseHeadersPolicyId: "rhp-123" };
    const spec = distribution({ defaultCacheBehavior: known, orderedCacheBehaviors: [] }, {});
    expect(
      await run([
        headersPolicy({ frameOptions: { frameOption: "SAMEORIGIN", override: true } }, { id: "rhp-123" }),
        spec,
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.frameOptions.frameOption to DENY on this response headers policy; it is SAMEORIGIN.",
      ],
    ]);
  });

  it("fails a policy id that is not in the stack and not managed", async () => {
    const spec = distribution(
      {
        defaultCacheBehavior: { ...behavior, responseHeadersPolicyId: "rhp-elsewhere" },
        orderedCacheBehaviors: [],
      },
      {},
    );
    expect(await run([spec])).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Use a response headers policy managed in this stack for defaultCacheBehavior so its security headers can be verified, or exempt this distribution.",
      ],
    ]);
  });

  it("ignores response headers policies no behavior uses", async () => {
    expect(await run([headersPolicy({ frameOptions: null })])).toEqual([]);
  });

  it("honours a configured HSTS minimum", async () => {
    const config = { all: "mandatory", [POLICY]: { minimumHstsMaxAgeSeconds: 100000000 } };
    expect(await run([headersPolicy(), distribution()], config)).toEqual([
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec to at least 100000000 on this response headers policy; it is 63072000.",
      ],
    ]);
  });

  it("reports unknowns as unverified and still checks the other headers", async () => {
    expect(await run([headersPolicy(), distribution({}, {})])).toEqual([
      [
        "unverified",
        "advisory",
        "cdn",
        "[unverified at preview] defaultCacheBehavior.responseHeadersPolicyId is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "cdn",
        "[unverified at preview] orderedCacheBehaviors[0].responseHeadersPolicyId is not known until deploy; enforced at deploy.",
      ],
    ]);
    const partlyUnknown = headersPolicy({
      contentSecurityPolicy: { contentSecurityPolicy: UNKNOWN, override: false },
      frameOptions: { frameOption: "SAMEORIGIN", override: true },
    });
    expect(await run([partlyUnknown, distribution()])).toEqual([
      [
        "unverified",
        "advisory",
        "headers",
        "[unverified at preview] securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy is not known until deploy; enforced at deploy.",
      ],
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.frameOptions.frameOption to DENY on this response headers policy; it is SAMEORIGIN.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    expect(
      await run([
        headersPolicy({}, { securityHeadersConfig: "x" }),
        distribution({ orderedCacheBehaviors: [null] }),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "cdn",
        "Set responseHeadersPolicyId on orderedCacheBehaviors[0] to a response headers policy that sends HSTS, X-Frame-Options DENY, a Content-Security-Policy and X-Content-Type-Options.",
      ],
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy to a non-empty Content-Security-Policy on this response headers policy.",
      ],
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.contentTypeOptions on this response headers policy so responses carry X-Content-Type-Options: nosniff.",
      ],
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.frameOptions.frameOption to DENY on this response headers policy; it is unset.",
      ],
      [
        "violation",
        "mandatory",
        "headers",
        "Set securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec to at least 31536000 on this response headers policy; it is unset.",
      ],
    ]);
  });
});
