// The assertions every stack's program run must satisfy, parameterised by what differs per environment.
import {
  ALLOWED_DATA_SOURCES,
  AVAILABILITY_ZONES,
  CLOUDFRONT_PREFIX_LIST_ID,
  containerDefinitions,
  Resources,
  runProgram,
  type ProgramRun,
} from "./harness";

export interface StackExpectations {
  stack: string;
  appDomain: string;
  apiDomain: string;
  zones: number;
  natGateways: number;
  multiAz: boolean;
  /** RDS deletion protection (from config). */
  deletionProtection: boolean;
  /** ALB deletion protection (production only). */
  albDeletionProtection: boolean;
  backupRetentionDays: number;
  pooling: "rds-proxy" | "pgbouncer";
  djangoDesiredCount: number;
  nextjsDesiredCount: number;
  logRetentionDays: number;
  secretRecoveryWindowDays: number;
  alarmEmail?: string;
}

const T = {
  component: (tier: string, name: string) => `prodready:${tier}:${name}`,
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  nat: "aws:ec2/natGateway:NatGateway",
  flowLog: "aws:ec2/flowLog:FlowLog",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  rds: "aws:rds/instance:Instance",
  parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  proxy: "aws:rds/proxy:Proxy",
  proxyTargetGroup: "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
  proxyTarget: "aws:rds/proxyTarget:ProxyTarget",
  pgProvider: "pulumi:providers:postgresql",
  pgRole: "postgresql:index/role:Role",
  pgGrant: "postgresql:index/grant:Grant",
  pgDefaultPrivileges: "postgresql:index/defaultPrivileges:DefaultPrivileges",
  pgSchema: "postgresql:index/schema:Schema",
  pgExtension: "postgresql:index/extension:Extension",
  vault: "aws:backup/vault:Vault",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  restorePlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  restoreSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  sar: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
  cluster: "aws:ecs/cluster:Cluster",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  certificate: "aws:acm/certificate:Certificate",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  distribution: "aws:cloudfront/distribution:Distribution",
  headersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
  record: "aws:route53/record:Record",
  bucket: "aws:s3/bucket:Bucket",
  topic: "aws:sns/topic:Topic",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
};

/** aws resource types whose Args have no `tags` input (checked against the @pulumi/aws 7.48 .d.ts files). */
const UNTAGGABLE = new Set([
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:route53/record:Record",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:kms/alias:Alias",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:secretsmanager/secretRotation:SecretRotation",
  "aws:acm/certificateValidation:CertificateValidation",
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  "aws:cloudfront/cachePolicy:CachePolicy",
  "aws:cloudfront/originAccessControl:OriginAccessControl",
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
  "aws:rds/proxyTarget:ProxyTarget",
  "aws:backup/selection:Selection",
  "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  "aws:appautoscaling/policy:Policy",
  "aws:sns/topicSubscription:TopicSubscription",
]);

const envOf = (container: any) =>
  Object.fromEntries(
    container.environment.map((entry: { name: string; value: string }) => [entry.name, entry.value]),
  );

const secretsOf = (container: any) =>
  Object.fromEntries(
    container.secrets.map((entry: { name: string; valueFrom: string }) => [entry.name, entry.valueFrom]),
  );

