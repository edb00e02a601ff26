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
  const visibility = (metric: string) => ({
    cloudwatchMetricsEnabled: true,
    metricName: `${input.metricPrefix}-${metric}`,
    sampledRequestsEnabled: true,
  });
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

    // Certificates: one in the stack's region for the ALB, one in us-east-1 as CloudFront requires.
    // CloudFront forwards the viewer's Host header, so the ALB certificate covers the public names too.
    const albCertificate = new aws.acm.Certificate(
      `${name}-alb-certificate`,
      {
        domainName: args.originDomain,
        subjectAlternativeNames: [args.appDomain, args.apiDomain],
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        tags: tags(`${name}-alb-certificate`),
      },
      parent,
    );
    const cloudFrontCertificate = new aws.acm.Certificate(
      `${name}-cloudfront-certificate`,
      {
        region: "us-east-1",
        domainName: args.appDomain,
        subjectAlternativeNames: [args.apiDomain],
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        tags: tags(`${name}-cloudfront-certificate`),
      },
      parent,
    );
    // ACM's validation record of a name is the same for every certificate of the account: one record per name serves both.
    const validationRecords = [args.originDomain, args.appDomain, args.apiDomain].map((domain, index) => {
      const option = albCertificate.domainValidationOptions.apply(
        (options): Partial<aws.types.output.acm.CertificateDomainValidationOption> =>
          (options ?? []).find((candidate) => candidate.domainName === domain) ?? {},
      );
      return new aws.route53.Record(
        `${name}-certificate-validation-${index}`,
        {
          zoneId: args.hostedZoneId,
          name: option.apply((match) => match.resourceRecordName ?? `_validation.${domain}`),
          type: option.apply((match) => match.resourceRecordType ?? "CNAME"),
          records: [option.apply((match) => match.resourceRecordValue ?? "")],
          ttl: 300,
          allowOverwrite: true,
        },
        parent,
      );
    });
    const validationFqdns = validationRecords.map((record) => record.fqdn);
    const albCertificateValidation = new aws.acm.CertificateValidation(
      `${name}-alb-certificate-validation`,
      {
        certificateArn: albCertificate.arn,
        validationRecordFqdns: validationFqdns,
      },
      parent,
    );
    const cloudFrontCertificateValidation = new aws.acm.CertificateValidation(
      `${name}-cloudfront-certificate-validation`,
      {
        region: "us-east-1",
        certificateArn: cloudFrontCertificate.arn,
        validationRecordFqdns: validationFqdns.slice(1),
      },
      parent,
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

    const targetGroup = (service: "django" | "nextjs", port: number) =>
      new aws.lb.TargetGroup(
        `${name}-${service}-tg`,
        {
          name: `${prefix}-${service}`,
          vpcId: args.vpcId,
          targetType: "ip",
          protocol: "HTTP",
          port,
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            protocol: "HTTP",
            port: "traffic-port",
            path: HEALTH_CHECK_PATH,
            matcher: "200",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
          tags: tags(`${prefix}-${service}`),
        },
        parent,
      );
    this.targetGroups = {
      django: targetGroup("django", DJANGO_PORT),
      nextjs: targetGroup("nextjs", NEXTJS_PORT),
    };

    new aws.lb.Listener(
      `${name}-http-listener`,
      {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
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
        // A request for any other host (a scanner hitting the ALB directly) gets a 404, not an application.
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
          },
        ],
        tags: tags(`${name}-https`),
      },
      parent,
    );
    const hostRule = (service: "django" | "nextjs", host: string, priority: number) =>
      new aws.lb.ListenerRule(
        `${name}-${service}-rule`,
        {
          listenerArn: this.httpsListener.arn,
          priority,
          conditions: [{ hostHeader: { values: [host] } }],
          actions: [{ type: "forward", targetGroupArn: this.targetGroups[service].arn }],
          tags: tags(`${name}-${service}`),
        },
        parent,
      );
    hostRule("django", args.apiDomain, 10);
    hostRule("nextjs", args.appDomain, 20);

    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.regionalWebAcl = new aws.wafv2.WebAcl(
      `${name}-regional-waf`,
      {
        name: `${prefix}-alb`,
        description: "ALB: rate limit on the client address CloudFront forwards, AWS managed rules",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: wafRules({
          rateLimit: wafRateLimit,
          aggregateKeyType: "FORWARDED_IP",
          metricPrefix: `${prefix}-alb`,
        }),
        visibilityConfig: visibility(`${prefix}-alb`),
        tags: tags(`${prefix}-alb`),
      },
      parent,
    );
    new aws.wafv2.WebAclAssociation(
      `${name}-regional-waf-association`,
      {
        resourceArn: this.alb.arn,
        webAclArn: this.regionalWebAcl.arn,
      },
      parent,
    );
    this.cloudFrontWebAcl = new aws.wafv2.WebAcl(
      `${name}-cloudfront-waf`,
      {
        region: "us-east-1",
        name: `${prefix}-cloudfront`,
        description: "CloudFront: rate limit per client IP, AWS managed rules",
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        rules: wafRules({
          rateLimit: wafRateLimit,
          aggregateKeyType: "IP",
          metricPrefix: `${prefix}-cloudfront`,
        }),
        visibilityConfig: visibility(`${prefix}-cloudfront`),
        tags: tags(`${prefix}-cloudfront`),
      },
      parent,
    );

    const headers = securityHeaders({ appDomain: args.appDomain, apiDomain: args.apiDomain });
    this.responseHeadersPolicy = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        name: `${prefix}-security-headers`,
        comment: "HSTS, frame denial, nosniff, referrer policy and a baseline CSP on every response",
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
      },
      parent,
    );

    // Static assets are cached with the Host in the key: the same path on the API host is a different object.
    const staticCachePolicy = new aws.cloudfront.CachePolicy(
      `${name}-static-cache`,
      {
        name: `${prefix}-static`,
        comment: "Immutable Next.js build assets, keyed by host",
        minTtl: 1,
        defaultTtl: 86400,
        maxTtl: 31536000,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: "none" },
          headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host"] } },
          queryStringsConfig: { queryStringBehavior: "none" },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      parent,
    );

    const albOrigin = "alb";
    const mediaOrigin = "media";
    const allMethods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
    const responseHeadersPolicyId = this.responseHeadersPolicy.id;
    this.distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `prodready ${stack}: Next.js, Django API and media`,
        aliases: [args.appDomain, args.apiDomain],
        httpVersion: "http2and3",
        priceClass: "PriceClass_100",
        webAclId: this.cloudFrontWebAcl.arn,
        origins: [
          {
            originId: albOrigin,
            domainName: args.originDomain,
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
            originId: mediaOrigin,
            domainName: args.media.bucketRegionalDomainName,
            originAccessControlId: args.media.originAccessControlId,
          },
        ],
        // Dynamic pages and the API: never cached, every viewer header (Host included) goes to the ALB.
        defaultCacheBehavior: {
          targetOriginId: albOrigin,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: allMethods,
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
          originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewer,
          responseHeadersPolicyId,
        },
        orderedCacheBehaviors: [
          {
            pathPattern: "/_next/static/*",
            targetOriginId: albOrigin,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            compress: true,
            cachePolicyId: staticCachePolicy.id,
            responseHeadersPolicyId,
          },
          {
            pathPattern: `/${MEDIA_PREFIX}*`,
            targetOriginId: mediaOrigin,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            compress: true,
            cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
            responseHeadersPolicyId,
          },
        ],
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
