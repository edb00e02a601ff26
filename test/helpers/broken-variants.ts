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

/**
 * Declares a resource the way a program edit adding it would: a custom resource of the stack (at its
 * root), with the dependencies the engine records for its inputs (mock URNs of other registrations).
 */
const declare = (
  r: Registration[],
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  propertyDependencies: Record<string, string[]> = {},
) => {
  const root = one(r, "pulumi:pulumi:Stack");
  const sibling = one(r, "aws:rds/instance:Instance");
  r.push({
    ...sibling,
    type,
    name,
    mockUrn: root.mockUrn.replace(/pulumi:pulumi:Stack::[^:]*$/, `${type}::${name}`),
    parent: root.mockUrn,
    inputs,
    outputs: { ...inputs },
    id: `${name}-id`,
    dependencies: [...new Set(Object.values(propertyDependencies).flat())],
    propertyDependencies,
    provider: "",
    source: undefined,
  });
};
/** An EC2 instance as a team adds one (a worker), compliant but for `changes`. */
const instance = (changes: Record<string, unknown>) => (r: Registration[]) =>
  declare(r, "aws:ec2/instance:Instance", "worker", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.medium",
    associatePublicIpAddress: false,
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    rootBlockDevice: { encrypted: true, volumeSize: 30 },
    ...changes,
  });
/** An EKS cluster as a platform team adds one, compliant but for `changes`. */
const cluster = (changes: Record<string, unknown>) => (r: Registration[]) =>
  declare(r, "aws:eks/cluster:Cluster", "platform", {
    roleArn: "arn:aws:iam::123456789012:role/eks-cluster",
    vpcConfig: {
      subnetIds: ["subnet-0a", "subnet-0b"],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    encryptionConfig: {
      resources: ["secrets"],
      provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" },
    },
    ...changes,
  });
/** A DynamoDB table as a team adds one (sessions), compliant but for `changes`. */
const table = (changes: Record<string, unknown>) => (r: Registration[]) =>
  declare(r, "aws:dynamodb/table:Table", "sessions", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
    ...changes,
  });
const djangoService = (r: Registration[]) => one(r, "aws:ecs/service:Service", "django");

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
  // PostgreSQL 12 left RDS standard support on 2025-02-28 (judged on the tests' fixed date).
  [
    null,
    "rds-engine-supported",
    (r) => void (one(r, "aws:rds/instance:Instance").inputs.engineVersion = "12.22"),
  ],
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
  [null, "ec2-imdsv2-required", instance({ metadataOptions: { httpTokens: "optional" } })],
  [null, "ec2-ebs-encrypted", instance({ rootBlockDevice: { encrypted: false, volumeSize: 30 } })],
  [null, "ec2-no-public-ip", instance({ associatePublicIpAddress: true })],
  [
    null,
    "eks-endpoint-private",
    cluster({ vpcConfig: { subnetIds: ["subnet-0a"], endpointPublicAccess: true } }),
  ],
  [
    "devops.monitoring.log-aggregation",
    "eks-control-plane-logging",
    cluster({ enabledClusterLogTypes: ["api"] }),
  ],
  [null, "eks-secrets-encryption", cluster({ encryptionConfig: undefined })],
  [
    "devops.backups.database-backups",
    "dynamodb-point-in-time-recovery",
    table({ pointInTimeRecovery: { enabled: false } }),
  ],
  [
    "devops.backups.database-backups",
    "dynamodb-deletion-protection",
    table({ deletionProtectionEnabled: false }),
  ],
  [
    "backend.security.admin-https-only",
    "ecs-service-no-public-ip",
    (r) => void ((djangoService(r).inputs.networkConfiguration as any).assignPublicIp = true),
  ],
  [
    "backend.security.admin-https-only",
    "ecs-service-own-security-group",
    (r) => {
      // The service's tasks moved into the load balancer's group: the dependency the engine records moves with them.
      const service = djangoService(r);
      const own = one(r, "aws:ec2/securityGroup:SecurityGroup", "django-sg").mockUrn;
      const alb = one(r, "aws:ec2/securityGroup:SecurityGroup", "alb-sg").mockUrn;
      service.propertyDependencies.networkConfiguration =
        service.propertyDependencies.networkConfiguration.map((urn) => (urn === own ? alb : urn));
    },
  ],
  [
    null,
    "iam-least-privilege",
    (r) =>
      void (one(r, "aws:iam/rolePolicy:RolePolicy", "django-task-policy").inputs.policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      })),
  ],
  [
    null,
    "iam-workload-admin-policies",
    (r) =>
      void (one(
        r,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "execution-managed",
      ).inputs.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
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

/** Removes an input and the dependencies the engine recorded for it, as deleting it from the program would. */
const drop = (registration: Registration, property: string) => {
  delete registration.inputs[property];
  delete registration.propertyDependencies[property];
};
const remove = (r: Registration[], registration: Registration) => void r.splice(r.indexOf(registration), 1);

/**
 * Broken variants of fixture programs of other shapes (test/fixtures/programs/<program>), for the
 * policies whose resources the production program does not have (issue 14).
 */
export const programVariants: Array<{ program: string; stack: string; variants: typeof variants }> = [
  {
    program: "estate-serverless",
    stack: "prod",
    variants: [
      [
        null,
        "lambda-function-url-auth",
        (r) => void (one(r, "aws:lambda/functionUrl:FunctionUrl").inputs.authorizationType = "NONE"),
      ],
      [
        null,
        "lambda-permission-scoped",
        (r) => {
          const permission = one(r, "aws:lambda/permission:Permission", "invoices-http");
          permission.inputs.principal = "*";
          drop(permission, "sourceArn");
        },
      ],
      [
        "backend.logging.production-logging",
        "lambda-log-retention",
        (r) => remove(r, one(r, "aws:cloudwatch/logGroup:LogGroup", "invoices-fn")),
      ],
      [
        null,
        "lambda-runtime-supported",
        (r) => void (one(r, "aws:lambda/function:Function").inputs.runtime = "nodejs18.x"),
      ],
      [
        "devops.monitoring.log-aggregation",
        "apigateway-access-logging",
        (r) => drop(one(r, "aws:apigatewayv2/stage:Stage"), "accessLogSettings"),
      ],
      [
        "api.endpoints.rate-limiting",
        "apigateway-throttling",
        (r) => remove(r, one(r, "aws:apigateway/methodSettings:MethodSettings")),
      ],
      [
        "api.endpoints.input-validation",
        "apigateway-waf",
        (r) => remove(r, one(r, "aws:wafv2/webAclAssociation:WebAclAssociation")),
      ],
    ],
  },
];
