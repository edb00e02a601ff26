import { poolLimits } from "../../../stacks/components/pooling";
import { secretNames } from "../../../stacks/components/secrets";
import {
  CONTAINER_HARDENING,
  djangoEnvironment,
  djangoServiceContainers,
  gunicornCommand,
  gunicornWorkers,
  mediaAccessStatements,
  migrationTaskContainers,
  nextjsEnvironment,
  nextjsServiceContainers,
  serviceLogGroupNames,
  serviceSizing,
  targetTrackingPolicies,
  taskVolumes,
  type ContainerDefinition,
  type DjangoEnvironmentInput,
  type DjangoTaskInput,
} from "../../../stacks/components/services";

const djangoInput: DjangoEnvironmentInput = {
  appDomain: "app.prodready.example",
  apiDomain: "api.prodready.example",
  settingsModule: "config.settings.production",
  logLevel: "INFO",
  environmentName: "production",
  database: {
    host: "db.internal.prodready.example",
    port: 5432,
    name: "prodready",
    sslMode: "verify-ca",
    sslRootCert: "/etc/ssl/certs/ca-certificates.crt",
    disableServerSideCursors: false,
  },
  media: { bucketName: "prodready-production-media-123456789012", region: "eu-west-1" },
  secretRefs: {
    secretKey: "prodready/production/django-secret-key",
    sentryDsn: "prodready/production/sentry-dsn-django",
    databaseUser:
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prodready/production/app-db-credentials:username::",
    databasePassword:
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prodready/production/app-db-credentials:password::",
  },
};
const asMap = (entries: { name: string; value?: string; valueFrom?: string }[]) =>
  Object.fromEntries(entries.map((entry) => [entry.name, entry.value ?? entry.valueFrom]));

describe("djangoEnvironment", () => {
  const contract = djangoEnvironment(djangoInput);
  const environment = asMap(contract.environment);

  test("the checklist's Django settings", () => {
    expect(environment).toMatchObject({
      DJANGO_SETTINGS_MODULE: "config.settings.production",
      DEBUG: "False",
      ALLOWED_HOSTS: "api.prodready.example",
      CORS_ALLOWED_ORIGINS: "https://app.prodready.example",
      CSRF_TRUSTED_ORIGINS: "https://app.prodready.example,https://api.prodready.example",
      SECURE_SSL_REDIRECT: "True",
      SESSION_COOKIE_SECURE: "True",
      SESSION_COOKIE_HTTPONLY: "True",
      CSRF_COOKIE_SECURE: "True",
      LOG_LEVEL: "INFO",
    });
  });

  test("the database URL carries no credentials; user and password come from secrets", () => {
    expect(environment.DATABASE_URL).toBe("postgres://db.internal.prodready.example:5432/prodready");
    expect(environment.DATABASE_URL).not.toMatch(/@/);
    expect(asMap(contract.secrets)).toEqual({
      SECRET_KEY: "prodready/production/django-secret-key",
      SENTRY_DSN: "prodready/production/sentry-dsn-django",
      DATABASE_USER: djangoInput.secretRefs.databaseUser,
      DATABASE_PASSWORD: djangoInput.secretRefs.databasePassword,
    });
  });

  test("no secret-looking variable is in environment", () => {
    for (const name of Object.keys(environment)) expect(name).not.toMatch(/PASSWORD|SECRET_KEY|DSN|TOKEN/);
  });

  test("pgBouncer mode turns server-side cursors off", () => {
    const pooled = asMap(
      djangoEnvironment({
        ...djangoInput,
        database: {
          ...djangoInput.database,
          host: "127.0.0.1",
          port: 6432,
          sslMode: "disable",
          sslRootCert: undefined,
          disableServerSideCursors: true,
        },
      }).environment,
    );
    expect(pooled.DISABLE_SERVER_SIDE_CURSORS).toBe("True");
    expect(pooled.DATABASE_SSLROOTCERT).toBeUndefined();
  });

  test("refuses local or scheme-prefixed domains", () => {
    expect(() => djangoEnvironment({ ...djangoInput, apiDomain: "localhost" })).toThrow(
      "apiDomain must be a public DNS name (no scheme, no localhost); got localhost.",
    );
    expect(() => djangoEnvironment({ ...djangoInput, appDomain: "https://app.prodready.example" })).toThrow(
      /^appDomain must be a public DNS name/,
    );
  });
});

