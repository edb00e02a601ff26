import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";
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

// --- Container definitions: pure functions of plain values, so preview sees every setting ---

/** One entry of a task definition's containerDefinitions (serialized to JSON as is). */
export interface ContainerDefinition {
  name: string;
  [key: string]: unknown;
}

/** A writable task-storage volume mounted into a container (the root filesystem is read-only). */
export interface MountPoint {
  sourceVolume: string;
  containerPath: string;
  readOnly: false;
}

/** The awslogs driver into a service's log group, one stream per task under the container's prefix. */
export function awslogsConfiguration(input: { region: string; logGroupName: string; streamPrefix: string }) {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": input.logGroupName,
      "awslogs-region": input.region,
      "awslogs-stream-prefix": input.streamPrefix,
    },
  };
}

/** What every container gets: a non-root user, a read-only root, no privileges, no capabilities, an init process. */
export const CONTAINER_HARDENING = {
  user: APP_USER,
  readonlyRootFilesystem: true,
  privileged: false,
  linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
} as const;

const writable = (sourceVolume: string, containerPath: string): MountPoint => ({
  sourceVolume,
  containerPath,
  readOnly: false,
});

/** An application's health check: the shell command every 15 s, unhealthy after three misses, 30 s to boot. */
const applicationHealthCheck = (command: string) => ({
  command: ["CMD-SHELL", command],
  interval: 15,
  timeout: 5,
  retries: 3,
  startPeriod: 30,
});

/** What every application container is built from. */
export interface ApplicationContainerInput {
  /** Image, pinned to a tag or digest. */
  image: string;
  /** The env contract (djangoEnvironment, nextjsEnvironment). */
  contract: ContainerEnvironment;
  /** Where its logs go (awslogsConfiguration). */
  logConfiguration: ReturnType<typeof awslogsConfiguration>;
}

/** The Django container: gunicorn on DJANGO_PORT, health-checked on HEALTH_CHECK_PATH, started after its pgBouncer sidecar when it has one. */
export function djangoContainer(
  input: ApplicationContainerInput & {
    /** The gunicorn command (gunicornCommand). */
    command: string[];
    /** Wait for the pgBouncer sidecar to be healthy before starting. */
    afterPgbouncerSidecar: boolean;
  },
): ContainerDefinition {
  return {
    name: "django",
    image: input.image,
    essential: true,
    command: input.command,
    portMappings: [{ name: "http", containerPort: DJANGO_PORT, protocol: "tcp" }],
    environment: input.contract.environment,
    secrets: input.contract.secrets,
    ...CONTAINER_HARDENING,
    mountPoints: [writable("tmp", "/tmp")],
    healthCheck: applicationHealthCheck(
      `python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${DJANGO_PORT}${HEALTH_CHECK_PATH}', timeout=3)" || exit 1`,
    ),
    stopTimeout: 30,
    logConfiguration: input.logConfiguration,
    ...(input.afterPgbouncerSidecar
      ? { dependsOn: [{ containerName: "pgbouncer", condition: "HEALTHY" }] }
      : {}),
  };
}

/** The pgBouncer sidecar: the settings of pgbouncerEnvironment, the app role's credentials from its secret's JSON keys. */
export function pgbouncerSidecarContainer(input: {
  image: string;
  settings: PgbouncerEnvironmentInput;
  /** valueFrom references to the username and password JSON keys of the app role's secret. */
  credentials: { username: string; password: string };
  logConfiguration: ReturnType<typeof awslogsConfiguration>;
}): ContainerDefinition {
  return {
    name: "pgbouncer",
    image: input.image,
    essential: true,
    environment: pgbouncerEnvironment(input.settings),
    secrets: [
      { name: "DB_USER", valueFrom: input.credentials.username },
      { name: "DB_PASSWORD", valueFrom: input.credentials.password },
    ],
    ...CONTAINER_HARDENING,
    // The postgres user of the Alpine pgBouncer images owns /etc/pgbouncer.
    user: "70:70",
    mountPoints: [writable("pgbouncer-config", "/etc/pgbouncer"), writable("pgbouncer-tmp", "/tmp")],
    healthCheck: {
      command: ["CMD-SHELL", `nc -z 127.0.0.1 ${PGBOUNCER_PORT} || exit 1`],
      interval: 10,
      timeout: 3,
      retries: 3,
      startPeriod: 10,
    },
    logConfiguration: input.logConfiguration,
  };
}

