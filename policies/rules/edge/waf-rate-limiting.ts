import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { isBehindCloudFront, isInternetFacingAlb } from "../../lib/aws/load-balancer";
import {
  Protection,
  RateRule,
  rateRules,
  webAclRules,
  webAclsAssociatedWith,
  webAclsOfDistribution,
} from "../../lib/aws/waf";

interface Config {
  maximumRateLimit: number;
  requireForwardedIpBehindCloudFront: boolean;
}

export const wafRateLimiting = stackPolicy<Config>({
  name: "waf-rate-limiting",
  description:
    "Checks that every internet-facing application load balancer and every CloudFront distribution is protected by a WAFv2 web ACL with a blocking rate-based rule within the configured limit.",
  severity: "high",
  checklist: ["backend.auth.rate-limiting", "api.endpoints.rate-limiting"],
  remediationSteps:
    "Create an aws.wafv2.WebAcl with a rule whose statement is a rateBasedStatement (limit at most the configured maximum per 5 minutes) and whose action is block. " +
    "Attach it to each internet-facing ALB with an aws.wafv2.WebAclAssociation (REGIONAL scope) and to each distribution through webAclId (CLOUDFRONT scope, us-east-1). " +
    "On an ALB that receives its traffic through CloudFront, aggregate on FORWARDED_IP (X-Forwarded-For).",
  config: {
    maximumRateLimit: {
      type: "integer",
      minimum: 10,
      default: 2000,
      description:
        "Largest acceptable rate-based rule limit, in requests per client per 5 minutes (limits over other windows are normalised).",
    },
    requireForwardedIpBehindCloudFront: {
      type: "boolean",
      default: true,
      description:
        "Require the rate-based rule of an ALB that is a CloudFront origin to aggregate on the forwarded client IP instead of the connecting IP.",
    },
  },
  judges: ["loadBalancer", "distribution", "webAcl"],
  validateStack(stack, { config, violation, check }) {
    const findings = new Map<string, Set<string>>(); // ACL urn → messages, so a shared ACL is reported once per problem
    const report = (urn: string, message: string) =>
      findings.set(urn, (findings.get(urn) ?? new Set()).add(message));

    // Each ACL is read once; "unknown" marks one whose unknown input was already reported.
    const rateCache = new Map<string, RateRule[] | "malformed" | "unknown">();
    const ratesOf = (acl: StackResource) => {
      const cached = rateCache.get(acl.urn);
      if (cached) return cached;
      rateCache.set(acl.urn, "unknown");
      const rules = webAclRules(stack, acl);
      const rates = rules.ok ? rateRules(rules.rules) : "malformed";
      rateCache.set(acl.urn, rates);
      return rates;
    };

    const judge = (entry: StackResource, protection: Protection, noun: string, behindCloudFront: boolean) => {
      if (protection.kind === "none") {
        violation(
          noun === "load balancer"
            ? "Associate a WAFv2 web ACL with a blocking rate-based rule with this internet-facing load balancer (aws.wafv2.WebAclAssociation)."
            : "Set webAclId to a CLOUDFRONT-scope WAFv2 web ACL with a blocking rate-based rule.",
          entry.urn,
        );
        return;
      }
      if (protection.kind === "external") {
        violation(
          `Manage the web ACL protecting this ${noun} in this stack so its rate-based rule can be verified, or exempt this ${noun}.`,
          entry.urn,
        );
        return;
      }
      for (const acl of protection.acls) {
        check(() => {
          const rates = ratesOf(acl);
          if (rates === "unknown") return; // already reported as unverified for another entry point
          if (rates === "malformed") {
            report(
              acl.urn,
              "Fix ruleJson on this web ACL: it is not a JSON array of rules, so its rate-based rule cannot be verified.",
            );
            return;
          }
          const blocking = rates.filter((rule) => rule.blocks);
          const withinLimit = blocking.filter(
            (rule) =>
              rule.limitPerFiveMinutes !== undefined && rule.limitPerFiveMinutes <= config.maximumRateLimit,
          );
          if (rates.length === 0) {
            report(
              acl.urn,
              `Add a rate-based rule (rateBasedStatement, action block, limit at most ${config.maximumRateLimit} requests per 5 minutes) to this web ACL.`,
            );
          } else if (blocking.length === 0) {
            report(
              acl.urn,
              "Set the action of this web ACL's rate-based rule to block; a rule that counts or allows limits nothing.",
            );
          } else if (withinLimit.length === 0) {
            const lowest = Math.min(...blocking.map((rule) => rule.limitPerFiveMinutes ?? Infinity));
            report(
              acl.urn,
              `Lower the limit of this web ACL's rate-based rule to at most ${config.maximumRateLimit} requests per 5 minutes; it is ${Number.isFinite(lowest) ? `${Math.round(lowest)} per 5 minutes` : "unset"}.`,
            );
          } else if (
            behindCloudFront &&
            config.requireForwardedIpBehindCloudFront &&
            !withinLimit.some((rule) => rule.forwardedIp)
          ) {
            report(
              acl.urn,
              "Aggregate this web ACL's rate-based rule on FORWARDED_IP (forwardedIpConfig header X-Forwarded-For): it protects a load balancer behind CloudFront, where IP aggregation counts CloudFront's addresses instead of clients.",
            );
          }
        }, acl.urn);
      }
    };

    for (const lb of stack.ofType("loadBalancer")) {
      check(() => {
        if (!isInternetFacingAlb(lb)) return;
        judge(lb, webAclsAssociatedWith(stack, lb), "load balancer", isBehindCloudFront(stack, lb));
      }, lb.urn);
    }
    for (const distribution of stack.ofType("distribution")) {
      check(
        () => judge(distribution, webAclsOfDistribution(stack, distribution), "distribution", false),
        distribution.urn,
      );
    }
    for (const [urn, messages] of findings) for (const message of messages) violation(message, urn);
  },
});
