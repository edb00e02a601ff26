import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "cloudfront-https-only";
const behavior = {
  targetOriginId: "app",
  viewerProtocolPolicy: "redirect-to-https",
  allowedMethods: ["GET", "HEAD"],
  cachedMethods: ["GET", "HEAD"],
};
const baseline = {
  enabled: true,
  origins: [
    {
      originId: "app",
      domainName: "alb.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
      },
    },
    { originId: "media", domainName: "media.s3.amazonaws.com", originAccessControlId: UNKNOWN },
  ],
  defaultCacheBehavior: behavior,
  orderedCacheBehaviors: [
    { ...behavior, pathPattern: "/media/*", targetOriginId: "media", viewerProtocolPolicy: "https-only" },
  ],
  restrictions: { geoRestriction: { restrictionType: "none" } },
  viewerCertificate: {
    acmCertificateArn: UNKNOWN,
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: "TLSv1.2_2021",
  },
};
const distribution = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:cloudfront/distribution:Distribution",
  name: "cdn",
  props: { ...baseline, ...props },
});
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);
const violation = (message: string) => ["violation", "mandatory", "cdn", message];

describe(POLICY, () => {
  it("passes an HTTPS-only distribution with a TLS 1.2 policy and TLS-only origins", async () => {
    expect(await run([distribution()])).toEqual([]);
  });

  it("fails a default behavior that allows plain HTTP", async () => {
    expect(
      await run([distribution({ defaultCacheBehavior: { ...behavior, viewerProtocolPolicy: "allow-all" } })]),
    ).toEqual([
      violation(
        "Set viewerProtocolPolicy to redirect-to-https or https-only on defaultCacheBehavior; it allows plain HTTP (allow-all, or unset).",
      ),
    ]);
  });

  it("fails an ordered behavior that allows plain HTTP", async () => {
    expect(
      await run([
        distribution({
          orderedCacheBehaviors: [
            behavior,
            { ...behavior, pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" },
          ],
        }),
      ]),
    ).toEqual([
      violation(
        "Set viewerProtocolPolicy to redirect-to-https or https-only on orderedCacheBehaviors[1]; it allows plain HTTP (allow-all, or unset).",
      ),
    ]);
  });

  it("reports one finding per distribution, naming every behavior and origin at fault", async () => {
    const origin = (originId: string, originProtocolPolicy: string, originSslProtocols: string[]) => ({
      originId,
      domainName: `${originId}.example.com`,
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols },
    });
    expect(
      await run([
        distribution({
          defaultCacheBehavior: { ...behavior, viewerProtocolPolicy: "allow-all" },
          orderedCacheBehaviors: [
            { ...behavior, pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" },
            behavior,
            { ...behavior, pathPattern: "/static/*", viewerProtocolPolicy: "" },
          ],
          origins: [
            origin("app", "http-only", ["TLSv1"]),
            origin("media", "https-only", ["TLSv1.2"]),
            origin("legacy", "match-viewer", ["TLSv1.1", "TLSv1.2"]),
          ],
        }),
      ]).then((found) => found.sort()),
    ).toEqual(
      [
        violation(
          "Set viewerProtocolPolicy to redirect-to-https or https-only on defaultCacheBehavior, orderedCacheBehaviors[0] and orderedCacheBehaviors[2]; they allow plain HTTP (allow-all, or unset).",
        ),
        violation(
          "Set customOriginConfig.originProtocolPolicy to https-only on origins[0] and origins[2]; they let CloudFront reach the origin over plain HTTP (http-only, match-viewer, or unset).",
        ),
        violation(
          "Remove TLSv1, TLSv1.1 from customOriginConfig.originSslProtocols of origins[0] and origins[2]; allow only TLSv1.2.",
        ),
      ].sort(),
    );
  });

  it("fails an old or unset minimum protocol version", async () => {
    const certificate = { acmCertificateArn: UNKNOWN, sslSupportMethod: "sni-only" };
    expect(
      await run([
        distribution({ viewerCertificate: { ...certificate, minimumProtocolVersion: "TLSv1.2_2019" } }),
      ]),
    ).toEqual([
      violation(
        "Set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025; it is TLSv1.2_2019.",
      ),
    ]);
    expect(await run([distribution({ viewerCertificate: certificate })])).toEqual([
      violation(
        "Set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025; it is unset, which the provider treats as TLSv1.",
      ),
    ]);
  });

  it("fails the CloudFront default certificate unless configured to allow it", async () => {
    const spec = distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } });
    expect(await run([spec])).toEqual([
      violation(
        "Use a custom ACM certificate (viewerCertificate.acmCertificateArn) instead of the CloudFront default certificate, which only allows minimumProtocolVersion TLSv1.",
      ),
    ]);
    expect(await run([spec], { all: "mandatory", [POLICY]: { allowDefaultCertificate: true } })).toEqual([]);
  });

  it("fails a custom origin reached over HTTP or old TLS", async () => {
    const origin = {
      originId: "app",
      domainName: "alb.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "match-viewer",
        originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
      },
    };
    expect(await run([distribution({ origins: [origin] })])).toEqual([
      violation(
        "Remove TLSv1, TLSv1.1 from customOriginConfig.originSslProtocols of origins[0]; allow only TLSv1.2.",
      ),
      violation(
        "Set customOriginConfig.originProtocolPolicy to https-only on origins[0]; it lets CloudFront reach the origin over plain HTTP (http-only, match-viewer, or unset).",
      ),
    ]);
  });

  it("honours a configured list of security policies", async () => {
    const config = { all: "mandatory", [POLICY]: { allowedMinimumProtocolVersions: ["TLSv1.3_2025"] } };
    expect(await run([distribution()], config)).toEqual([
      violation("Set viewerCertificate.minimumProtocolVersion to one of TLSv1.3_2025; it is TLSv1.2_2021."),
    ]);
  });

  it("reports unknown values as unverified and still checks the rest", async () => {
    expect(
      await run([
        distribution({
          defaultCacheBehavior: { ...behavior, viewerProtocolPolicy: UNKNOWN },
          viewerCertificate: { acmCertificateArn: UNKNOWN, minimumProtocolVersion: "TLSv1" },
        }),
      ]),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "cdn",
        "[unverified at preview] defaultCacheBehavior.viewerProtocolPolicy is not known until deploy; enforced at deploy.",
      ],
      violation(
        "Set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025; it is TLSv1.",
      ),
    ]);
    expect(await run([distribution({ origins: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "cdn",
        "[unverified at preview] origins is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    expect(
      await run([
        distribution({
          orderedCacheBehaviors: "nope",
          origins: [null],
          viewerCertificate: null,
          defaultCacheBehavior: 7,
        }),
      ]),
    ).toEqual([
      violation(
        "Set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025; it is unset, which the provider treats as TLSv1.",
      ),
      violation(
        "Set viewerProtocolPolicy to redirect-to-https or https-only on defaultCacheBehavior; it allows plain HTTP (allow-all, or unset).",
      ),
    ]);
  });
});