export function describeProgram(expected: StackExpectations): void {
  const { stack } = expected;
  let run: ProgramRun;
  let resources: Resources;

  beforeAll(async () => {
    run = await runProgram(stack);
    resources = new Resources(run.resources);
  });

  test("runs without error and uses only the data sources the gate can answer", () => {
    expect(run.error).toBeUndefined();
    expect(new Set(run.dataSources)).toEqual(new Set(ALLOWED_DATA_SOURCES));
  });

  test("builds every tier as a component, each resource under its component", () => {
    const components = resources.all
      .filter((resource) => resource.type.startsWith("prodready:"))
      .map((resource) => resource.type)
      .sort();
    expect(components).toEqual([
      T.component("backups", "Backups"),
      T.component("database", "Database"),
      T.component("databaseAccess", "DatabaseAccess"),
      T.component("edge", "Edge"),
      T.component("media", "MediaStorage"),
      T.component("monitoring", "Monitoring"),
      T.component("network", "Network"),
      T.component("pooling", "Pooling"),
      T.component("secrets", "Secrets"),
      T.component("services", "Services"),
    ]);
    // No resource is declared in the composition root: everything at the top is a component.
    const topLevel = resources.all
      .filter((resource) => resource.parent === "")
      .map((resource) => resource.type);
    expect(topLevel.length).toBe(components.length);
    expect(topLevel.every((type) => type.startsWith("prodready:"))).toBe(true);
  });

  test("tags every taggable AWS resource with app and environment", () => {
    const untagged = resources.all
      .filter(
        (resource) => resource.custom && resource.type.startsWith("aws:") && !UNTAGGABLE.has(resource.type),
      )
      .filter(
        (resource) =>
          resource.inputs.tags?.app !== "prodready" || resource.inputs.tags?.environment !== stack,
      )
      .map((resource) => `${resource.type} ${resource.name}`);
    expect(untagged).toEqual([]);
  });

  describe("network", () => {
    test(`spreads public, private and isolated subnets over ${expected.zones} zones`, () => {
      const subnets = resources.ofType(T.subnet);
      expect(subnets).toHaveLength(expected.zones * 3);
      for (const tier of ["public", "private", "isolated"]) {
        const tierSubnets = subnets.filter((subnet) => subnet.inputs.tags.tier === tier);
        expect(tierSubnets.map((subnet) => subnet.inputs.availabilityZone).sort()).toEqual(
          AVAILABILITY_ZONES.slice(0, expected.zones),
        );
        expect(tierSubnets.every((subnet) => subnet.inputs.mapPublicIpOnLaunch === false)).toBe(true);
      }
    });

    test(`has ${expected.natGateways} NAT gateway(s); private routes go through NAT, isolated routes nowhere`, () => {
      expect(resources.ofType(T.nat)).toHaveLength(expected.natGateways);
      const tables = resources.ofType(T.routeTable);
      const privateTables = tables.filter((table) => table.name.includes("-private-rt-"));
      expect(privateTables).toHaveLength(expected.zones);
      for (const table of privateTables) {
        expect(table.inputs.routes).toHaveLength(1);
        expect(resources.dependencyTypes(table, "routes")).toContain(T.nat);
      }
      expect(resources.one(T.routeTable, "-isolated-rt").inputs.routes ?? []).toEqual([]);
    });

    test("sends all VPC flow logs to a log group with retention", () => {
      const flowLog = resources.one(T.flowLog);
      expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
      expect(resources.dependencyTypes(flowLog, "logDestination")).toEqual([T.logGroup]);
      expect(resources.dependencyTypes(flowLog, "vpcId")).toEqual([T.vpc]);
      expect(resources.one(T.logGroup, "flow-logs").inputs.retentionInDays).toBe(expected.logRetentionDays);
    });

    test("no security group admits 0.0.0.0/0; the ALB admits 443 from CloudFront's prefix list only", () => {
      for (const group of resources.ofType(T.securityGroup)) {
        for (const rule of group.inputs.ingress ?? []) {
          expect(rule.cidrBlocks ?? []).not.toContain("0.0.0.0/0");
          expect(rule.ipv6CidrBlocks ?? []).not.toContain("::/0");
        }
      }
      const alb = resources.one(T.securityGroup, "-alb-sg");
      expect(alb.inputs.ingress).toEqual([
        {
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          prefixListIds: [CLOUDFRONT_PREFIX_LIST_ID],
          description: "HTTPS from CloudFront",
        },
      ]);
    });

    test("the database admits 5432 only from referenced security groups, never a CIDR", () => {
      const database = resources.one(T.securityGroup, "-database-sg");
      expect(database.inputs.ingress).toHaveLength(1);
      const [rule] = database.inputs.ingress;
      expect(rule).toMatchObject({ protocol: "tcp", fromPort: 5432, toPort: 5432 });
      expect(rule.cidrBlocks ?? []).toEqual([]);
      expect(rule.securityGroups).toHaveLength(3);
      expect(new Set(resources.dependencyTypes(database, "ingress"))).toEqual(new Set([T.securityGroup]));
      const clients = resources
        .ofType(T.securityGroup)
        .filter((group) => rule.securityGroups.includes(`${group.name}-id`))
        .map((group) => group.name);
      expect(clients.sort()).toEqual(
        [
          expected.pooling === "rds-proxy" ? "network-proxy-sg" : "network-django-sg",
          "network-rotation-sg",
          "network-deployer-sg",
        ].sort(),
      );
    });
  });

  describe("database", () => {
    test("RDS PostgreSQL: isolated, encrypted, private, managed password, IAM auth, observable", () => {
      const db = resources.one(T.rds);
      expect(db.inputs).toMatchObject({
        identifier: `prodready-${stack}`,
        engine: "postgres",
        storageEncrypted: true,
        publiclyAccessible: false,
        manageMasterUserPassword: true,
        iamDatabaseAuthenticationEnabled: true,
        performanceInsightsEnabled: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `prodready-${stack}-final`,
        enabledCloudwatchLogsExports: expect.arrayContaining(["postgresql"]),
        multiAz: expected.multiAz,
        deletionProtection: expected.deletionProtection,
        backupRetentionPeriod: expected.backupRetentionDays,
      });
      expect(db.inputs.password).toBeUndefined();
      expect(resources.dependencyTypes(db, "kmsKeyId")).toEqual(["aws:kms/key:Key"]);
      expect(resources.dependencyTypes(db, "parameterGroupName")).toEqual([T.parameterGroup]);
      expect(resources.dependencyTypes(db, "dbSubnetGroupName")).toEqual(["aws:rds/subnetGroup:SubnetGroup"]);
      const subnetGroup = resources.one("aws:rds/subnetGroup:SubnetGroup");
      const isolated = resources
        .ofType(T.subnet)
        .filter((subnet) => subnet.inputs.tags.tier === "isolated")
        .map((subnet) => `${subnet.name}-id`);
      expect([...subnetGroup.inputs.subnetIds].sort()).toEqual(isolated.sort());
    });

    test("parameter group: TLS forced, pg_stat_statements preloaded, statement parameters never logged", () => {
      const parameters = Object.fromEntries(
        resources
          .one(T.parameterGroup)
          .inputs.parameters.map((parameter: { name: string; value: string }) => [
            parameter.name,
            parameter.value,
          ]),
      );
      expect(parameters["rds.force_ssl"]).toBe("1");
      expect(parameters["shared_preload_libraries"]).toContain("pg_stat_statements");
      expect(["ddl", "none"]).toContain(parameters["log_statement"]);
      expect(parameters["log_parameter_max_length"]).toBe("0");
    });
  });

  describe("pooling", () => {
    if (expected.pooling === "rds-proxy") {
      test("an RDS Proxy requiring TLS, targeting the instance through resource outputs", () => {
        const proxy = resources.one(T.proxy);
        expect(proxy.inputs).toMatchObject({ engineFamily: "POSTGRESQL", requireTls: true });
        expect(proxy.inputs.auths).toHaveLength(2);
        const target = resources.one(T.proxyTarget);
        expect(resources.dependencyTypes(target, "dbInstanceIdentifier")).toEqual([T.rds]);
        expect(resources.dependencyTypes(target, "dbProxyName")).toEqual([T.proxy]);
        const targetGroup = resources.one(T.proxyTargetGroup);
        expect(resources.dependencyTypes(targetGroup, "dbProxyName")).toEqual([T.proxy]);
        expect(targetGroup.inputs.connectionPoolConfig.maxConnectionsPercent).toBeLessThan(100);
      });
    } else {
      test("a pgBouncer sidecar in transaction mode beside Django, no RDS Proxy", () => {
        expect(resources.ofType(T.proxy)).toEqual([]);
        const containers = containerDefinitions(resources, "django");
        const pgbouncer = containers.find((container) => container.name === "pgbouncer");
        expect(envOf(pgbouncer)).toMatchObject({
          POOL_MODE: "transaction",
          DB_HOST: "db.internal.prodready.example",
        });
        expect(Number(envOf(pgbouncer).DEFAULT_POOL_SIZE)).toBeGreaterThan(0);
        expect(Object.keys(secretsOf(pgbouncer)).sort()).toEqual(["DB_PASSWORD", "DB_USER"]);
        expect(envOf(containers.find((container) => container.name === "django"))).toMatchObject({
          DATABASE_HOST: "127.0.0.1",
          DISABLE_SERVER_SIDE_CURSORS: "True",
        });
      });
    }

    test("clients use a stable private name, a CNAME to the pooler endpoint", () => {
      const record = resources.one(T.record, "pooling-db-record");
      expect(record.inputs).toMatchObject({ name: "db.internal.prodready.example", type: "CNAME" });
      expect(resources.dependencyTypes(record, "records")).toEqual([
        expected.pooling === "rds-proxy" ? T.proxy : T.rds,
      ]);
    });
  });

  describe("database access", () => {
    test("the provider verifies the server certificate and is not a superuser", () => {
      const provider = resources.one(T.pgProvider);
      expect(provider.inputs).toMatchObject({
        sslmode: "verify-full",
        superuser: "false",
        awsRdsIamAuth: "true",
      });
      expect(provider.inputs.password).toBeUndefined();
    });

    test("migrator, app and readonly: none superuser, createrole or createdb", () => {
      const roles = resources.ofType(T.pgRole);
      expect(roles.map((role) => role.inputs.name).sort()).toEqual(["app", "migrator", "readonly"]);
      for (const role of roles)
        expect(role.inputs).toMatchObject({ superuser: false, createRole: false, createDatabase: false });
    });

    test("the migrator owns the app schema; app gets DML on future tables via default privileges", () => {
      const schema = resources.one(T.pgSchema);
      expect(schema.inputs).toMatchObject({ name: "app", owner: "migrator" });
      expect(resources.dependencyTypes(schema, "owner")).toEqual([T.pgRole]);
      const appTables = resources
        .ofType(T.pgDefaultPrivileges)
        .find((entry) => entry.inputs.role === "app" && entry.inputs.objectType === "table");
      expect(appTables?.inputs).toMatchObject({
        owner: "migrator",
        schema: "app",
        privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
      });
      expect(resources.ofType(T.pgGrant)).toHaveLength(9);
      expect(resources.one(T.pgExtension).inputs.name).toBe("pg_stat_statements");
    });
  });

  describe("backups", () => {
    test("a KMS vault, a plan with the configured retention and a selection that joins on the instance ARN", () => {
      expect(resources.dependencyTypes(resources.one(T.vault), "kmsKeyArn")).toEqual(["aws:kms/key:Key"]);
      const plan = resources.one(T.plan);
      expect(plan.inputs.rules[0].lifecycle.deleteAfter).toBe(expected.backupRetentionDays);
      const selection = resources.one(T.selection);
      expect(resources.dependencyTypes(selection, "resources")).toEqual([T.rds]);
      expect(resources.dependencyTypes(selection, "planId")).toEqual([T.plan]);
    });

    test("restore tests run on the vault's recovery points of the instance", () => {
      const plan = resources.one(T.restorePlan);
      expect(plan.inputs.recoveryPointSelection.algorithm).toBe("LATEST_WITHIN_WINDOW");
      const selection = resources.one(T.restoreSelection);
      expect(selection.inputs.protectedResourceType).toBe("RDS");
      expect(resources.dependencyTypes(selection, "protectedResourceArns")).toEqual([T.rds]);
      expect(resources.dependencyTypes(selection, "restoreTestingPlanName")).toEqual([T.restorePlan]);
    });
  });

  describe("secrets", () => {
    test(`named prodready/${stack}/..., KMS-encrypted, recoverable for ${expected.secretRecoveryWindowDays} days`, () => {
      const secrets = resources.ofType(T.secret);
      expect(secrets.map((secret) => secret.inputs.name).sort()).toEqual(
        [
          "app-db-credentials",
          "django-secret-key",
          "migrator-db-credentials",
          "nextauth-secret",
          "sentry-dsn-django",
          "sentry-dsn-nextjs",
        ].map((name) => `prodready/${stack}/${name}`),
      );
      for (const secret of secrets) {
        expect(secret.inputs.recoveryWindowInDays).toBe(expected.secretRecoveryWindowDays);
        expect(resources.dependencyTypes(secret, "kmsKeyId")).toEqual(["aws:kms/key:Key"]);
      }
    });

    test("values are generated (random) and never literals; Sentry DSNs without config are set out of band", () => {
      const versions = resources.ofType(T.secretVersion);
      expect(versions.map((version) => version.name).sort()).toEqual([
        "secrets-appDatabaseCredentials-value",
        "secrets-djangoSecretKey-value",
        "secrets-migratorDatabaseCredentials-value",
        "secrets-nextauthSecret-value",
      ]);
      expect(
        resources.dependencyTypes(resources.one(T.secretVersion, "djangoSecretKey"), "secretString"),
      ).toEqual(["random:index/randomPassword:RandomPassword"]);
    });

    test("database credentials rotate: the app by alternating users, the migrator in place", () => {
      const rotations = resources.ofType(T.rotation);
      expect(rotations.map((r) => r.inputs.secretId).sort()).toEqual([
        "secrets-appDatabaseCredentials-id",
        "secrets-migratorDatabaseCredentials-id",
      ]);
      for (const rotation of rotations) {
        expect(resources.dependencyTypes(rotation, "secretId")).toEqual([T.secret]);
        expect(resources.dependencyTypes(rotation, "rotationLambdaArn")).toEqual([T.sar]);
      }
      const apps = resources
        .ofType(T.sar)
        .map((app) => [app.name, app.inputs.applicationId.split("/").pop()]);
      expect(apps.sort()).toEqual([
        ["secrets-rotation-app", "SecretsManagerRDSPostgreSQLRotationMultiUser"],
        ["secrets-rotation-app-single-user", "SecretsManagerRDSPostgreSQLRotationSingleUser"],
      ]);
      // Only the multi-user rotation needs the master secret (to create the clone role).
      const single = resources.ofType(T.sar).find((app) => app.name.endsWith("single-user"))!;
      expect(single.inputs.parameters.masterSecretArn).toBeUndefined();
    });
  });

  describe("services", () => {
    test("an ECS cluster with Container Insights", () => {
      expect(resources.one(T.cluster).inputs.settings).toEqual([
        { name: "containerInsights", value: "enabled" },
      ]);
    });

    test("container definitions are known at preview", () => {
      for (const task of resources.ofType(T.taskDefinition)) {
        expect(typeof task.inputs.containerDefinitions).toBe("string");
        expect(() => JSON.parse(task.inputs.containerDefinitions)).not.toThrow();
      }
    });

    test("every container is hardened, logs to a retained group and takes sensitive values from secrets", () => {
      const logGroups = new Map(
        resources.ofType(T.logGroup).map((group) => [group.inputs.name, group.inputs.retentionInDays]),
      );
      for (const service of ["django", "nextjs", "migrate"]) {
        for (const container of containerDefinitions(resources, service)) {
          expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false });
          expect(container.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
          expect(container.logConfiguration.logDriver).toBe("awslogs");
          expect(logGroups.get(container.logConfiguration.options["awslogs-group"])).toBe(
            expected.logRetentionDays,
          );
          for (const entry of container.environment)
            expect(entry.name).not.toMatch(/PASSWORD|SECRET|DSN|TOKEN/);
          for (const entry of container.secrets ?? [])
            expect(entry.valueFrom).toMatch(new RegExp(`prodready/${stack}/`));
        }
      }
    });

    test("Django runs gunicorn with the Django env contract", () => {
      const django = containerDefinitions(resources, "django").find(
        (container) => container.name === "django",
      );
      expect(django.command[0]).toBe("gunicorn");
      expect(django.command.join(" ")).toContain("--worker-tmp-dir /tmp");
      expect(django.mountPoints).toContainEqual({
        sourceVolume: "tmp",
        containerPath: "/tmp",
        readOnly: false,
      });
      expect(django.healthCheck.command[0]).toBe("CMD-SHELL");
      expect(envOf(django)).toMatchObject({
        DEBUG: "False",
        ALLOWED_HOSTS: expected.apiDomain,
        CORS_ALLOWED_ORIGINS: `https://${expected.appDomain}`,
        SECURE_SSL_REDIRECT: "True",
        SESSION_COOKIE_SECURE: "True",
        CSRF_COOKIE_SECURE: "True",
        LOG_LEVEL: "INFO",
      });
      expect(envOf(django).DATABASE_URL).not.toContain("@");
      expect(Object.keys(secretsOf(django)).sort()).toEqual([
        "DATABASE_PASSWORD",
        "DATABASE_USER",
        "SECRET_KEY",
        "SENTRY_DSN",
      ]);
      expect(secretsOf(django).DATABASE_PASSWORD).toMatch(/app-db-credentials:password::$/);
    });

    test("Next.js gets https URLs on its domains, writable /tmp and .next/cache", () => {
      const [nextjs] = containerDefinitions(resources, "nextjs");
      expect(envOf(nextjs)).toMatchObject({
        NEXT_PUBLIC_APP_URL: `https://${expected.appDomain}`,
        NEXT_PUBLIC_DJANGO_API: `https://${expected.apiDomain}`,
        NEXTAUTH_URL: `https://${expected.appDomain}`,
        NODE_ENV: "production",
      });
      expect(Object.keys(secretsOf(nextjs)).sort()).toEqual(["NEXTAUTH_SECRET", "SENTRY_DSN"]);
      expect(
        nextjs.mountPoints.map((mount: { containerPath: string }) => mount.containerPath).sort(),
      ).toEqual(["/app/.next/cache", "/tmp"]);
    });

    test("the migration task runs migrate as the migrator", () => {
      const [migrate] = containerDefinitions(resources, "migrate");
      expect(migrate.command).toEqual(["python", "manage.py", "migrate", "--noinput"]);
      expect(secretsOf(migrate).DATABASE_USER).toMatch(/migrator-db-credentials:username::$/);
    });

    test(`services in private subnets with circuit breaker, ${expected.djangoDesiredCount}/${expected.nextjsDesiredCount} tasks and autoscaling`, () => {
      const services = resources.ofType(T.service);
      expect(services).toHaveLength(2);
      const desired = Object.fromEntries(
        services.map((service) => [service.inputs.name, service.inputs.desiredCount]),
      );
      expect(desired).toEqual({
        [`prodready-${stack}-django`]: expected.djangoDesiredCount,
        [`prodready-${stack}-nextjs`]: expected.nextjsDesiredCount,
      });
      for (const service of services) {
        expect(service.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
        expect(service.inputs.networkConfiguration.assignPublicIp).toBe(false);
        expect(resources.dependencyTypes(service, "loadBalancers")).toContain(T.targetGroup);
      }
      const policies = resources
        .ofType(T.scalingPolicy)
        .map(
          (policy) =>
            policy.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification
              .predefinedMetricType,
        );
      expect(policies.sort()).toEqual([
        "ALBRequestCountPerTarget",
        "ALBRequestCountPerTarget",
        "ECSServiceAverageCPUUtilization",
        "ECSServiceAverageCPUUtilization",
      ]);
      for (const target of resources.ofType(T.scalingTarget))
        expect(target.inputs.minCapacity).toBeGreaterThanOrEqual(expected.djangoDesiredCount > 1 ? 2 : 1);
    });
  });

  describe("edge", () => {
    test("certificates: the CloudFront one in us-east-1", () => {
      const regions = resources
        .ofType(T.certificate)
        .map((certificate) => certificate.inputs.region ?? "stack");
      expect(regions.sort()).toEqual(["stack", "us-east-1"]);
    });

    test("ALB drops invalid headers; HTTP only redirects; HTTPS uses the TLS 1.3 policy", () => {
      expect(resources.one(T.alb).inputs).toMatchObject({
        dropInvalidHeaderFields: true,
        internal: false,
        enableDeletionProtection: expected.albDeletionProtection,
      });
      const http = resources.ofType(T.listener).find((listener) => listener.inputs.port === 80);
      expect(http?.inputs.defaultActions).toEqual([
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
      const https = resources.ofType(T.listener).find((listener) => listener.inputs.port === 443);
      expect(https?.inputs).toMatchObject({
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      });
      for (const group of resources.ofType(T.targetGroup))
        expect(group.inputs.healthCheck).toMatchObject({ enabled: true, path: "/healthz", matcher: "200" });
    });

    test("a regional ACL on the ALB (forwarded IP) and a CloudFront ACL on the distribution", () => {
      const acls = resources.ofType(T.webAcl);
      const regional = acls.find((acl) => acl.inputs.scope === "REGIONAL")!;
      const cloudfront = acls.find((acl) => acl.inputs.scope === "CLOUDFRONT")!;
      expect(cloudfront.inputs.region).toBe("us-east-1");
      expect(regional.inputs.rules[0]).toMatchObject({
        action: { block: {} },
        statement: { rateBasedStatement: { aggregateKeyType: "FORWARDED_IP" } },
      });
      expect(cloudfront.inputs.rules[0].statement.rateBasedStatement.aggregateKeyType).toBe("IP");
      for (const acl of acls) {
        const groups = acl.inputs.rules.filter(
          (rule: { statement: { managedRuleGroupStatement?: unknown } }) =>
            rule.statement.managedRuleGroupStatement,
        );
        expect(groups.map((rule: { name: string }) => rule.name)).toEqual([
          "AWSManagedRulesCommonRuleSet",
          "AWSManagedRulesKnownBadInputsRuleSet",
          "AWSManagedRulesSQLiRuleSet",
        ]);
      }
      const association = resources.one(T.webAclAssociation);
      expect(resources.dependencyTypes(association, "resourceArn")).toEqual([T.alb]);
      expect(association.propertyDependencies.webAclArn).toEqual([regional.urn]);
      expect(resources.one(T.distribution).propertyDependencies.webAclId).toEqual([cloudfront.urn]);
    });

    test("CloudFront: https everywhere, TLS 1.2 2021, https-only origin, the headers policy on every behaviour", () => {
      const distribution = resources.one(T.distribution).inputs;
      expect(distribution.aliases).toEqual([expected.appDomain, expected.apiDomain]);
      expect(distribution.viewerCertificate.minimumProtocolVersion).toBe("TLSv1.2_2021");
      const albOrigin = distribution.origins.find(
        (origin: { originId: string }) => origin.originId === "alb",
      );
      expect(albOrigin.customOriginConfig).toMatchObject({
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
      });
      const policyId = `${resources.one(T.headersPolicy).name}-id`;
      for (const behavior of [distribution.defaultCacheBehavior, ...distribution.orderedCacheBehaviors]) {
        expect(behavior.viewerProtocolPolicy).toBe("redirect-to-https");
        expect(behavior.responseHeadersPolicyId).toBe(policyId);
      }
      expect(resources.dependencyTypes(resources.one(T.distribution), "defaultCacheBehavior")).toContain(
        T.headersPolicy,
      );
    });

    test("the response headers policy sets HSTS preload, DENY, nosniff, the referrer policy and a CSP", () => {
      const headers = resources.one(T.headersPolicy).inputs.securityHeadersConfig;
      expect(headers.strictTransportSecurity).toMatchObject({
        accessControlMaxAgeSec: 63072000,
        includeSubdomains: true,
        preload: true,
      });
      expect(headers.frameOptions.frameOption).toBe("DENY");
      expect(headers.contentTypeOptions).toEqual({ override: true });
      expect(headers.referrerPolicy.referrerPolicy).toBe("strict-origin-when-cross-origin");
      expect(headers.contentSecurityPolicy.contentSecurityPolicy).toContain("frame-ancestors 'none'");
    });

    test("DNS: the public names alias CloudFront", () => {
      for (const domain of [expected.appDomain, expected.apiDomain]) {
        const record = resources
          .ofType(T.record)
          .find((candidate) => candidate.inputs.name === domain && candidate.inputs.type === "A");
        expect(record && resources.dependencyTypes(record, "aliases")).toEqual([T.distribution]);
      }
    });
  });

  describe("media", () => {
    test("every bucket setting joins the media bucket through its id", () => {
      const bucket = resources.all.find(
        (resource) => resource.type === T.bucket && resource.name === "media-bucket",
      )!;
      const settings = [
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketPolicy:BucketPolicy",
      ];
      for (const type of settings) {
        const setting = resources.one(type, "media-");
        expect(setting.propertyDependencies.bucket).toEqual([bucket.urn]);
      }
      expect(
        resources.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "media-").inputs,
      ).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(
        resources.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "media-").inputs.rule
          .objectOwnership,
      ).toBe("BucketOwnerEnforced");
      expect(
        resources.one(
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "media-",
        ).inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
      ).toBe("aws:kms");
      expect(
        resources.one("aws:s3/bucketVersioning:BucketVersioning", "media-").inputs.versioningConfiguration
          .status,
      ).toBe("Enabled");
      expect(
        resources.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "media-").inputs
          .rules[0].noncurrentVersionExpiration.noncurrentDays,
      ).toBeGreaterThan(0);
    });

    test("the bucket policy denies plain HTTP and lets CloudFront read through OAC", () => {
      const policy = JSON.parse(resources.one("aws:s3/bucketPolicy:BucketPolicy", "media-").inputs.policy);
      expect(policy.Statement[0]).toMatchObject({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      expect(policy.Statement[1]).toMatchObject({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
      });
      expect(resources.one(T.oac).inputs).toMatchObject({
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      });
    });
  });

  describe("monitoring", () => {
    test("every alarm notifies a KMS-encrypted topic", () => {
      const alarms = resources.ofType(T.alarm);
      for (const alarm of alarms) {
        expect(alarm.inputs.alarmActions).toHaveLength(1);
        expect(resources.dependencyTypes(alarm, "alarmActions")).toEqual([T.topic]);
      }
      for (const topic of resources.ofType(T.topic))
        expect(resources.dependencyTypes(topic, "kmsMasterKeyId")).toEqual(["aws:kms/key:Key"]);
    });

    test("ALB 5xx, unhealthy hosts, RDS CPU, storage and connections, proxy pinning, uptime", () => {
      const alarms = resources.ofType(T.alarm);
      const metric = (name: string) => alarms.filter((alarm) => alarm.inputs.metricName === name);
      expect(resources.dependencyTypes(metric("HTTPCode_Target_5XX_Count")[0], "dimensions")).toEqual([
        T.alb,
      ]);
      expect(resources.dependencyTypes(metric("HTTPCode_ELB_5XX_Count")[0], "dimensions")).toEqual([T.alb]);
      expect(metric("UnHealthyHostCount")).toHaveLength(2);
      for (const alarm of metric("UnHealthyHostCount"))
        expect(new Set(resources.dependencyTypes(alarm, "dimensions"))).toEqual(
          new Set([T.targetGroup, T.alb]),
        );
      for (const name of ["CPUUtilization", "FreeStorageSpace", "DatabaseConnections"]) {
        expect(metric(name)).toHaveLength(1);
        expect(resources.dependencyTypes(metric(name)[0], "dimensions")).toEqual([T.rds]);
      }
      expect(metric("DatabaseConnectionsCurrentlySessionPinned")).toHaveLength(
        expected.pooling === "rds-proxy" ? 1 : 0,
      );
      const uptime = metric("HealthCheckStatus");
      expect(uptime).toHaveLength(2);
      for (const alarm of uptime) {
        expect(alarm.inputs).toMatchObject({ namespace: "AWS/Route53", region: "us-east-1" });
        expect(resources.dependencyTypes(alarm, "dimensions")).toEqual([T.healthCheck]);
      }
      for (const check of resources.ofType(T.healthCheck))
        expect(check.inputs).toMatchObject({ type: "HTTPS", resourcePath: "/healthz" });
      expect(
        resources
          .ofType(T.healthCheck)
          .map((check) => check.inputs.fqdn)
          .sort(),
      ).toEqual([expected.apiDomain, expected.appDomain].sort());
    });

    test(
      expected.alarmEmail
        ? `alarms are mailed to ${expected.alarmEmail}`
        : "no email subscription is configured",
      () => {
        const subscriptions = resources.ofType("aws:sns/topicSubscription:TopicSubscription");
        expect(subscriptions.map((subscription) => subscription.inputs.endpoint)).toEqual(
          expected.alarmEmail ? [expected.alarmEmail, expected.alarmEmail] : [],
        );
      },
    );
  });

  test("exports the public URLs, the API URL, the database endpoint and the alarm topic", () => {
    expect(run.outputs).toMatchObject({
      appUrl: `https://${expected.appDomain}`,
      apiUrl: `https://${expected.apiDomain}`,
      databaseEndpoint: "db.internal.prodready.example",
      connectionPooling: expected.pooling,
      alarmTopicArn: expect.stringContaining(`prodready-${stack}-alarms`),
    });
  });
}
