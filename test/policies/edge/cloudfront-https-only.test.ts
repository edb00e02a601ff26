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
        "Set defaultCacheBehavior.viewerProtocolPolicy to redirect-to-https or https-only; it is allow-all.",
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
        "Set orderedCacheBehaviors[1].viewerProtocolPolicy to redirect-to-https or https-only; it is allow-all.",
      ),
    ]);
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
        "Remove TLSv1, TLSv1.1 from origins[0].customOriginConfig.originSslProtocols; allow only TLSv1.2.",
      ),
      violation("Set origins[0].customOriginConfig.originProtocolPolicy to https-only; it is match-viewer."),
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
        "Set defaultCacheBehavior.viewerProtocolPolicy to redirect-to-https or https-only; it is unset.",
      ),
      violation(
        "Set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025; it is unset, which the provider treats as TLSv1.",
      ),
    ]);
  });
});
