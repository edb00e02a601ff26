import {
  djangoEnvironment,
  gunicornCommand,
  gunicornWorkers,
  nextjsEnvironment,
  type DjangoEnvironmentInput,
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
