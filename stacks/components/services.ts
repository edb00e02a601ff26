import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionPooling, CpuArchitecture, LogLevel } from "../config";
import { HEALTH_CHECK_PATH } from "./edge";
import { MEDIA_PREFIX } from "./media";
import { DJANGO_PORT, NEXTJS_PORT } from "./network";
import type { PoolLimits } from "./pooling";
import { secretJsonKeyReference, type SecretNames } from "./secrets";

export interface EnvironmentVariable {
  name: string;
  value: string;
}

export interface SecretReference {
  name: string;
  valueFrom: string;
}

/** What a container gets: plain settings in `environment`, everything sensitive in `secrets` (valueFrom). */
export interface ContainerEnvironment {
  environment: EnvironmentVariable[];
  secrets: SecretReference[];
}

/** The public names the applications are reached at. */
export interface DomainConfig {
  appDomain: string;
  apiDomain: string;
}

/** How Django reaches PostgreSQL: no credentials here, they come from `secrets`. */
export interface DatabaseConnection {
  host: string;
  port: number;
  name: string;
  sslMode: "verify-full" | "verify-ca" | "require" | "disable";
  /** CA bundle inside the image that signs the server certificate (for verify-ca/verify-full). */
  sslRootCert?: string;
  /** pgBouncer in transaction mode cannot keep server-side cursors across transactions. */
  disableServerSideCursors: boolean;
}

export interface DjangoEnvironmentInput extends DomainConfig {
  settingsModule: string;
  logLevel: LogLevel;
  /** The deployment environment (stack) reported to Sentry. */
  environmentName: string;
  database: DatabaseConnection;
  media: { bucketName: string; region: string };
  /** valueFrom references: a secret name, or a partial ARN with a JSON key. */
  secretRefs: { secretKey: string; sentryDsn: string; databaseUser: string; databasePassword: string };
}

export interface NextjsEnvironmentInput extends DomainConfig {
  environmentName: string;
  secretRefs: { nextauthSecret: string; sentryDsn: string };
}

/** Names that carry a secret value and so belong in `secrets`. */
const SENSITIVE_NAME = /(PASSWORD|SECRET|TOKEN|_DSN$|PRIVATE_KEY|API_KEY)/;

function checkContract(service: string, contract: ContainerEnvironment): ContainerEnvironment {
  for (const variable of contract.environment) {
    if (SENSITIVE_NAME.test(variable.name)) {
      throw new Error(
        `${service} environment variable ${variable.name} looks sensitive: pass it in secrets (valueFrom), not environment.`,
      );
    }
  }
  const names = [...contract.environment, ...contract.secrets].map((entry) => entry.name);
  const duplicate = names.find((entry, index) => names.indexOf(entry) !== index);
  if (duplicate)
    throw new Error(
      `${service} sets ${duplicate} twice; a variable comes from environment or secrets, not both.`,
    );
  const byName = (left: { name: string }, right: { name: string }) => left.name.localeCompare(right.name);
  return { environment: [...contract.environment].sort(byName), secrets: [...contract.secrets].sort(byName) };
}

function checkDomains(input: DomainConfig): void {
  for (const [option, domain] of Object.entries(input)) {
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) || domain === "localhost" || domain.endsWith(".local")) {
      throw new Error(`${option} must be a public DNS name (no scheme, no localhost); got ${domain}.`);
    }
  }
}