/** The Next.js container: the standalone server on NEXTJS_PORT, its build cache on a writable volume. */
export function nextjsContainer(input: ApplicationContainerInput): ContainerDefinition {
  return {
    name: "nextjs",
    image: input.image,
    essential: true,
    portMappings: [{ name: "http", containerPort: NEXTJS_PORT, protocol: "tcp" }],
    environment: input.contract.environment,
    secrets: input.contract.secrets,
    ...CONTAINER_HARDENING,
    mountPoints: [writable("tmp", "/tmp"), writable("next-cache", "/app/.next/cache")],
    healthCheck: applicationHealthCheck(
      `node -e "fetch('http://127.0.0.1:${NEXTJS_PORT}${HEALTH_CHECK_PATH}').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"`,
    ),
    stopTimeout: 30,
    logConfiguration: input.logConfiguration,
  };
}

/** The one-off migration container: the Django image running `manage.py migrate`, no port, no health check. */
export function migrationContainer(input: ApplicationContainerInput): ContainerDefinition {
  return {
    name: "migrate",
    image: input.image,
    essential: true,
    command: ["python", "manage.py", "migrate", "--noinput"],
    environment: input.contract.environment,
    secrets: input.contract.secrets,
    ...CONTAINER_HARDENING,
    mountPoints: [writable("tmp", "/tmp")],
    logConfiguration: input.logConfiguration,
  };
}

/** Everything the Django service and migration tasks are built from: plain values, known before deploy. */
export interface DjangoTaskInput extends DomainConfig {
  /** The Django image, pinned to a tag or digest. */
  image: string;
  /** DJANGO_SETTINGS_MODULE. */
  settingsModule: string;
  /** gunicorn's `module:callable`. */
  wsgiApplication: string;
  /** gunicorn workers per task (gunicornWorkers of the task's CPU). */
  workers: number;
  /** Django LOG_LEVEL. */
  logLevel: LogLevel;
  /** The deployment environment (stack) reported to Sentry. */
  environmentName: string;
  /** Region and account of the stack: the log driver and the secrets' partial ARNs. */
  region: string;
  accountId: string;
  /** The database as the applications see it: the stable private name, not an endpoint output. */
  database: { host: string; port: number; name: string };
  /** How Django reaches the database (pgbouncer adds the sidecar). */
  pooling: { mode: ConnectionPooling; limits: PoolLimits };
  /** pgBouncer image of the sidecar; required when pooling.mode is pgbouncer. */
  pgbouncerImage?: string;
  /** Names of the stack's secrets (valueFrom). */
  secretNames: SecretNames;
  /** The media bucket Django stores uploads in. */
  mediaBucketName: string;
  /** Log group of each container, by container name. */
  logGroupNames: Record<string, string>;
}

/**
 * Django's env contract in one of its tasks: as the app role (the service) or the migrator (the
 * migration task); through the pgBouncer sidecar on loopback, or TLS to the stable name verifying
 * the chain (db.<zone> is a CNAME, so the certificate names the real endpoint, not the name).
 */
function djangoTaskEnvironment(
  input: DjangoTaskInput,
  role: "app" | "migrator",
  throughSidecar: boolean,
): ContainerEnvironment {
  const names = input.secretNames;
  const credentials = role === "app" ? names.appDatabaseCredentials : names.migratorDatabaseCredentials;
  return djangoEnvironment({
    appDomain: input.appDomain,
    apiDomain: input.apiDomain,
    settingsModule: input.settingsModule,
    logLevel: input.logLevel,
    environmentName: input.environmentName,
    database: throughSidecar
      ? pgbouncerClientConnection(input.database.name)
      : {
          host: input.database.host,
          port: input.database.port,
          name: input.database.name,
          sslMode: "verify-ca",
          sslRootCert: input.pooling.mode === "rds-proxy" ? SYSTEM_CA_BUNDLE_PATH : RDS_CA_BUNDLE_PATH,
          disableServerSideCursors: false,
        },
    media: { bucketName: input.mediaBucketName, region: input.region },
    secretRefs: {
      secretKey: names.djangoSecretKey,
      sentryDsn: names.sentryDsnDjango,
      databaseUser: secretJsonKeyReference(input.region, input.accountId, credentials, "username"),
      databasePassword: secretJsonKeyReference(input.region, input.accountId, credentials, "password"),
    },
  });
}

function logsOf(input: { region: string; logGroupNames: Record<string, string> }, container: string) {
  const logGroupName = input.logGroupNames[container];
  if (!logGroupName)
    throw new Error(`Services has no log group for the ${container} container; add one to logGroupNames.`);
  return awslogsConfiguration({ region: input.region, logGroupName, streamPrefix: container });
}