describe("nextjsEnvironment", () => {
  const contract = nextjsEnvironment({
    appDomain: "app.prodready.example",
    apiDomain: "api.prodready.example",
    environmentName: "production",
    secretRefs: {
      nextauthSecret: "prodready/production/nextauth-secret",
      sentryDsn: "prodready/production/sentry-dsn-nextjs",
    },
  });

  test("every URL is https on the production domains", () => {
    expect(asMap(contract.environment)).toMatchObject({
      NEXT_PUBLIC_APP_URL: "https://app.prodready.example",
      NEXT_PUBLIC_DJANGO_API: "https://api.prodready.example",
      NEXTAUTH_URL: "https://app.prodready.example",
      NODE_ENV: "production",
    });
  });

  test("NEXTAUTH_SECRET and SENTRY_DSN come from Secrets Manager", () => {
    expect(asMap(contract.secrets)).toEqual({
      NEXTAUTH_SECRET: "prodready/production/nextauth-secret",
      SENTRY_DSN: "prodready/production/sentry-dsn-nextjs",
    });
    expect(contract.environment.map((entry) => entry.name)).not.toContain("NEXTAUTH_SECRET");
  });
});

describe("gunicorn", () => {
  test("workers follow 2 x vCPU + 1, at least 2", () => {
    expect([256, 512, 1024, 2048, 4096].map(gunicornWorkers)).toEqual([2, 2, 3, 5, 9]);
  });

  test("the command is gunicorn with its heartbeat on /tmp, never runserver", () => {
    const command = gunicornCommand({ wsgiApplication: "config.wsgi:application", workers: 3, port: 8000 });
    expect(command.slice(0, 2)).toEqual(["gunicorn", "config.wsgi:application"]);
    expect(command.join(" ")).toContain("--worker-tmp-dir /tmp");
    expect(command.join(" ")).toContain("--bind 0.0.0.0:8000");
    expect(command).not.toContain("runserver");
  });
});

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const credentialsKey = (secret: string, key: string) =>
  `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prodready/production/${secret}:${key}::`;
const limits = poolLimits({ instanceClass: "db.m7g.large", maxDjangoTasks: 6, workersPerTask: 3 });
const djangoTask: DjangoTaskInput = {
  appDomain: "app.prodready.example",
  apiDomain: "api.prodready.example",
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/django:1.0.0",
  settingsModule: "config.settings.production",
  wsgiApplication: "config.wsgi:application",
  workers: 3,
  logLevel: "INFO",
  environmentName: "production",
  region: REGION,
  accountId: ACCOUNT,
  database: { host: "db.internal.prodready.example", port: 5432, name: "prodready" },
  pooling: { mode: "rds-proxy", limits },
  secretNames: secretNames("production"),
  mediaBucketName: "prodready-production-media-123456789012",
  logGroupNames: serviceLogGroupNames("production", true),
};
const withPgbouncer: DjangoTaskInput = {
  ...djangoTask,
  pooling: { mode: "pgbouncer", limits },
  pgbouncerImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pgbouncer:1.23.1",
};
const nextjsTask = {
  appDomain: "app.prodready.example",
  apiDomain: "api.prodready.example",
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nextjs:1.0.0",
  environmentName: "production",
  region: REGION,
  secretNames: secretNames("production"),
  logGroupNames: serviceLogGroupNames("production", false),
};
const envOf = (container: ContainerDefinition) =>
  asMap(container.environment as { name: string; value: string }[]);
const secretsOf = (container: ContainerDefinition) =>
  asMap(container.secrets as { name: string; valueFrom: string }[]);

