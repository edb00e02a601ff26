import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DJANGO_PORT, NEXTJS_PORT } from "./network";
import { MEDIA_PREFIX } from "./media";
import { privateBucket } from "./private-bucket";

/** TLS 1.3 and 1.2 with forward-secret ciphers only. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const CLOUDFRONT_MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";
/** Path both applications answer without touching the session (ALB, container and Route53 health checks). */
export const HEALTH_CHECK_PATH = "/healthz";
/** CloudFront managed policies (ids are fixed by AWS). */
export const MANAGED_CACHE_POLICY = {
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
};
export const MANAGED_ORIGIN_REQUEST_POLICY = { allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3" };
export const AWS_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];

export interface SecurityHeaders {
  strictTransportSecurity: { maxAgeSeconds: number; includeSubdomains: boolean; preload: boolean };
  frameOptions: "DENY";
  contentTypeOptions: "nosniff";
  referrerPolicy: "strict-origin-when-cross-origin";
  contentSecurityPolicy: string;
  permissionsPolicy: string;
}

/**
 * The security headers every response carries. The CSP is a baseline: Next.js may send its own
 * nonce-based policy (a fixed edge header cannot carry per-request nonces), which then wins.
 */
export function securityHeaders(input: { appDomain: string; apiDomain: string }): SecurityHeaders {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: https://${input.appDomain}`,
    "font-src 'self'",
    `connect-src 'self' https://${input.apiDomain} https://*.sentry.io`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
  return {
    strictTransportSecurity: { maxAgeSeconds: 63072000, includeSubdomains: true, preload: true },
    frameOptions: "DENY",
    contentTypeOptions: "nosniff",
    referrerPolicy: "strict-origin-when-cross-origin",
    contentSecurityPolicy: csp,
    permissionsPolicy: "camera=(), microphone=(), geolocation=(), payment=()",
  };
}

export type RateLimitKey = "IP" | "FORWARDED_IP";

/** CloudWatch metrics and sampled requests for a web ACL or one of its rules. */
export function wafVisibility(metricName: string): aws.types.input.wafv2.WebAclVisibilityConfig {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** WAF rules: a blocking per-client rate limit, then the AWS managed rule groups for common, known-bad and SQLi inputs. */
export function wafRules(input: {
  rateLimit: number;
  aggregateKeyType: RateLimitKey;
  metricPrefix: string;
}): aws.types.input.wafv2.WebAclRule[] {
  if (!(Number.isInteger(input.rateLimit) && input.rateLimit >= 100)) {
    throw new Error(
      `wafRateLimit must be a whole number of at least 100 requests per 5 minutes; got ${input.rateLimit}.`,
    );
  }
  const visibility = (metric: string) => wafVisibility(`${input.metricPrefix}-${metric}`);
  return [
    {
      name: "rate-limit-per-client",
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: input.rateLimit,
          evaluationWindowSec: 300,
          aggregateKeyType: input.aggregateKeyType,
          // Behind CloudFront the ALB sees CloudFront's address; the client is the first X-Forwarded-For entry.
          forwardedIpConfig:
            input.aggregateKeyType === "FORWARDED_IP"
              ? { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" }
              : undefined,
        },
      },
      visibilityConfig: visibility("rate-limit"),
    },
    ...AWS_MANAGED_RULE_GROUPS.map((group, index) => ({
      name: group,
      priority: 10 * (index + 1),
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
      visibilityConfig: visibility(group),
    })),
  ];
}

/** Account of the ELB log delivery in regions older than August 2022; newer regions use the service principal. */
const ELB_LOG_ACCOUNTS: Record<string, string> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
};

/** The principal that writes ALB access logs in a region. */
export function albLogDeliveryPrincipal(region: string): { AWS: string } | { Service: string } {
  const account = ELB_LOG_ACCOUNTS[region];
  return account
    ? { AWS: `arn:aws:iam::${account}:root` }
    : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
}