/** The Django service's task: gunicorn as the app role, plus the pgBouncer sidecar when pooling.mode is pgbouncer. */
export function djangoServiceContainers(input: DjangoTaskInput): ContainerDefinition[] {
  const sidecar = input.pooling.mode === "pgbouncer";
  const containers = [
    djangoContainer({
      image: input.image,
      command: gunicornCommand({
        wsgiApplication: input.wsgiApplication,
        workers: input.workers,
        port: DJANGO_PORT,
      }),
      contract: djangoTaskEnvironment(input, "app", sidecar),
      logConfiguration: logsOf(input, "django"),
      afterPgbouncerSidecar: sidecar,
    }),
  ];
  if (sidecar) {
    if (!input.pgbouncerImage)
      throw new Error("Services pgbouncerImage is required when pooling.mode is pgbouncer.");
    const credentials = input.secretNames.appDatabaseCredentials;
    containers.push(
      pgbouncerSidecarContainer({
        image: input.pgbouncerImage,
        settings: { database: input.database, limits: input.pooling.limits },
        credentials: {
          username: secretJsonKeyReference(input.region, input.accountId, credentials, "username"),
          password: secretJsonKeyReference(input.region, input.accountId, credentials, "password"),
        },
        logConfiguration: logsOf(input, "pgbouncer"),
      }),
    );
  }
  return containers;
}

/** The migration task: as the migrator (schema owner), straight to the database, never through a transaction pooler. */
export function migrationTaskContainers(input: DjangoTaskInput): ContainerDefinition[] {
  return [
    migrationContainer({
      image: input.image,
      contract: djangoTaskEnvironment(input, "migrator", false),
      logConfiguration: logsOf(input, "migrate"),
    }),
  ];
}

/** The Next.js service's task. */
export function nextjsServiceContainers(
  input: DomainConfig & {
    /** The Next.js image, pinned to a tag or digest. */
    image: string;
    /** The deployment environment (stack) reported to Sentry. */
    environmentName: string;
    region: string;
    secretNames: SecretNames;
    logGroupNames: Record<string, string>;
  },
): ContainerDefinition[] {
  return [
    nextjsContainer({
      image: input.image,
      contract: nextjsEnvironment({
        appDomain: input.appDomain,
        apiDomain: input.apiDomain,
        environmentName: input.environmentName,
        secretRefs: {
          nextauthSecret: input.secretNames.nextauthSecret,
          sentryDsn: input.secretNames.sentryDsnNextjs,
        },
      }),
      logConfiguration: logsOf(input, "nextjs"),
    }),
  ];
}

/** A task's volumes: every volume its containers mount, once, in the order they are first mounted. */
export function taskVolumes(containers: ContainerDefinition[]): { name: string }[] {
  const names = containers.flatMap((container) =>
    ((container.mountPoints as MountPoint[] | undefined) ?? []).map((mount) => mount.sourceVolume),
  );
  return [...new Set(names)].map((name) => ({ name }));
}

// --- Task and service decisions ---

/** Log group of each container of the stack's tasks (explicit, so container definitions stay known at preview). */
export function serviceLogGroupNames(stack: string, pgbouncerSidecar: boolean): Record<string, string> {
  return {
    django: `/prodready/${stack}/django`,
    nextjs: `/prodready/${stack}/nextjs`,
    migrate: `/prodready/${stack}/migrate`,
    ...(pgbouncerSidecar ? { pgbouncer: `/prodready/${stack}/pgbouncer` } : {}),
  };
}

/** A service's size with its defaults applied; refuses a floor under one task or a ceiling under the floor. */
export function serviceSizing(
  service: "django" | "nextjs",
  settings: ServiceSizing,
  defaults: { cpu: number; memory: number },
): Required<ServiceSizing> {
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
}

/**
 * Target tracking for a web service: CPU at 60% and 1000 ALB requests per task. Scale out after a
 * minute, in after five, so a burst does not flap the count.
 */
export function targetTrackingPolicies(input: {
  /** `<alb arnSuffix>/<target group arnSuffix>`, the ALBRequestCountPerTarget resource label. */
  albTargetLabel: pulumi.Input<string>;
}): Record<
  "cpu" | "requests",
  aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration
> {
  return {
    cpu: {
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      targetValue: 60,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    },
    requests: {
      predefinedMetricSpecification: {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: input.albTargetLabel,
      },
      targetValue: 1000,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    },
  };
}

