import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { arr, bool, obj, Props, str, strings } from "../../lib/values";
import { itOrThey, listed } from "../../lib/findings";

interface Config {
  allowedMinimumProtocolVersions: string[];
  allowDefaultCertificate: boolean;
}

const HTTPS_VIEWER_POLICIES = new Set(["redirect-to-https", "https-only"]);
const WEAK_ORIGIN_PROTOCOLS = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

export const cloudfrontHttpsOnly = resourcePolicy<Config>({
  name: "cloudfront-https-only",
  description:
    "Checks that CloudFront distributions serve viewers only over HTTPS with a TLS 1.2+ security policy and a custom certificate, and reach custom origins only over TLS 1.2.",
  severity: "high",
  checklist: [
    "backend.security.ssl-redirect",
    "frontend.security.https-api-calls",
    "backend.security.admin-https-only",
  ],
  remediationSteps:
    "Set viewerProtocolPolicy to redirect-to-https (or https-only) on the default and every ordered cache behavior; " +
    "use an ACM certificate (us-east-1) with viewerCertificate.minimumProtocolVersion TLSv1.2_2021 or newer; " +
    'give every custom origin originProtocolPolicy https-only and originSslProtocols ["TLSv1.2"].',
  config: {
    allowedMinimumProtocolVersions: {
      type: "array",
      items: { type: "string" },
      default: ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"],
      description:
        "CloudFront security policies (viewerCertificate.minimumProtocolVersion) a distribution may use.",
    },
    allowDefaultCertificate: {
      type: "boolean",
      default: false,
      description:
        "Accept the *.cloudfront.net default certificate, which forces minimumProtocolVersion TLSv1 (for non-production stacks without a domain).",
    },
  },
  appliesTo: tokensOf("distribution"),
  validate({ props }, { config, violation, check }) {
    const insecureBehaviors: string[] = [];
    const behavior = (value: unknown, path: string) =>
      check(() => {
        const policy = str(obj(value, path)?.viewerProtocolPolicy, `${path}.viewerProtocolPolicy`);
        if (policy === undefined || !HTTPS_VIEWER_POLICIES.has(policy)) insecureBehaviors.push(path);
      });
    behavior(props.defaultCacheBehavior, "defaultCacheBehavior");
    check(() =>
      arr(props.orderedCacheBehaviors, "orderedCacheBehaviors").forEach((value, i) =>
        behavior(value, `orderedCacheBehaviors[${i}]`),
      ),
    );
    if (insecureBehaviors.length > 0) {
      violation(
        `Set viewerProtocolPolicy to redirect-to-https or https-only on ${listed(insecureBehaviors)}; ${itOrThey(insecureBehaviors, "it allows", "they allow")} plain HTTP (allow-all, or unset).`,
      );
    }

    check(() => {
      const certificate: Props = obj(props.viewerCertificate, "viewerCertificate") ?? {};
      if (
        bool(certificate.cloudfrontDefaultCertificate, "viewerCertificate.cloudfrontDefaultCertificate") ===
        true
      ) {
        if (!config.allowDefaultCertificate) {
          violation(
            "Use a custom ACM certificate (viewerCertificate.acmCertificateArn) instead of the CloudFront default certificate, which only allows minimumProtocolVersion TLSv1.",
          );
        }
        return; // the default certificate cannot carry a stricter security policy
      }
      const version = str(certificate.minimumProtocolVersion, "viewerCertificate.minimumProtocolVersion");
      if (version === undefined || !config.allowedMinimumProtocolVersions.includes(version)) {
        violation(
          `Set viewerCertificate.minimumProtocolVersion to one of ${config.allowedMinimumProtocolVersions.join(", ")}; it is ${version ?? "unset, which the provider treats as TLSv1"}.`,
        );
      }
    });

    const plainOrigins: string[] = [];
    const weakOrigins: string[] = [];
    const weakProtocols = new Set<string>();
    check(() =>
      arr(props.origins, "origins").forEach((value, i) =>
        check(() => {
          const path = `origins[${i}].customOriginConfig`;
          const custom = obj(obj(value, `origins[${i}]`)?.customOriginConfig, path);
          if (!custom) return; // S3 and VPC origins follow the viewer's protocol or their own resource
          const protocolPolicy = str(custom.originProtocolPolicy, `${path}.originProtocolPolicy`);
          if (protocolPolicy !== "https-only") plainOrigins.push(`origins[${i}]`);
          const weak = strings(custom.originSslProtocols, `${path}.originSslProtocols`).filter((p) =>
            WEAK_ORIGIN_PROTOCOLS.has(p),
          );
          if (weak.length > 0) {
            weakOrigins.push(`origins[${i}]`);
            weak.forEach((protocol) => weakProtocols.add(protocol));
          }
        }),
      ),
    );
    if (plainOrigins.length > 0) {
      violation(
        `Set customOriginConfig.originProtocolPolicy to https-only on ${listed(plainOrigins)}; ${itOrThey(plainOrigins, "it lets", "they let")} CloudFront reach the origin over plain HTTP (http-only, match-viewer, or unset).`,
      );
    }
    if (weakOrigins.length > 0) {
      violation(
        `Remove ${[...weakProtocols].sort().join(", ")} from customOriginConfig.originSslProtocols of ${listed(weakOrigins)}; allow only TLSv1.2.`,
      );
    }
  },
});