export type WebService = "django" | "nextjs";

/** How the target groups check a task: the health path over plain HTTP, healthy after 30 s, out after 45 s. */
export const TARGET_GROUP_HEALTH_CHECK = {
  enabled: true,
  protocol: "HTTP",
  port: "traffic-port",
  path: HEALTH_CHECK_PATH,
  matcher: "200",
  interval: 15,
  timeout: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
};

/** The names one certificate covers. */
export interface CertificateDomains {
  domainName: string;
  subjectAlternativeNames: string[];
}

/**
 * What each certificate covers. CloudFront forwards the viewer's Host header, so the ALB is asked
 * for the public names as well as the origin name; CloudFront's certificate (in us-east-1) covers
 * the public names only.
 */
export function certificateDomains(input: { originDomain: string; appDomain: string; apiDomain: string }): {
  alb: CertificateDomains;
  cloudFront: CertificateDomains;
} {
  return {
    alb: { domainName: input.originDomain, subjectAlternativeNames: [input.appDomain, input.apiDomain] },
    cloudFront: { domainName: input.appDomain, subjectAlternativeNames: [input.apiDomain] },
  };
}

/** Every name of a certificate, the primary first. */
export function coveredNames(certificate: CertificateDomains): string[] {
  return [certificate.domainName, ...certificate.subjectAlternativeNames];
}

/**
 * The DNS record ACM asks for to validate one name. Before the certificate exists (at preview) ACM
 * has not said yet: the record is a placeholder with the right shape, never an error.
 */
export function validationRecord(
  options:
    | {
        domainName?: string;
        resourceRecordName?: string;
        resourceRecordType?: string;
        resourceRecordValue?: string;
      }[]
    | undefined,
  domain: string,
): { name: string; type: string; value: string } {
  const match = (options ?? []).find((candidate) => candidate.domainName === domain) ?? {};
  return {
    name: match.resourceRecordName ?? `_validation.${domain}`,
    type: match.resourceRecordType ?? "CNAME",
    value: match.resourceRecordValue ?? "",
  };
}

/** A rule of the HTTPS listener: requests for one host go to one service's target group. */
export interface HostRule {
  service: WebService;
  priority: number;
  conditions: aws.types.input.lb.ListenerRuleCondition[];
  actions: aws.types.input.lb.ListenerRuleAction[];
}

/**
 * The ALB's listener rule set: port 80 only redirects to HTTPS; on 443 the API host goes to Django,
 * the app host to Next.js, and any other host (a scanner hitting the ALB directly) gets a 404.
 */
export function albListenerRules(input: {
  appDomain: string;
  apiDomain: string;
  /** The target group of each service (its ARN; passed through as given). */
  targetGroupArns: Record<WebService, pulumi.Input<string>>;
}): {
  httpDefaultActions: aws.types.input.lb.ListenerDefaultAction[];
  httpsDefaultActions: aws.types.input.lb.ListenerDefaultAction[];
  hostRules: HostRule[];
} {
  if (input.appDomain === input.apiDomain)
    throw new Error(
      `Edge appDomain and apiDomain must differ: one host routes to one service; both are ${input.appDomain}.`,
    );
  const hostRule = (service: WebService, host: string, priority: number): HostRule => ({
    service,
    priority,
    conditions: [{ hostHeader: { values: [host] } }],
    actions: [{ type: "forward", targetGroupArn: input.targetGroupArns[service] }],
  });
  return {
    httpDefaultActions: [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ],
    httpsDefaultActions: [
      {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
      },
    ],
    hostRules: [hostRule("django", input.apiDomain, 10), hostRule("nextjs", input.appDomain, 20)],
  };
}