/** The Django env contract of the checklist: DEBUG off, hosts and origins pinned to the production domains, HTTPS-only cookies. */
export function djangoEnvironment(input: DjangoEnvironmentInput): ContainerEnvironment {
  const domains = { appDomain: input.appDomain, apiDomain: input.apiDomain };
  checkDomains(domains);
  const appOrigin = `https://${input.appDomain}`;
  const apiOrigin = `https://${input.apiDomain}`;
  const environment: EnvironmentVariable[] = [
    { name: "DJANGO_SETTINGS_MODULE", value: input.settingsModule },
    { name: "DEBUG", value: "False" },
    { name: "ALLOWED_HOSTS", value: input.apiDomain },
    { name: "CORS_ALLOWED_ORIGINS", value: appOrigin },
    { name: "CSRF_TRUSTED_ORIGINS", value: `${appOrigin},${apiOrigin}` },
    { name: "SECURE_SSL_REDIRECT", value: "True" },
    // TLS ends at the ALB, which sets X-Forwarded-Proto: without this, SECURE_SSL_REDIRECT would loop.
    { name: "SECURE_PROXY_SSL_HEADER", value: "HTTP_X_FORWARDED_PROTO,https" },
    // Health checks arrive over plain HTTP from inside the VPC and must not be redirected.
    { name: "SECURE_REDIRECT_EXEMPT", value: `^${HEALTH_CHECK_PATH.slice(1)}$` },
    { name: "HEALTH_CHECK_PATH", value: HEALTH_CHECK_PATH },
    { name: "SESSION_COOKIE_SECURE", value: "True" },
    { name: "SESSION_COOKIE_HTTPONLY", value: "True" },
    { name: "CSRF_COOKIE_SECURE", value: "True" },
    { name: "SECURE_HSTS_SECONDS", value: "63072000" },
    {
      name: "DATABASE_URL",
      value: `postgres://${input.database.host}:${input.database.port}/${input.database.name}`,
    },
    { name: "DATABASE_HOST", value: input.database.host },
    { name: "DATABASE_PORT", value: String(input.database.port) },
    { name: "DATABASE_NAME", value: input.database.name },
    { name: "DATABASE_SSLMODE", value: input.database.sslMode },
    { name: "DATABASE_CONN_MAX_AGE", value: "60" },
    {
      name: "DISABLE_SERVER_SIDE_CURSORS",
      value: input.database.disableServerSideCursors ? "True" : "False",
    },
    { name: "LOG_LEVEL", value: input.logLevel },
    { name: "SENTRY_ENVIRONMENT", value: input.environmentName },
    { name: "AWS_STORAGE_BUCKET_NAME", value: input.media.bucketName },
    { name: "AWS_S3_REGION_NAME", value: input.media.region },
    { name: "AWS_LOCATION", value: MEDIA_PREFIX.replace(/\/$/, "") },
    { name: "MEDIA_URL", value: `${appOrigin}/${MEDIA_PREFIX}` },
  ];
  if (input.database.sslRootCert)
    environment.push({ name: "DATABASE_SSLROOTCERT", value: input.database.sslRootCert });
  return checkContract("Django", {
    environment,
    secrets: [
      { name: "SECRET_KEY", valueFrom: input.secretRefs.secretKey },
      { name: "SENTRY_DSN", valueFrom: input.secretRefs.sentryDsn },
      { name: "DATABASE_USER", valueFrom: input.secretRefs.databaseUser },
      { name: "DATABASE_PASSWORD", valueFrom: input.secretRefs.databasePassword },
    ],
  });
}

/** The Next.js env contract of the checklist: every URL https on the production domains, secrets from Secrets Manager. */
export function nextjsEnvironment(input: NextjsEnvironmentInput): ContainerEnvironment {
  const domains = { appDomain: input.appDomain, apiDomain: input.apiDomain };
  checkDomains(domains);
  return checkContract("Next.js", {
    environment: [
      { name: "NODE_ENV", value: "production" },
      { name: "NEXT_PUBLIC_APP_URL", value: `https://${input.appDomain}` },
      { name: "NEXT_PUBLIC_DJANGO_API", value: `https://${input.apiDomain}` },
      { name: "NEXTAUTH_URL", value: `https://${input.appDomain}` },
      { name: "NEXT_TELEMETRY_DISABLED", value: "1" },
      { name: "PORT", value: String(NEXTJS_PORT) },
      { name: "HOSTNAME", value: "0.0.0.0" },
      { name: "SENTRY_ENVIRONMENT", value: input.environmentName },
    ],
    secrets: [
      { name: "NEXTAUTH_SECRET", valueFrom: input.secretRefs.nextauthSecret },
      { name: "SENTRY_DSN", valueFrom: input.secretRefs.sentryDsn },
    ],
  });
}

/** gunicorn workers for a Fargate CPU size: the usual 2 x vCPU + 1, at least 2. */
export function gunicornWorkers(cpuUnits: number): number {
  return Math.max(2, Math.floor((2 * cpuUnits) / 1024) + 1);
}

