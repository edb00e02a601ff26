import { stackPolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { StackResource } from "../../lib/stack";
import { arr, isUnknown, num, obj, Props, str, UnknownInput } from "../../lib/values";

interface Config {
  minimumHstsMaxAgeSeconds: number;
}

/**
 * AWS managed response headers policies, by id. None passes: the security-headers ones send
 * X-Frame-Options SAMEORIGIN and no Content-Security-Policy, the CORS ones no security headers.
 */
const MANAGED_POLICIES: Record<string, { name: string; securityHeaders: boolean }> = {
  "67f7725c-6f97-4210-82d7-5512b31e9d03": { name: "SecurityHeadersPolicy", securityHeaders: true },
  "e61eb60c-9c35-4d20-a928-2b84e02af89c": { name: "CORS-and-SecurityHeadersPolicy", securityHeaders: true },
  "eaab4381-ed33-4a86-88ca-d9558dc6cd63": {
    name: "CORS-with-preflight-and-SecurityHeadersPolicy",
    securityHeaders: true,
  },
  "60669652-455b-4ae9-85a4-c4c02393f86c": { name: "SimpleCORS", securityHeaders: false },
  "5cc3b908-e619-4b99-88e5-2cf7f45965bd": { name: "CORS-With-Preflight", securityHeaders: false },
};

const SECURITY = "securityHeadersConfig";

/** One header requirement: returns the fix to ask for, or undefined when met. Throws UnknownInput. */
type HeaderCheck = (headers: Props, config: Config) => string | undefined;

const HEADER_CHECKS: HeaderCheck[] = [
  (headers, config) => {
    const hsts = obj(headers.strictTransportSecurity, `${SECURITY}.strictTransportSecurity`);
    const maxAge = num(
      hsts?.accessControlMaxAgeSec,
      `${SECURITY}.strictTransportSecurity.accessControlMaxAgeSec`,
    );
    if (maxAge !== undefined && maxAge >= config.minimumHstsMaxAgeSeconds) return undefined;
    return `Set ${SECURITY}.strictTransportSecurity.accessControlMaxAgeSec to at least ${config.minimumHstsMaxAgeSeconds} on this response headers policy; it is ${maxAge ?? "unset"}.`;
  },
  (headers) => {
    const frameOption = str(
      obj(headers.frameOptions, `${SECURITY}.frameOptions`)?.frameOption,
      `${SECURITY}.frameOptions.frameOption`,
    );
    if (frameOption?.toUpperCase() === "DENY") return undefined;
    return `Set ${SECURITY}.frameOptions.frameOption to DENY on this response headers policy; it is ${frameOption ?? "unset"}.`;
  },
  (headers) => {
    const csp = obj(headers.contentSecurityPolicy, `${SECURITY}.contentSecurityPolicy`);
    const policy = str(csp?.contentSecurityPolicy, `${SECURITY}.contentSecurityPolicy.contentSecurityPolicy`);
    if (policy !== undefined && policy.trim() !== "") return undefined;
    return `Set ${SECURITY}.contentSecurityPolicy.contentSecurityPolicy to a non-empty Content-Security-Policy on this response headers policy.`;
  },
  (headers) => {
    if (obj(headers.contentTypeOptions, `${SECURITY}.contentTypeOptions`) !== undefined) return undefined;
    return `Set ${SECURITY}.contentTypeOptions on this response headers policy so responses carry X-Content-Type-Options: nosniff.`;
  },
];

export const cloudfrontSecurityHeaders = stackPolicy<Config>({
  name: "cloudfront-security-headers",
  description:
    "Checks that every cache behavior of every CloudFront distribution uses a response headers policy that sends HSTS, X-Frame-Options DENY, a Content-Security-Policy and X-Content-Type-Options.",
  severity: "medium",
  checklist: ["frontend.security.csp", "frontend.security.x-frame-options-deny"],
  remediationSteps:
    "Create an aws.cloudfront.ResponseHeadersPolicy with securityHeadersConfig: strictTransportSecurity (accessControlMaxAgeSec >= 31536000), " +
    'frameOptions { frameOption: "DENY" }, contentSecurityPolicy (a non-empty policy; set override false if the app sends its own nonce-based CSP), contentTypeOptions; ' +
    "set responseHeadersPolicyId on the default and every ordered cache behavior. AWS managed policies do not qualify (SAMEORIGIN, no CSP).",
  config: {
    minimumHstsMaxAgeSeconds: {
      type: "integer",
      minimum: 0,
      default: 31536000,
      description: "Smallest acceptable Strict-Transport-Security max-age, in seconds.",
    },
  },
  judges: ["distribution", "responseHeadersPolicy"],
  validateStack(stack, { config, violation, check }) {
    const policies = stack.ofType("responseHeadersPolicy");
    const used = new Map<string, StackResource>();

    for (const distribution of stack.ofType("distribution")) {
      // Behaviours at fault, by the fix they need: one finding per fix and distribution.
      const faults = new Map<string, { paths: string[]; message: (where: string) => string }>();
      const fault = (key: string, path: string, message: (where: string) => string) => {
        const entry = faults.get(key);
        if (entry) entry.paths.push(path);
        else faults.set(key, { paths: [path], message });
      };
      const behavior = (value: unknown, path: string, dependencyKey: string) =>
        check(() => {
          const raw = (obj(value, path) ?? {}).responseHeadersPolicyId;
          const idPath = `${path}.responseHeadersPolicyId`;
          if (isUnknown(raw)) {
            // Not known at preview: every policy the engine recorded for this property is in use, so each must comply.
            const recorded = policies.filter((p) =>
              distribution.propertyDependencies[dependencyKey]?.includes(p.urn),
            );
            if (recorded.length === 0) throw new UnknownInput(idPath);
            recorded.forEach((p) => used.set(p.urn, p));
            return;
          }
          const id = str(raw, idPath);
          if (id === undefined || id === "") {
            fault(
              "unset",
              path,
              (where) =>
                `Set responseHeadersPolicyId on ${where} to a response headers policy that sends HSTS, X-Frame-Options DENY, a Content-Security-Policy and X-Content-Type-Options.`,
            );
            return;
          }
          const managed = MANAGED_POLICIES[id];
          if (managed) {
            const why = managed.securityHeaders
              ? "it sends X-Frame-Options SAMEORIGIN instead of DENY and no Content-Security-Policy"
              : "it sends no security headers";
            fault(
              `managed:${managed.name}`,
              path,
              (where) =>
                `Replace the AWS managed response headers policy ${managed.name} on ${where} with a custom one: ${why}.`,
            );
            return;
          }
          const matches = policies.filter((p) => p.props.id === id || p.props.arn === id);
          if (matches.length === 0) {
            fault(
              "outside",
              path,
              (where) =>
                `Use a response headers policy managed in this stack for ${where} so its security headers can be verified, or exempt this distribution.`,
            );
            return;
          }
          matches.forEach((p) => used.set(p.urn, p));
        }, distribution.urn);

      behavior(distribution.props.defaultCacheBehavior, "defaultCacheBehavior", "defaultCacheBehavior");
      check(
        () =>
          arr(distribution.props.orderedCacheBehaviors, "orderedCacheBehaviors").forEach((value, i) =>
            behavior(value, `orderedCacheBehaviors[${i}]`, "orderedCacheBehaviors"),
          ),
        distribution.urn,
      );
      for (const { paths, message } of faults.values()) violation(message(listed(paths)), distribution.urn);
    }

    for (const policy of used.values()) {
      check(() => {
        const headers = obj(policy.props[SECURITY], SECURITY) ?? {};
        for (const headerCheck of HEADER_CHECKS) {
          check(() => {
            const fix = headerCheck(headers, config);
            if (fix) violation(fix, policy.urn);
          }, policy.urn);
        }
      }, policy.urn);
    }
  },
});