/** The CloudFront response headers policy's settings for securityHeaders: every header enforced except the CSP. */
export function responseHeadersPolicyConfig(headers: SecurityHeaders): {
  securityHeadersConfig: aws.types.input.cloudfront.ResponseHeadersPolicySecurityHeadersConfig;
  customHeadersConfig: aws.types.input.cloudfront.ResponseHeadersPolicyCustomHeadersConfig;
} {
  return {
    securityHeadersConfig: {
      strictTransportSecurity: {
        accessControlMaxAgeSec: headers.strictTransportSecurity.maxAgeSeconds,
        includeSubdomains: headers.strictTransportSecurity.includeSubdomains,
        preload: headers.strictTransportSecurity.preload,
        override: true,
      },
      frameOptions: { frameOption: headers.frameOptions, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: headers.referrerPolicy, override: true },
      // Not overriding: a nonce-based CSP from Next.js is stricter than any fixed header.
      contentSecurityPolicy: { contentSecurityPolicy: headers.contentSecurityPolicy, override: false },
    },
    customHeadersConfig: {
      items: [{ header: "Permissions-Policy", value: headers.permissionsPolicy, override: true }],
    },
  };
}

/** The cache policy of the Next.js build assets: long TTLs, nothing but the Host in the key. */
export function staticAssetsCachePolicy(namePrefix: string): aws.cloudfront.CachePolicyArgs {
  return {
    name: `${namePrefix}-static`,
    comment: "Immutable Next.js build assets, keyed by host",
    minTtl: 1,
    defaultTtl: 86400,
    maxTtl: 31536000,
    // The same path on the API host is a different object.
    parametersInCacheKeyAndForwardedToOrigin: {
      cookiesConfig: { cookieBehavior: "none" },
      headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host"] } },
      queryStringsConfig: { queryStringBehavior: "none" },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  };
}

/** The distribution's origin ids. */
export const CDN_ORIGIN = { alb: "alb", media: "media" } as const;

/** The distribution's origins: the ALB over HTTPS only (TLS 1.2), the media bucket through Origin Access Control. */
export function distributionOrigins(input: {
  /** Hostname the ALB's certificate covers. */
  originDomain: string;
  media: { bucketRegionalDomainName: pulumi.Input<string>; originAccessControlId: pulumi.Input<string> };
}): aws.types.input.cloudfront.DistributionOrigin[] {
  return [
    {
      originId: CDN_ORIGIN.alb,
      domainName: input.originDomain,
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
        originReadTimeout: 60,
        originKeepaliveTimeout: 5,
      },
    },
    {
      originId: CDN_ORIGIN.media,
      domainName: input.media.bucketRegionalDomainName,
      originAccessControlId: input.media.originAccessControlId,
    },
  ];
}

/**
 * The distribution's cache behaviours: dynamic pages and the API never cached, every viewer header
 * (Host included) forwarded to the ALB; `/_next/static/*` cached by host; `/media/*` from S3.
 * Every behaviour redirects to HTTPS and carries the security headers.
 */
export function cacheBehaviours(input: {
  /** Id of the staticAssetsCachePolicy (passed through as given). */
  staticCachePolicyId: pulumi.Input<string>;
  /** Id of the security headers policy (passed through as given). */
  responseHeadersPolicyId: pulumi.Input<string>;
}): {
  defaultCacheBehavior: aws.types.input.cloudfront.DistributionDefaultCacheBehavior;
  orderedCacheBehaviors: aws.types.input.cloudfront.DistributionOrderedCacheBehavior[];
} {
  const responseHeadersPolicyId = input.responseHeadersPolicyId;
  const readOnly = (pathPattern: string, targetOriginId: string, cachePolicyId: pulumi.Input<string>) => ({
    pathPattern,
    targetOriginId,
    viewerProtocolPolicy: "redirect-to-https",
    allowedMethods: ["GET", "HEAD"],
    cachedMethods: ["GET", "HEAD"],
    compress: true,
    cachePolicyId,
    responseHeadersPolicyId,
  });
  return {
    defaultCacheBehavior: {
      targetOriginId: CDN_ORIGIN.alb,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewer,
      responseHeadersPolicyId,
    },
    orderedCacheBehaviors: [
      readOnly("/_next/static/*", CDN_ORIGIN.alb, input.staticCachePolicyId),
      readOnly(`/${MEDIA_PREFIX}*`, CDN_ORIGIN.media, MANAGED_CACHE_POLICY.cachingOptimized),
    ],
  };
}