/** The Django start command: gunicorn (never runserver), heartbeat files on the writable /tmp volume. */
export function gunicornCommand(input: { wsgiApplication: string; workers: number; port: number }): string[] {
  return [
    "gunicorn",
    input.wsgiApplication,
    "--bind",
    `0.0.0.0:${input.port}`,
    "--workers",
    String(input.workers),
    "--worker-tmp-dir",
    "/tmp",
    "--timeout",
    "30",
    "--graceful-timeout",
    "25",
    "--access-logfile",
    "-",
    "--error-logfile",
    "-",
  ];
}

/** CA bundle the Django image must ship for TLS verification against RDS directly (the RDS global bundle). */
export const RDS_CA_BUNDLE_PATH = "/etc/ssl/certs/rds-global-bundle.pem";
/** The system store (Amazon Root CA) verifies RDS Proxy's certificate. */
export const SYSTEM_CA_BUNDLE_PATH = "/etc/ssl/certs/ca-certificates.crt";
/** Applications run as this uid:gid, never as root. */
export const APP_USER = "1000:1000";
/** Where the pgBouncer sidecar listens inside the Django task. */
export const PGBOUNCER_PORT = 6432;

// --- pgBouncer sidecar settings (exported so test/integration runs the real pgBouncer with them) ---

/** Where Django finds its sidecar: the task's loopback, so the hop never leaves the task; pgBouncer alone talks TLS to RDS. */
export function pgbouncerClientConnection(databaseName: string): DatabaseConnection {
  return {
    host: "127.0.0.1",
    port: PGBOUNCER_PORT,
    name: databaseName,
    sslMode: "disable",
    disableServerSideCursors: true,
  };
}

export interface PgbouncerEnvironmentInput {
  /** The database pgBouncer connects to. */
  database: { host: string; port: number; name: string };
  /** Pool sizes from poolLimits. */
  limits: Pick<PoolLimits, "pgbouncerDefaultPoolSize" | "pgbouncerMaxClientConn">;
}

/** The sidecar's settings, as the environment of an edoburu/pgbouncer-style image (DB_USER/DB_PASSWORD come from secrets). */
export function pgbouncerEnvironment(input: PgbouncerEnvironmentInput): EnvironmentVariable[] {
  return [
    { name: "DB_HOST", value: input.database.host },
    { name: "DB_PORT", value: String(input.database.port) },
    { name: "DB_NAME", value: input.database.name },
    { name: "LISTEN_ADDR", value: "127.0.0.1" },
    { name: "LISTEN_PORT", value: String(PGBOUNCER_PORT) },
    { name: "POOL_MODE", value: "transaction" },
    { name: "AUTH_TYPE", value: "scram-sha-256" },
    { name: "DEFAULT_POOL_SIZE", value: String(input.limits.pgbouncerDefaultPoolSize) },
    { name: "MAX_CLIENT_CONN", value: String(input.limits.pgbouncerMaxClientConn) },
    { name: "SERVER_TLS_SSLMODE", value: "require" },
    { name: "IGNORE_STARTUP_PARAMETERS", value: "extra_float_digits,options" },
  ];
}

// --- end of pgBouncer sidecar settings ---

export interface ServiceSizing {
  /** Container image, pinned to a tag or digest. Required. */
  image: string;
  /** Fargate CPU units. Default: 512 (Django), 256 (Next.js). */
  cpu?: number;
  /** Fargate memory in MiB. Default: 1024 (Django), 512 (Next.js). */
  memory?: number;
  /** Tasks at rest (and the autoscaling floor). Default: 2. */
  desiredCount?: number;
  /** Autoscaling ceiling. Default: 3 x desiredCount. */
  maxCount?: number;
}

