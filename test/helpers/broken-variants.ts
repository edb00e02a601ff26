/**
 * Broken variants of the production program, each breaking one checklist item the way an edit to
 * the program would (the registrations' inputs, and the dependencies the engine records with them).
 * Used by test/gate/broken-variants.test.ts and by the coverage benchmark against other packs.
 */
import type { Registration } from "../../gate/capture";
import { editContainers, one } from "./program";

export type Mutation = (r: Registration[]) => void;

const env = (container: any, name: string, value: string) => {
  container.environment = (container.environment ?? [])
    .filter((e: any) => e.name !== name)
    .concat([{ name, value }]);
};
/** Empties a list input; the dependencies the engine recorded for it go with it, as they would in the program. */
const clear = (registration: Registration, property: string) => {
  registration.inputs[property] = [];
  delete registration.propertyDependencies[property];
};
const container = (containers: any[], name: string) => containers.find((c) => c.name === name);
const param = (r: Registration[], name: string, value: string) => {
  const group = one(r, "aws:rds/parameterGroup:ParameterGroup");
  group.inputs.parameters = (group.inputs.parameters as any[])
    .filter((p) => p.name !== name)
    .concat([{ name, value, applyMethod: "immediate" }]);
};

/** [checklist item the variant breaks (null: the policy enforces no checklist item), policy, mutation] */
export const variants: Array<[item: string | null, policy: string, mutate: Mutation]> = [
  [
    "backend.database.postgresql",
    "rds-postgres-engine",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.engine = "mysql"),
  ],
  [
    "backend.database.backups-enabled",
    "rds-backup-retention",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.backupRetentionPeriod = 1),
  ],
  [
    "devops.backups.database-backups",
    "backup-plan-coverage",
    (r) => clear(one(r, "aws:backup/selection:Selection"), "resources"),
  ],
  [
    "devops.backups.restore-tests",
    "backup-restore-testing",
    (r) => void r.splice(r.indexOf(one(r, "aws:backup/restoreTestingSelection:RestoreTestingSelection")), 1),
  ],
  [
    "backend.database.connection-pooling",
    "db-connection-pooling",
    (r) => void (one(r, "aws:rds/proxy:Proxy").inputs.requireTls = false),
  ],
  [
    "backend.logging.no-sensitive-data-logged",
    "rds-no-sensitive-logging",
    (r) => param(r, "log_statement", "all"),
  ],
  [
    "backend.logging.query-monitoring",
    "rds-query-monitoring",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.performanceInsightsEnabled = false),
  ],
  [
    "backend.security.no-sensitive-data-in-code-or-logs",
    "rds-managed-credentials",
    (r) => {
      const db = one(r, "aws:rds/instance:Instance");
      db.inputs.manageMasterUserPassword = false;
      db.inputs.password = "a-plaintext-master-password";
    },
  ],
  [
    "backend.database.least-privilege-user",
    "pg-role-least-privilege",
    (r) => void (one(r, "postgresql:index/role:Role", "app").inputs.superuser = true),
  ],
  [
    "backend.database.least-privilege-user",
    "pg-grant-least-privilege",
    (r) =>
      void (one(r, "postgresql:index/grant:Grant", "app-table").inputs.privileges = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "TRUNCATE",
      ]),
  ],
  [
    "backend.security.ssl-redirect",
    "alb-https-only",
    (r) =>
      void (one(r, "aws:lb/listener:Listener", "http-listener").inputs.defaultActions = [
        { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg/django" },
      ]),
  ],
  [
    "frontend.security.x-frame-options-deny",
    "cloudfront-security-headers",
    (r) => {
      const headers = one(r, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").inputs as any;
      headers.securityHeadersConfig.frameOptions.frameOption = "SAMEORIGIN";
    },
  ],
  [
    "backend.auth.rate-limiting",
    "waf-rate-limiting",
    (r) => {
      for (const acl of r.filter((x) => x.type === "aws:wafv2/webAcl:WebAcl"))
        acl.inputs.rules = (acl.inputs.rules as any[]).filter((rule) => !rule.statement?.rateBasedStatement);
    },
  ],
  [
    "api.endpoints.input-validation",
    "waf-managed-rules",
    (r) => {
      const acl = one(r, "aws:wafv2/webAcl:WebAcl", "regional");
      acl.inputs.rules = (acl.inputs.rules as any[]).filter(
        (rule) => rule.statement?.managedRuleGroupStatement?.name !== "AWSManagedRulesSQLiRuleSet",
      );
    },
  ],
  [
    "backend.security.debug-off",
    "django-production-settings",
    (r) =>
      editContainers(one(r, "aws:ecs/taskDefinition:TaskDefinition", "django"), (c) =>
        env(container(c, "django"), "DEBUG", "True"),
      ),
  ],
  [
    "backend.security.allowed-hosts-restricted",
    "django-production-settings",
    (r) =>
      editContainers(one(r, "aws:ecs/taskDefinition:TaskDefinition", "django"), (c) =>
        env(container(c, "django"), "ALLOWED_HOSTS", "*"),
      ),
  ],
  [
    "backend.security.secret-key-from-secret",
    "ecs-no-plaintext-secrets",
    (r) =>
      editContainers(one(r, "aws:ecs/taskDefinition:TaskDefinition", "django"), (c) => {
        const django = container(c, "django");
        django.secrets = django.secrets.filter((s: any) => s.name !== "SECRET_KEY");
        env(django, "SECRET_KEY", "django-insecure-0123456789abcdef");
      }),
  ],
  [
    "frontend.environment.app-url",
    "nextjs-production-settings",
    (r) =>
      editContainers(one(r, "aws:ecs/taskDefinition:TaskDefinition", "nextjs"), (c) =>
        env(container(c, "nextjs"), "NEXT_PUBLIC_APP_URL", "http://localhost:3000"),
      ),
  ],
  [
    "backend.logging.error-tracking",
    "ecs-error-tracking",
    (r) =>
      editContainers(one(r, "aws:ecs/taskDefinition:TaskDefinition", "django"), (c) => {
        const django = container(c, "django");
        django.secrets = django.secrets.filter((s: any) => s.name !== "SENTRY_DSN");
      }),
  ],
  [
    "backend.logging.production-logging",
    "ecs-logging",
    (r) =>
      editContainers(
        one(r, "aws:ecs/taskDefinition:TaskDefinition", "nextjs"),
        (c) => void delete container(c, "nextjs").logConfiguration,
      ),
  ],
  [
    "backend.logging.production-logging",
    "log-group-retention",
    (r) => void delete one(r, "aws:cloudwatch/logGroup:LogGroup", "django").inputs.retentionInDays,
  ],
  [
    "devops.backend-hosting.health-checks",
    "ecs-health-checks",
    (r) => {
      editContainers(
        one(r, "aws:ecs/taskDefinition:TaskDefinition", "nextjs"),
        (c) => void delete container(c, "nextjs").healthCheck,
      );
      (one(r, "aws:lb/targetGroup:TargetGroup", "nextjs").inputs as any).healthCheck.enabled = false;
    },
  ],
  [
    "devops.backend-hosting.start-command",
    "ecs-service-resilience",
    (r) =>
      void (one(r, "aws:ecs/service:Service", "nextjs").inputs.deploymentCircuitBreaker = {
        enable: false,
        rollback: false,
      }),
  ],
  [
    "devops.monitoring.critical-alerts",
    "monitoring-alarms",
    (r) => clear(one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "database-cpu"), "alarmActions"),
  ],
  [
    "devops.monitoring.uptime-monitoring",
    "uptime-monitoring",
    (r) => {
      for (const alarm of r.filter(
        (x) => x.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && x.name.endsWith("-uptime"),
      ))
        r.splice(r.indexOf(alarm), 1);
    },
  ],
  [
    "backend.files.media-uploads-secured",
    "s3-private-storage",
    (r) =>
      void (one(
        r,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "media",
      ).inputs.blockPublicPolicy = false),
  ],
  [
    "backend.files.media-uploads-secured",
    "s3-tls-only",
    (r) => void r.splice(r.indexOf(one(r, "aws:s3/bucketPolicy:BucketPolicy", "media")), 1),
  ],
  [
    "backend.security.admin-https-only",
    "sg-no-public-ingress",
    (r) => {
      const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", "django-sg");
      sg.inputs.ingress = [
        ...(sg.inputs.ingress as any[]),
        { protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["0.0.0.0/0"] },
      ];
    },
  ],
  [
    "frontend.environment.nextauth-secret",
    "secrets-manager-hygiene",
    (r) =>
      void (one(r, "aws:secretsmanager/secret:Secret", "nextauthSecret").inputs.recoveryWindowInDays = 0),
  ],
  [
    "devops.backups.database-backups",
    "rds-deletion-safety",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.skipFinalSnapshot = true),
  ],
  [
    null,
    "rds-storage-encrypted",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.storageEncrypted = false),
  ],
  [null, "rds-multi-az", (r) => void (one(r, "aws:rds/instance:Instance").inputs.multiAz = false)],
  [
    null,
    "rds-not-public",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.publiclyAccessible = true),
  ],
  [null, "rds-force-tls", (r) => param(r, "rds.force_ssl", "0")],
  [
    "backend.database.least-privilege-user",
    "pg-provider-tls",
    (r) => void (one(r, "pulumi:providers:postgresql").inputs.sslmode = "disable"),
  ],
  [
    "backend.security.ssl-redirect",
    "cloudfront-https-only",
    (r) => {
      const distribution = one(r, "aws:cloudfront/distribution:Distribution").inputs as any;
      distribution.defaultCacheBehavior.viewerProtocolPolicy = "allow-all";
    },
  ],
  [
    null,
    "ecs-container-hardening",
    (r) =>
      editContainers(
        one(r, "aws:ecs/taskDefinition:TaskDefinition", "nextjs"),
        (c) => void (container(c, "nextjs").readonlyRootFilesystem = false),
      ),
  ],
  [
    "frontend.security.no-hardcoded-secrets",
    "no-plaintext-secrets",
    (r) => {
      const bucket = one(r, "aws:s3/bucket:Bucket", "media");
      bucket.inputs.tags = { ...(bucket.inputs.tags as object), "ci-access-key": "AKIA4QWERTYUIOPASDFG" };
    },
  ],
  [
    "frontend.environment.nextauth-secret",
    "no-weak-secrets",
    // A placeholder written where the generated secret was.
    (r) => {
      const version = one(r, "aws:secretsmanager/secretVersion:SecretVersion", "nextauthSecret");
      version.inputs.secretString = "changeme";
      delete version.propertyDependencies.secretString;
    },
  ],
];