describe("container definitions", () => {
  const everyTask = {
    "django (rds-proxy)": djangoServiceContainers(djangoTask),
    "django (pgbouncer)": djangoServiceContainers(withPgbouncer),
    migrate: migrationTaskContainers(withPgbouncer),
    nextjs: nextjsServiceContainers(nextjsTask),
  };

  test.each(Object.entries(everyTask))(
    "%s: every container is hardened, logs to its own group and mounts only volumes of its task",
    (_, containers) => {
      const volumes = taskVolumes(containers).map((volume) => volume.name);
      for (const container of containers) {
        expect(container).toMatchObject({
          essential: true,
          readonlyRootFilesystem: true,
          privileged: false,
          linuxParameters: CONTAINER_HARDENING.linuxParameters,
        });
        expect(container.user).not.toMatch(/^(0|root)(:|$)/);
        expect(container.logConfiguration).toEqual({
          logDriver: "awslogs",
          options: {
            "awslogs-group": `/prodready/production/${container.name}`,
            "awslogs-region": REGION,
            "awslogs-stream-prefix": container.name,
          },
        });
        for (const mount of container.mountPoints as { sourceVolume: string }[])
          expect(volumes).toContain(mount.sourceVolume);
      }
    },
  );

  test("the Django service through RDS Proxy: one gunicorn container, TLS to the stable name against the system CA store", () => {
    const [django, ...others] = djangoServiceContainers(djangoTask);
    expect(others).toEqual([]);
    expect(django).toMatchObject({ name: "django", image: djangoTask.image, user: "1000:1000" });
    expect(django.command).toEqual(
      gunicornCommand({ wsgiApplication: "config.wsgi:application", workers: 3, port: 8000 }),
    );
    expect(django.portMappings).toEqual([{ name: "http", containerPort: 8000, protocol: "tcp" }]);
    expect(django.dependsOn).toBeUndefined();
    expect(envOf(django)).toMatchObject({
      DATABASE_HOST: "db.internal.prodready.example",
      DATABASE_SSLMODE: "verify-ca",
      DATABASE_SSLROOTCERT: "/etc/ssl/certs/ca-certificates.crt",
      AWS_STORAGE_BUCKET_NAME: "prodready-production-media-123456789012",
    });
    expect(secretsOf(django)).toMatchObject({
      DATABASE_USER: credentialsKey("app-db-credentials", "username"),
      DATABASE_PASSWORD: credentialsKey("app-db-credentials", "password"),
    });
    expect(taskVolumes([django])).toEqual([{ name: "tmp" }]);
  });

  test("straight to the instance, Django verifies against the RDS CA bundle", () => {
    const [django] = djangoServiceContainers({ ...djangoTask, pooling: { mode: "none", limits } });
    expect(envOf(django).DATABASE_SSLROOTCERT).toBe("/etc/ssl/certs/rds-global-bundle.pem");
  });

  test("with pgBouncer, Django waits for a healthy sidecar and reaches it on loopback without TLS", () => {
    const [django, pgbouncer] = djangoServiceContainers(withPgbouncer);
    expect(django.dependsOn).toEqual([{ containerName: "pgbouncer", condition: "HEALTHY" }]);
    expect(envOf(django)).toMatchObject({
      DATABASE_HOST: "127.0.0.1",
      DATABASE_PORT: "6432",
      DATABASE_SSLMODE: "disable",
      DISABLE_SERVER_SIDE_CURSORS: "True",
    });
    expect(pgbouncer).toMatchObject({
      name: "pgbouncer",
      image: withPgbouncer.pgbouncerImage,
      user: "70:70",
    });
    expect(envOf(pgbouncer)).toMatchObject({
      DB_HOST: "db.internal.prodready.example",
      POOL_MODE: "transaction",
      DEFAULT_POOL_SIZE: String(limits.pgbouncerDefaultPoolSize),
    });
    expect(secretsOf(pgbouncer)).toEqual({
      DB_USER: credentialsKey("app-db-credentials", "username"),
      DB_PASSWORD: credentialsKey("app-db-credentials", "password"),
    });
    expect(taskVolumes([django, pgbouncer]).map((volume) => volume.name)).toEqual([
      "tmp",
      "pgbouncer-config",
      "pgbouncer-tmp",
    ]);
  });

  test("pgBouncer mode without a pgBouncer image is refused", () => {
    expect(() => djangoServiceContainers({ ...withPgbouncer, pgbouncerImage: undefined })).toThrow(
      "Services pgbouncerImage is required when pooling.mode is pgbouncer.",
    );
  });

  test("a container without a log group is refused, not logged nowhere", () => {
    expect(() =>
      djangoServiceContainers({ ...withPgbouncer, logGroupNames: serviceLogGroupNames("production", false) }),
    ).toThrow("Services has no log group for the pgbouncer container; add one to logGroupNames.");
  });

  test("migrations run as the migrator, straight to the database even when the service uses pgBouncer", () => {
    const [migrate, ...others] = migrationTaskContainers(withPgbouncer);
    expect(others).toEqual([]);
    expect(migrate.command).toEqual(["python", "manage.py", "migrate", "--noinput"]);
    expect(migrate.portMappings).toBeUndefined();
    expect(envOf(migrate)).toMatchObject({
      DATABASE_HOST: "db.internal.prodready.example",
      DATABASE_PORT: "5432",
      DATABASE_SSLMODE: "verify-ca",
      DISABLE_SERVER_SIDE_CURSORS: "False",
    });
    expect(secretsOf(migrate)).toMatchObject({
      DATABASE_USER: credentialsKey("migrator-db-credentials", "username"),
      DATABASE_PASSWORD: credentialsKey("migrator-db-credentials", "password"),
    });
  });

  test("Next.js serves on its port with writable /tmp and build cache", () => {
    const [nextjs] = nextjsServiceContainers(nextjsTask);
    expect(nextjs.portMappings).toEqual([{ name: "http", containerPort: 3000, protocol: "tcp" }]);
    expect(secretsOf(nextjs)).toEqual({
      NEXTAUTH_SECRET: "prodready/production/nextauth-secret",
      SENTRY_DSN: "prodready/production/sentry-dsn-nextjs",
    });
    expect(taskVolumes([nextjs]).map((volume) => volume.name)).toEqual(["tmp", "next-cache"]);
  });
});

