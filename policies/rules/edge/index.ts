import { albHttpsOnly } from "./alb-https-only";
import { cloudfrontHttpsOnly } from "./cloudfront-https-only";
import { cloudfrontSecurityHeaders } from "./cloudfront-security-headers";
import { wafManagedRules } from "./waf-managed-rules";
import { wafRateLimiting } from "./waf-rate-limiting";

export const edgePolicies = [
  albHttpsOnly,
  cloudfrontHttpsOnly,
  cloudfrontSecurityHeaders,
  wafRateLimiting,
  wafManagedRules,
];