export interface ServicesArgs extends DomainConfig {
  /** AWS region of the stack (log driver, secret ARNs). Required. */
  region: string;
  /** Private subnets the tasks run in. Required. */
  privateSubnetIds: pulumi.Input<string>[];
  /** Security groups of the tasks (the migration task uses Django's). Required. */
  securityGroupIds: { django: pulumi.Input<string>; nextjs: pulumi.Input<string> };
  /** Load balancing: target groups, the ALB's arnSuffix (request-count scaling) and the HTTPS listener (created first). Required. */
  loadBalancing: {
    albArnSuffix: pulumi.Input<string>;
    targetGroups: { django: aws.lb.TargetGroup; nextjs: aws.lb.TargetGroup };
    listener: pulumi.Resource;
  };
  /** Database endpoint as the applications see it. Required. */
  database: { host: string; port: number; name: string };
  /** Pooling mode and limits (pgbouncer adds a sidecar to each Django task). Required. */
  pooling: { mode: ConnectionPooling; limits: PoolLimits };
  /** Secret names, ARNs and KMS key. Required. */
  secrets: { names: SecretNames; arns: pulumi.Input<string>[]; kmsKeyArn: pulumi.Input<string> };
  /** Media bucket Django writes uploads to. Required. */
  media: {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
  };
  /** Django service settings. Required. */
  django: ServiceSizing & {
    /** Default: "config.settings.production". */
    settingsModule?: string;
    /** Default: "config.wsgi:application". */
    wsgiApplication?: string;
  };
  /** Next.js service settings. Required. */
  nextjs: ServiceSizing;
  /** pgBouncer image for the sidecar. Required when pooling.mode is pgbouncer. */
  pgbouncerImage?: string;
  /** CPU architecture the images are built for. Default: "X86_64". */
  cpuArchitecture?: CpuArchitecture;
  /** Django LOG_LEVEL. Default: "INFO". */
  logLevel?: LogLevel;
  /** Days CloudWatch keeps container logs. Default: 90. */
  logRetentionDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

interface ContainerDefinition {
  name: string;
  [key: string]: unknown;
}

/** ECS Fargate: the Django and Next.js services behind the ALB, autoscaled, plus the one-off migration task. */
export class Services extends pulumi.ComponentResource {
  public readonly cluster: aws.ecs.Cluster;
  public readonly djangoService: aws.ecs.Service;
  public readonly nextjsService: aws.ecs.Service;
  public readonly migrationTaskDefinition: aws.ecs.TaskDefinition;
  public readonly logGroupNames: Record<string, string>;