/** What the Django application may do with the media bucket: read, write and delete under MEDIA_PREFIX, list that prefix, use the bucket's key. */
export function mediaAccessStatements(input: { bucketArn: string; kmsKeyArn: string }): object[] {
  return [
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `${input.bucketArn}/${MEDIA_PREFIX}*`,
    },
    {
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: input.bucketArn,
      Condition: { StringLike: { "s3:prefix": [`${MEDIA_PREFIX}*`] } },
    },
    { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: input.kmsKeyArn },
  ];
}

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
    const django = serviceSizing("django", args.django, { cpu: 512, memory: 1024 });
    const nextjs = serviceSizing("nextjs", args.nextjs, { cpu: 256, memory: 512 });
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

    this.logGroupNames = serviceLogGroupNames(stack, pgbouncer);
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

    const ecsTasksTrust = caller.accountId.apply((sourceAccount) =>
      serviceTrustPolicy({ service: "ecs-tasks.amazonaws.com", sourceAccount }),
    );
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
    const taskRole = (service: string, policy?: pulumi.Input<string>) => {
      const role = new aws.iam.Role(
        `${name}-${service}-task-role`,
        {
          description: `What the ${service} application itself may call in AWS`,
          assumeRolePolicy: ecsTasksTrust,
          tags: tags(`${name}-${service}-task-role`),
        },
        parent,
      );
      if (policy) new aws.iam.RolePolicy(`${name}-${service}-task-policy`, { role: role.id, policy }, parent);
      return role;
    };
    const djangoTaskRole = taskRole(
      "django",
      pulumi.all([args.media.bucketArn, args.media.kmsKeyArn]).apply(([bucketArn, kmsKeyArn]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: mediaAccessStatements({ bucketArn, kmsKeyArn }),
        }),
      ),
    );
    const nextjsTaskRole = taskRole("nextjs");
    const migrateTaskRole = taskRole("migrate");

    // The container definitions are built from values known before deploy (secret names, log group
    // names, config images, the stable db.<zone> name, account id and region from data sources), so
    // they stay known at `pulumi preview` and the policies can check every container setting.
    const djangoTask = (accountId: string, mediaBucketName: string): DjangoTaskInput => ({
      appDomain: args.appDomain,
      apiDomain: args.apiDomain,
      image: django.image,
      settingsModule: args.django.settingsModule ?? "config.settings.production",
      wsgiApplication: args.django.wsgiApplication ?? "config.wsgi:application",
      workers: gunicornWorkers(django.cpu),
      logLevel: args.logLevel ?? "INFO",
      environmentName: stack,
      region: args.region,
      accountId,
      database: args.database,
      pooling: args.pooling,
      pgbouncerImage: args.pgbouncerImage,
      secretNames: args.secrets.names,
      mediaBucketName,
      logGroupNames: this.logGroupNames,
    });
    const account = pulumi.all([caller.accountId, args.media.bucketName]);
    const djangoContainers = account.apply(([id, bucket]) => djangoServiceContainers(djangoTask(id, bucket)));
    const migrateContainers = account.apply(([id, bucket]) =>
      migrationTaskContainers(djangoTask(id, bucket)),
    );
    const nextjsContainers = nextjsServiceContainers({
      appDomain: args.appDomain,
      apiDomain: args.apiDomain,
      image: nextjs.image,
      environmentName: stack,
      region: args.region,
      secretNames: args.secrets.names,
      logGroupNames: this.logGroupNames,
    });

    const runtimePlatform = {
      operatingSystemFamily: "LINUX",
      cpuArchitecture: args.cpuArchitecture ?? "X86_64",
    };
    const taskDefinition = (
      service: string,
      containers: pulumi.Input<ContainerDefinition[]>,
      size: { cpu: number; memory: number },
      role: aws.iam.Role,
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
          volumes: pulumi.output(containers).apply(taskVolumes),
          containerDefinitions: pulumi.jsonStringify(containers),
          tags: tags(`${prefix}-${service}`),
        },
        parent,
      );
    const djangoTaskDefinition = taskDefinition("django", djangoContainers, django, djangoTaskRole);
    const nextjsTaskDefinition = taskDefinition("nextjs", nextjsContainers, nextjs, nextjsTaskRole);
    this.migrationTaskDefinition = taskDefinition("migrate", migrateContainers, django, migrateTaskRole);

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
      const policies = targetTrackingPolicies({
        albTargetLabel: pulumi.interpolate`${args.loadBalancing.albArnSuffix}/${args.loadBalancing.targetGroups[label].arnSuffix}`,
      });
      for (const [metric, configuration] of Object.entries(policies)) {
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
      }
      return created;
    };
    this.djangoService = service("django", djangoTaskDefinition, django, DJANGO_PORT);
    this.nextjsService = service("nextjs", nextjsTaskDefinition, nextjs, NEXTJS_PORT);

    this.registerOutputs({
      clusterName: this.cluster.name,
      djangoServiceName: this.djangoService.name,
      nextjsServiceName: this.nextjsService.name,
      migrationTaskDefinitionArn: this.migrationTaskDefinition.arn,
    });
  }
}