export interface EdgeArgs {
  /** Public hostname of the Next.js app. Required. */
  appDomain: string;
  /** Public hostname of the Django API. Required. */
  apiDomain: string;
  /** Hostname CloudFront uses for the ALB origin (its certificate covers it). Required. */
  originDomain: string;
  /** Route53 public hosted zone of the three hostnames. Required. */
  hostedZoneId: string;
  /** AWS region of the stack (for the ALB log delivery principal). Required. */
  region: string;
  /** VPC of the target groups. Required. */
  vpcId: pulumi.Input<string>;
  /** Public subnets for the ALB, in at least two zones. Required. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Security group that admits HTTPS from CloudFront only. Required. */
  albSecurityGroupId: pulumi.Input<string>;
  /** The media bucket CloudFront serves /media/ from. Required. */
  media: { bucketRegionalDomainName: pulumi.Input<string>; originAccessControlId: pulumi.Input<string> };
  /** Requests per client per 5 minutes before WAF blocks it. Default: 2000. */
  wafRateLimit?: number;
  /** Refuse deleting the ALB. Default: true. */
  deletionProtection?: boolean;
  /** Days the ALB access logs are kept. Default: 90. */
  accessLogRetentionDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** CloudFront and WAF in front of an HTTPS-only ALB, with certificates, security headers and DNS. */
export class Edge extends pulumi.ComponentResource {
  public readonly alb: aws.lb.LoadBalancer;
  public readonly httpsListener: aws.lb.Listener;
  public readonly targetGroups: { django: aws.lb.TargetGroup; nextjs: aws.lb.TargetGroup };
  public readonly distribution: aws.cloudfront.Distribution;
  public readonly responseHeadersPolicy: aws.cloudfront.ResponseHeadersPolicy;
  public readonly regionalWebAcl: aws.wafv2.WebAcl;
  public readonly cloudFrontWebAcl: aws.wafv2.WebAcl;
  public readonly appUrl: string;
  public readonly apiUrl: string;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:edge:Edge", name, {}, opts);

    if (args.publicSubnetIds.length < 2)
      throw new Error("Edge publicSubnetIds must name subnets in at least two zones; an ALB needs two.");
    const wafRateLimit = args.wafRateLimit ?? 2000;
    const stack = pulumi.getStack();
    const prefix = `prodready-${stack}`;
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);
    this.appUrl = `https://${args.appDomain}`;
    this.apiUrl = `https://${args.apiDomain}`;

    const domains = certificateDomains(args);
    const certificate = (label: string, covered: CertificateDomains, region?: string) =>
      new aws.acm.Certificate(
        `${name}-${label}-certificate`,
        {
          region,
          domainName: covered.domainName,
          subjectAlternativeNames: covered.subjectAlternativeNames,
          validationMethod: "DNS",
          keyAlgorithm: "RSA_2048",
          tags: tags(`${name}-${label}-certificate`),
        },
        parent,
      );
    const albCertificate = certificate("alb", domains.alb);
    const cloudFrontCertificate = certificate("cloudfront", domains.cloudFront, "us-east-1");
    // ACM's validation record of a name is the same for every certificate of the account: one record
    // per name, read from the ALB certificate (which covers every name), validates both.
    const validationFqdns = new Map(
      coveredNames(domains.alb).map((domain, index) => {
        const record = albCertificate.domainValidationOptions.apply((options) =>
          validationRecord(options, domain),
        );
        const created = new aws.route53.Record(
          `${name}-certificate-validation-${index}`,
          {
            zoneId: args.hostedZoneId,
            name: record.name,
            type: record.type,
            records: [record.value],
            ttl: 300,
            allowOverwrite: true,
          },
          parent,
        );
        return [domain, created.fqdn] as const;
      }),
    );
    const validationFqdn = (domain: string) => {
      const fqdn = validationFqdns.get(domain);
      if (!fqdn)
        throw new Error(
          `Edge validates ${domain} through the ALB certificate's records; add it to that certificate.`,
        );
      return fqdn;
    };
    const validation = (
      label: string,
      covered: CertificateDomains,
      arn: pulumi.Output<string>,
      region?: string,
    ) =>
      new aws.acm.CertificateValidation(
        `${name}-${label}-certificate-validation`,
        {
          region,
          certificateArn: arn,
          validationRecordFqdns: coveredNames(covered).map(validationFqdn),
        },
        parent,
      );
    const albCertificateValidation = validation("alb", domains.alb, albCertificate.arn);
    const cloudFrontCertificateValidation = validation(
      "cloudfront",
      domains.cloudFront,
      cloudFrontCertificate.arn,
      "us-east-1",
    );

