import { resourcePolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { tokensOf } from "../../lib/types";
import { arr, obj, str } from "../../lib/values";

interface Config {
  allowedSslPolicies: string[];
}

/** Listener action types, the only action values a message may quote. */
const ACTION_TYPES = new Set([
  "forward",
  "fixed-response",
  "redirect",
  "authenticate-cognito",
  "authenticate-oidc",
]);

export const albHttpsOnly = resourcePolicy<Config>({
  name: "alb-https-only",
  description:
    "Checks that load balancer listeners serve only HTTPS: an HTTP listener only redirects to HTTPS, and an HTTPS or TLS listener uses a TLS 1.2+/1.3 security policy from the allowed list.",
  severity: "high",
  checklist: [
    "backend.security.ssl-redirect",
    "frontend.security.https-api-calls",
    "backend.security.admin-https-only",
  ],
  remediationSteps:
    'Give every HTTP listener a single default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }. ' +
    "Set sslPolicy on every HTTPS/TLS listener to an allowed policy such as ELBSecurityPolicy-TLS13-1-2-Res-2021-06; never leave it unset (the provider then uses ELBSecurityPolicy-2016-08).",
  config: {
    allowedSslPolicies: {
      type: "array",
      items: { type: "string" },
      default: [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
      ],
      description: "ELB security policies an HTTPS or TLS listener may use.",
    },
  },
  appliesTo: tokensOf("listener"),
  validate({ props }, { config, violation, check }) {
    // The provider's default protocol for an ALB listener is HTTP.
    const protocol = (str(props.protocol, "protocol") ?? "HTTP").toUpperCase();
    if (protocol === "HTTP") {
      const actions = arr(props.defaultActions, "defaultActions");
      if (actions.length === 0)
        violation(
          "Give this HTTP listener a default action that redirects to HTTPS (type redirect, redirect.protocol HTTPS).",
        );
      // Faults per action, reported once per listener: "defaultActions[0] (forward) and defaultActions[2] (unset)".
      const notRedirects: Array<{ path: string; is: string }> = [];
      const plainRedirects: Array<{ path: string; is: string }> = [];
      actions.forEach((value, i) =>
        check(() => {
          const path = `defaultActions[${i}]`;
          const action = obj(value, path) ?? {};
          const type = str(action.type, `${path}.type`);
          if (type !== "redirect")
            return void notRedirects.push({
              path,
              is: type && ACTION_TYPES.has(type) ? type : type ? "another type" : "unset",
            });
          const redirectProtocol = str(
            obj(action.redirect, `${path}.redirect`)?.protocol,
            `${path}.redirect.protocol`,
          );
          if (redirectProtocol?.toUpperCase() !== "HTTPS")
            plainRedirects.push({
              path: `${path}.redirect.protocol`,
              is:
                redirectProtocol === undefined
                  ? "unset, which keeps the request's protocol"
                  : redirectProtocol.toUpperCase() === "HTTP"
                    ? "HTTP"
                    : "not HTTPS",
            });
        }),
      );
      const described = (faults: Array<{ path: string; is: string }>) =>
        faults.length === 1
          ? { where: faults[0].path, is: `it is ${faults[0].is}` }
          : { where: listed(faults.map((f) => `${f.path} (${f.is})`)), is: "they are not" };
      if (notRedirects.length > 0) {
        const { where, is } = described(notRedirects);
        violation(
          `Make ${where} of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); ${is}${notRedirects.length === 1 ? "" : " redirects"}.`,
        );
      }
      if (plainRedirects.length > 0) {
        const { where, is } = described(plainRedirects);
        violation(`Set ${where} to HTTPS; ${is}${plainRedirects.length === 1 ? "" : " HTTPS"}.`);
      }
    } else if (protocol === "HTTPS" || protocol === "TLS") {
      const sslPolicy = str(props.sslPolicy, "sslPolicy");
      const example = config.allowedSslPolicies[0] ?? "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";
      if (sslPolicy === undefined || sslPolicy === "") {
        violation(
          `Set sslPolicy on this ${protocol} listener to an allowed policy such as ${example}; it is unset, which the provider treats as ELBSecurityPolicy-2016-08.`,
        );
      } else if (!config.allowedSslPolicies.includes(sslPolicy)) {
        violation(
          `Set sslPolicy on this ${protocol} listener to an allowed policy such as ${example}; it is ${sslPolicy}.`,
        );
      }
    }
  },
});