describe("task and service decisions", () => {
  test("log groups per container, pgBouncer's only with the sidecar", () => {
    expect(serviceLogGroupNames("staging", false)).toEqual({
      django: "/prodready/staging/django",
      nextjs: "/prodready/staging/nextjs",
      migrate: "/prodready/staging/migrate",
    });
    expect(serviceLogGroupNames("dev", true).pgbouncer).toBe("/prodready/dev/pgbouncer");
  });

  test("sizing: the defaults, and a ceiling of three times the floor", () => {
    expect(serviceSizing("django", { image: "django:1" }, { cpu: 512, memory: 1024 })).toEqual({
      image: "django:1",
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      maxCount: 6,
    });
  });

  test("sizing refuses a floor under one task and a ceiling under the floor", () => {
    const defaults = { cpu: 256, memory: 512 };
    expect(() => serviceSizing("nextjs", { image: "n", desiredCount: 0 }, defaults)).toThrow(
      "Services nextjs.desiredCount must be at least 1; got 0.",
    );
    expect(() => serviceSizing("django", { image: "d", desiredCount: 4, maxCount: 3 }, defaults)).toThrow(
      "Services django.maxCount (3) must be at least django.desiredCount (4).",
    );
  });

  test("Django reaches only the media prefix of its bucket", () => {
    const bucketArn = "arn:aws:s3:::prodready-production-media-123456789012";
    const statements = mediaAccessStatements({
      bucketArn,
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/media",
    }) as { Action: string | string[]; Resource: string; Condition?: unknown }[];
    expect(statements[0].Resource).toBe(`${bucketArn}/media/*`);
    expect(statements[1]).toMatchObject({
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": ["media/*"] } },
    });
    expect(statements.flatMap((statement) => statement.Action)).not.toContain("s3:*");
  });

  test("scaling tracks CPU and requests per target, out fast and in slowly", () => {
    const policies = targetTrackingPolicies({ albTargetLabel: "app/alb/1/targetgroup/tg/2" });
    expect(Object.keys(policies)).toEqual(["cpu", "requests"]);
    expect(policies.requests.predefinedMetricSpecification).toEqual({
      predefinedMetricType: "ALBRequestCountPerTarget",
      resourceLabel: "app/alb/1/targetgroup/tg/2",
    });
    for (const policy of Object.values(policies))
      expect(policy).toMatchObject({ scaleOutCooldown: 60, scaleInCooldown: 300 });
  });
});