    // SSE-S3: ALB log delivery cannot write with a KMS key.
    const accessLogs = privateBucket(
      `${name}-alb-logs`,
      {
        bucketName: pulumi.interpolate`${prefix}-alb-logs-${caller.accountId}`,
        lifecycleRules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: args.accessLogRetentionDays ?? 90 },
            noncurrentVersionExpiration: { noncurrentDays: 7 },
          },
        ],
        grants: [
          {
            sid: "AllowAlbLogDelivery",
            principal: albLogDeliveryPrincipal(args.region),
            action: "s3:PutObject",
            keyPrefix: pulumi.interpolate`alb/AWSLogs/${caller.accountId}/`,
          },
        ],
        tags: args.tags,
      },
      parent,
    );

    this.alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: prefix,
        loadBalancerType: "application",
        internal: false,
        securityGroups: [args.albSecurityGroupId],
        subnets: args.publicSubnetIds,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableDeletionProtection: args.deletionProtection ?? true,
        idleTimeout: 60,
        accessLogs: { bucket: accessLogs.bucket.id, prefix: "alb", enabled: true },
        tags: tags(prefix),
      },
      { parent: this, dependsOn: [accessLogs.policy] },
    );

    const targetGroup = (service: WebService, port: number) =>
      new aws.lb.TargetGroup(
        `${name}-${service}-tg`,
        {
          name: `${prefix}-${service}`,
          vpcId: args.vpcId,
          targetType: "ip",
          protocol: "HTTP",
          port,
          deregistrationDelay: 30,
          healthCheck: TARGET_GROUP_HEALTH_CHECK,
          tags: tags(`${prefix}-${service}`),
        },
        parent,
      );
    this.targetGroups = {
      django: targetGroup("django", DJANGO_PORT),
      nextjs: targetGroup("nextjs", NEXTJS_PORT),
    };

    const routing = albListenerRules({
      appDomain: args.appDomain,
      apiDomain: args.apiDomain,
      targetGroupArns: { django: this.targetGroups.django.arn, nextjs: this.targetGroups.nextjs.arn },
    });
    new aws.lb.Listener(
      `${name}-http-listener`,
      {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: routing.httpDefaultActions,
        tags: tags(`${name}-http`),
      },
      parent,
    );
    this.httpsListener = new aws.lb.Listener(
      `${name}-https-listener`,
      {
        loadBalancerArn: this.alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: ALB_SSL_POLICY,
        certificateArn: albCertificateValidation.certificateArn,
        defaultActions: routing.httpsDefaultActions,
        tags: tags(`${name}-https`),
      },
      parent,
    );
    for (const rule of routing.hostRules) {
      new aws.lb.ListenerRule(
        `${name}-${rule.service}-rule`,
        {
          listenerArn: this.httpsListener.arn,
          priority: rule.priority,
          conditions: rule.conditions,
          actions: rule.actions,
          tags: tags(`${name}-${rule.service}`),
        },
        parent,
      );
    }

    const webAcl = (
      label: "alb" | "cloudfront",
      scope: "REGIONAL" | "CLOUDFRONT",
      aggregateKeyType: RateLimitKey,
      description: string,
    ) =>
      new aws.wafv2.WebAcl(
        `${name}-${scope === "REGIONAL" ? "regional" : "cloudfront"}-waf`,
        {
          // A CLOUDFRONT-scope web ACL exists only in us-east-1.
          region: scope === "CLOUDFRONT" ? "us-east-1" : undefined,
          name: `${prefix}-${label}`,
          description,
          scope,
          defaultAction: { allow: {} },
          rules: wafRules({ rateLimit: wafRateLimit, aggregateKeyType, metricPrefix: `${prefix}-${label}` }),
          visibilityConfig: wafVisibility(`${prefix}-${label}`),
          tags: tags(`${prefix}-${label}`),
        },
        parent,
      );
    // The ALB only sees CloudFront's addresses: it limits on the client address CloudFront forwards.
    this.regionalWebAcl = webAcl(
      "alb",
      "REGIONAL",
      "FORWARDED_IP",
      "ALB: rate limit on the client address CloudFront forwards, AWS managed rules",
    );
    new aws.wafv2.WebAclAssociation(
      `${name}-regional-waf-association`,
      {
        resourceArn: this.alb.arn,
        webAclArn: this.regionalWebAcl.arn,
      },
      parent,
    );
    this.cloudFrontWebAcl = webAcl(
      "cloudfront",
      "CLOUDFRONT",
      "IP",
      "CloudFront: rate limit per client IP, AWS managed rules",
    );

    const headers = securityHeaders({ appDomain: args.appDomain, apiDomain: args.apiDomain });
    this.responseHeadersPolicy = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        name: `${prefix}-security-headers`,
        comment: "HSTS, frame denial, nosniff, referrer policy and a baseline CSP on every response",
        ...responseHeadersPolicyConfig(headers),
      },
      parent,
    );

    const staticCachePolicy = new aws.cloudfront.CachePolicy(
      `${name}-static-cache`,
      staticAssetsCachePolicy(prefix),
      parent,
    );

    this.distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `prodready ${stack}: Next.js, Django API and media`,
        aliases: [args.appDomain, args.apiDomain],
        httpVersion: "http2and3",
        priceClass: "PriceClass_100",
        webAclId: this.cloudFrontWebAcl.arn,
        origins: distributionOrigins({ originDomain: args.originDomain, media: args.media }),
        ...cacheBehaviours({
          staticCachePolicyId: staticCachePolicy.id,
          responseHeadersPolicyId: this.responseHeadersPolicy.id,
        }),
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
          acmCertificateArn: cloudFrontCertificateValidation.certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: CLOUDFRONT_MINIMUM_PROTOCOL_VERSION,
        },
        tags: tags(`${prefix}-cdn`),
      },
      parent,
    );

    for (const [label, domain] of [
      ["app", args.appDomain],
      ["api", args.apiDomain],
    ] as const) {
      new aws.route53.Record(
        `${name}-${label}-record`,
        {
          zoneId: args.hostedZoneId,
          name: domain,
          type: "A",
          aliases: [
            {
              name: this.distribution.domainName,
              zoneId: this.distribution.hostedZoneId,
              evaluateTargetHealth: false,
            },
          ],
        },
        parent,
      );
    }
    new aws.route53.Record(
      `${name}-origin-record`,
      {
        zoneId: args.hostedZoneId,
        name: args.originDomain,
        type: "A",
        aliases: [{ name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true }],
      },
      parent,
    );

    this.registerOutputs({
      appUrl: this.appUrl,
      apiUrl: this.apiUrl,
      albArn: this.alb.arn,
      distributionId: this.distribution.id,
    });
  }
}