  constructor(name: string, args: ServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:services:Services", name, {}, opts);

    const stack = pulumi.getStack();
    const prefix = `prodready-${stack}`;
    const pgbouncer = args.pooling.mode === "pgbouncer";
    if (pgbouncer && !args.pgbouncerImage)
      throw new Error("Services pgbouncerImage is required when pooling.mode is pgbouncer.");
    const sizing = (service: "django" | "nextjs", defaults: { cpu: number; memory: number }) => {
      const settings = args[service];
      const desiredCount = settings.desiredCount ?? 2;
      const maxCount = settings.maxCount ?? desiredCount * 3;
      if (!(Number.isInteger(desiredCount) && desiredCount >= 1))
        throw new Error(`Services ${service}.desiredCount must be at least 1; got ${desiredCount}.`);
      if (maxCount < desiredCount)
        throw new Error(
          `Services ${service}.maxCount (${maxCount}) must be at least ${service}.desiredCount (${desiredCount}).`,
        );
      return {
        image: settings.image,
        cpu: settings.cpu ?? defaults.cpu,
        memory: settings.memory ?? defaults.memory,
        desiredCount,
        maxCount,
      };
    };
    const django = sizing("django", { cpu: 512, memory: 1024 });
    const nextjs = sizing("nextjs", { cpu: 256, memory: 512 });
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);

    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: prefix,
        settings: [{ name: "containerInsights", value: "enabled" }],
        tags: tags(prefix),
      },
      parent,
    );

    this.logGroupNames = {
      django: `/prodready/${stack}/django`,
      nextjs: `/prodready/${stack}/nextjs`,
      migrate: `/prodready/${stack}/migrate`,
      ...(pgbouncer ? { pgbouncer: `/prodready/${stack}/pgbouncer` } : {}),
    };
    for (const [service, logGroupName] of Object.entries(this.logGroupNames)) {
      new aws.cloudwatch.LogGroup(
        `${name}-${service}-logs`,
        {
          name: logGroupName,
          retentionInDays: args.logRetentionDays ?? 90,
          tags: tags(logGroupName),
        },
        parent,
      );
    }

    const ecsTasksTrust = pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": caller.accountId } },
        },
      ],
    });
    const executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      {
        description: "ECS pulls images, writes logs and injects the secrets of the prodready tasks",
        assumeRolePolicy: ecsTasksTrust,
        tags: tags(`${name}-execution-role`),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-execution-managed`,
      {
        role: executionRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-execution-secrets`,
      {
        role: executionRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: args.secrets.arns },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: args.secrets.kmsKeyArn },
          ],
        }),
      },
      parent,
    );
    const taskRole = (service: string, statements?: unknown[]) => {
      const role = new aws.iam.Role(
        `${name}-${service}-task-role`,
        {
          description: `What the ${service} application itself may call in AWS`,
          assumeRolePolicy: ecsTasksTrust,
          tags: tags(`${name}-${service}-task-role`),
        },
        parent,
      );
      if (statements) {
        new aws.iam.RolePolicy(
          `${name}-${service}-task-policy`,
          {
            role: role.id,
            policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }),
          },
          parent,
        );
      }
      return role;
    };
    const djangoTaskRole = taskRole("django", [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: pulumi.interpolate`${args.media.bucketArn}/${MEDIA_PREFIX}*`,
      },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: args.media.bucketArn,
        Condition: { StringLike: { "s3:prefix": [`${MEDIA_PREFIX}*`] } },
      },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.media.kmsKeyArn },
    ]);
    const nextjsTaskRole = taskRole("nextjs");
    const migrateTaskRole = taskRole("migrate");

    // The container definitions are built from values known before deploy (secret names, log group
    // names, config images, the stable db.<zone> name, account id and region from data sources), so
    // they stay known at `pulumi preview` and the policies can check every container setting.
    const names = args.secrets.names;
    const logConfiguration = (service: string, logGroupName: string) => ({
      logDriver: "awslogs",
      options: {
        "awslogs-group": logGroupName,
        "awslogs-region": args.region,
        "awslogs-stream-prefix": service,
      },
    });
    const hardening = {
      user: APP_USER,
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
    };
    const workers = gunicornWorkers(django.cpu);
    const viaProxy = args.pooling.mode === "rds-proxy";
    const djangoContract = (
      accountId: string,
      bucketName: string,
      role: "app" | "migrator",
      throughSidecar: boolean,
    ) =>
      djangoEnvironment({
        appDomain: args.appDomain,
        apiDomain: args.apiDomain,
        settingsModule: args.django.settingsModule ?? "config.settings.production",
        logLevel: args.logLevel ?? "INFO",
        environmentName: stack,
        database: throughSidecar
          ? pgbouncerClientConnection(args.database.name)
          : {
              host: args.database.host,
              port: args.database.port,
              name: args.database.name,
              // db.<zone> is a CNAME, so the certificate names the real endpoint: verify the chain, not the name.
              sslMode: "verify-ca",
              sslRootCert: viaProxy ? SYSTEM_CA_BUNDLE_PATH : RDS_CA_BUNDLE_PATH,
              disableServerSideCursors: false,
            },
        media: { bucketName, region: args.region },
        secretRefs: {
          secretKey: names.djangoSecretKey,
          sentryDsn: names.sentryDsnDjango,
          databaseUser: secretJsonKeyReference(
            args.region,
            accountId,
            role === "app" ? names.appDatabaseCredentials : names.migratorDatabaseCredentials,
            "username",
          ),
          databasePassword: secretJsonKeyReference(
            args.region,
            accountId,
            role === "app" ? names.appDatabaseCredentials : names.migratorDatabaseCredentials,
            "password",
          ),
        },
      });

    const djangoContainers = pulumi
      .all([caller.accountId, args.media.bucketName])
      .apply(([accountId, bucketName]): ContainerDefinition[] => {
        const contract = djangoContract(accountId, bucketName, "app", pgbouncer);
        const containers: ContainerDefinition[] = [
          {
            name: "django",
            image: django.image,
            essential: true,
            command: gunicornCommand({
              wsgiApplication: args.django.wsgiApplication ?? "config.wsgi:application",
              workers,
              port: DJANGO_PORT,
            }),
            portMappings: [{ name: "http", containerPort: DJANGO_PORT, protocol: "tcp" }],
            environment: contract.environment,
            secrets: contract.secrets,
            ...hardening,
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            healthCheck: {
              command: [
                "CMD-SHELL",
                `python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${DJANGO_PORT}${HEALTH_CHECK_PATH}', timeout=3)" || exit 1`,
              ],
              interval: 15,
              timeout: 5,
              retries: 3,
              startPeriod: 30,
            },
            stopTimeout: 30,
            logConfiguration: logConfiguration("django", this.logGroupNames.django),
            ...(pgbouncer ? { dependsOn: [{ containerName: "pgbouncer", condition: "HEALTHY" }] } : {}),
          },
        ];
        if (pgbouncer) {
          const credentials = names.appDatabaseCredentials;
          containers.push({
            name: "pgbouncer",
            image: args.pgbouncerImage,
            essential: true,
            environment: pgbouncerEnvironment({ database: args.database, limits: args.pooling.limits }),
            secrets: [
              {
                name: "DB_USER",
                valueFrom: secretJsonKeyReference(args.region, accountId, credentials, "username"),
              },
              {
                name: "DB_PASSWORD",
                valueFrom: secretJsonKeyReference(args.region, accountId, credentials, "password"),
              },
            ],
            ...hardening,
            // The postgres user of the Alpine pgBouncer images owns /etc/pgbouncer.
            user: "70:70",
            mountPoints: [
              { sourceVolume: "pgbouncer-config", containerPath: "/etc/pgbouncer", readOnly: false },
              { sourceVolume: "pgbouncer-tmp", containerPath: "/tmp", readOnly: false },
            ],
            healthCheck: {
              command: ["CMD-SHELL", `nc -z 127.0.0.1 ${PGBOUNCER_PORT} || exit 1`],
              interval: 10,
              timeout: 3,
              retries: 3,
              startPeriod: 10,
            },
            logConfiguration: logConfiguration("pgbouncer", this.logGroupNames.pgbouncer),
          });
        }
        return containers;
      });

    const nextjsContainers = caller.accountId.apply((): ContainerDefinition[] => {
      const contract = nextjsEnvironment({
        appDomain: args.appDomain,
        apiDomain: args.apiDomain,
        environmentName: stack,
        secretRefs: { nextauthSecret: names.nextauthSecret, sentryDsn: names.sentryDsnNextjs },
      });
      return [
        {
          name: "nextjs",
          image: nextjs.image,
          essential: true,
          portMappings: [{ name: "http", containerPort: NEXTJS_PORT, protocol: "tcp" }],
          environment: contract.environment,
          secrets: contract.secrets,
          ...hardening,
          mountPoints: [
            { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
            { sourceVolume: "next-cache", containerPath: "/app/.next/cache", readOnly: false },
          ],
          healthCheck: {
            command: [
              "CMD-SHELL",
              `node -e "fetch('http://127.0.0.1:${NEXTJS_PORT}${HEALTH_CHECK_PATH}').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"`,
            ],
            interval: 15,
            timeout: 5,
            retries: 3,
            startPeriod: 30,
          },
          stopTimeout: 30,
          logConfiguration: logConfiguration("nextjs", this.logGroupNames.nextjs),
        },
      ];
    });

    const migrateContainers = pulumi
      .all([caller.accountId, args.media.bucketName])
      .apply(([accountId, bucketName]): ContainerDefinition[] => {
        // Migrations run as the migrator (schema owner) and go straight to the database, never through a transaction pooler.
        const contract = djangoContract(accountId, bucketName, "migrator", false);
        return [
          {
            name: "migrate",
            image: django.image,
            essential: true,
            command: ["python", "manage.py", "migrate", "--noinput"],
            environment: contract.environment,
            secrets: contract.secrets,
            ...hardening,
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            logConfiguration: logConfiguration("migrate", this.logGroupNames.migrate),
          },
        ];
      });

    const runtimePlatform = {
      operatingSystemFamily: "LINUX",
      cpuArchitecture: args.cpuArchitecture ?? "X86_64",
    };
    const taskDefinition = (
      service: string,
      containers: pulumi.Output<ContainerDefinition[]>,
      size: { cpu: number; memory: number },
      role: aws.iam.Role,
      volumes: string[],
    ) =>
      new aws.ecs.TaskDefinition(
        `${name}-${service}-task`,
        {
          family: `${prefix}-${service}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(size.cpu),
          memory: String(size.memory),
          runtimePlatform,
          executionRoleArn: executionRole.arn,
          taskRoleArn: role.arn,
          // Task storage volumes: the only writable paths under a read-only root filesystem.
          volumes: volumes.map((volume) => ({ name: volume })),
          containerDefinitions: pulumi.jsonStringify(containers),
          tags: tags(`${prefix}-${service}`),
        },
        parent,
      );
    const djangoTask = taskDefinition(
      "django",
      djangoContainers,
      django,
      djangoTaskRole,
      pgbouncer ? ["tmp", "pgbouncer-config", "pgbouncer-tmp"] : ["tmp"],
    );
    const nextjsTask = taskDefinition("nextjs", nextjsContainers, nextjs, nextjsTaskRole, [
      "tmp",
      "next-cache",
    ]);
    this.migrationTaskDefinition = taskDefinition("migrate", migrateContainers, django, migrateTaskRole, [
      "tmp",
    ]);

    const service = (
      label: "django" | "nextjs",
      task: aws.ecs.TaskDefinition,
      size: { desiredCount: number; maxCount: number },
      port: number,
    ) => {
      const created = new aws.ecs.Service(
        `${name}-${label}`,
        {
          name: `${prefix}-${label}`,
          cluster: this.cluster.arn,
          taskDefinition: task.arn,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          desiredCount: size.desiredCount,
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          healthCheckGracePeriodSeconds: 60,
          availabilityZoneRebalancing: "ENABLED",
          enableExecuteCommand: false,
          enableEcsManagedTags: true,
          propagateTags: "SERVICE",
          networkConfiguration: {
            subnets: args.privateSubnetIds,
            securityGroups: [args.securityGroupIds[label]],
            assignPublicIp: false,
          },
          loadBalancers: [
            {
              targetGroupArn: args.loadBalancing.targetGroups[label].arn,
              containerName: label,
              containerPort: port,
            },
          ],
          tags: tags(`${prefix}-${label}`),
        },
        {
          parent: this,
          // The target group must be attached to the ALB before ECS registers tasks in it.
          dependsOn: [args.loadBalancing.listener],
          // Autoscaling owns the running count between deploys.
          ignoreChanges: ["desiredCount"],
        },
      );
      const scalingTarget = new aws.appautoscaling.Target(
        `${name}-${label}-scaling`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${this.cluster.name}/${created.name}`,
          minCapacity: size.desiredCount,
          maxCapacity: size.maxCount,
          tags: tags(`${prefix}-${label}-scaling`),
        },
        parent,
      );
      const targetTracking = (
        metric: string,
        configuration: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration,
      ) =>
        new aws.appautoscaling.Policy(
          `${name}-${label}-${metric}-scaling`,
          {
            name: `${prefix}-${label}-${metric}`,
            policyType: "TargetTrackingScaling",
            serviceNamespace: scalingTarget.serviceNamespace,
            scalableDimension: scalingTarget.scalableDimension,
            resourceId: scalingTarget.resourceId,
            targetTrackingScalingPolicyConfiguration: configuration,
          },
          parent,
        );
      targetTracking("cpu", {
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        targetValue: 60,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      });
      targetTracking("requests", {
        predefinedMetricSpecification: {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: pulumi.interpolate`${args.loadBalancing.albArnSuffix}/${args.loadBalancing.targetGroups[label].arnSuffix}`,
        },
        targetValue: 1000,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      });
      return created;
    };
    this.djangoService = service("django", djangoTask, django, DJANGO_PORT);
    this.nextjsService = service("nextjs", nextjsTask, nextjs, NEXTJS_PORT);

    this.registerOutputs({
      clusterName: this.cluster.name,
      djangoServiceName: this.djangoService.name,
      nextjsServiceName: this.nextjsService.name,
      migrationTaskDefinitionArn: this.migrationTaskDefinition.arn,
    });
  }
}
