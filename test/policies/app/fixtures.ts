/**
 * Compliant baselines for the ECS policies: a Django (gunicorn) container and a Next.js standalone
 * container as a production task definition would declare them. Tests change one thing at a time.
 */
import type { ResourceSpec } from "../../helpers/pack";

export const TASK = "aws:ecs/taskDefinition:TaskDefinition";
export const SERVICE = "aws:ecs/service:Service";

export type ContainerDefinition = Record<string, unknown>;
export type EnvChanges = Record<string, string | number | boolean | undefined>;

const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;

export function djangoContainer(overrides: ContainerDefinition = {}): ContainerDefinition {
  return {
    name: "django",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2",
    essential: true,
    command: ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/tmp"],
    environment: [
      { name: "DJANGO_SETTINGS_MODULE", value: "config.settings.production" },
      { name: "DEBUG", value: "False" },
      { name: "ALLOWED_HOSTS", value: "api.example.com" },
      { name: "CORS_ALLOWED_ORIGINS", value: "https://app.example.com" },
      { name: "CSRF_TRUSTED_ORIGINS", value: "https://app.example.com" },
      { name: "SECURE_SSL_REDIRECT", value: "True" },
      { name: "SESSION_COOKIE_SECURE", value: "True" },
      { name: "CSRF_COOKIE_SECURE", value: "True" },
      { name: "LOG_LEVEL", value: "INFO" },
      { name: "AWS_REGION", value: "eu-west-1" },
    ],
    secrets: [
      { name: "SECRET_KEY", valueFrom: secretArn("django-secret-key") },
      { name: "DATABASE_URL", valueFrom: secretArn("django-database-url") },
      { name: "SENTRY_DSN", valueFrom: secretArn("django-sentry-dsn") },
    ],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": "/ecs/api",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "django",
      },
    },
    healthCheck: {
      command: ["CMD-SHELL", "curl -fs http://localhost:8000/healthz/ || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 3,
    },
    readonlyRootFilesystem: true,
    user: "1000:1000",
    ...overrides,
  };
}

export function nextjsContainer(overrides: ContainerDefinition = {}): ContainerDefinition {
  return {
    name: "nextjs",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2",
    essential: true,
    command: ["node", "server.js"],
    environment: [
      { name: "NODE_ENV", value: "production" },
      { name: "HOSTNAME", value: "0.0.0.0" },
      { name: "NEXT_PUBLIC_APP_URL", value: "https://app.example.com" },
      { name: "NEXT_PUBLIC_DJANGO_API", value: "https://api.example.com" },
      { name: "NEXTAUTH_URL", value: "https://app.example.com" },
    ],
    secrets: [
      { name: "NEXTAUTH_SECRET", valueFrom: secretArn("nextauth-secret") },
      { name: "SENTRY_DSN", valueFrom: secretArn("web-sentry-dsn") },
    ],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": "/ecs/web",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "nextjs",
      },
    },
    healthCheck: {
      command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:3000/api/health || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 3,
    },
    readonlyRootFilesystem: true,
    user: "1001:1001",
    ...overrides,
  };
}

/** The container with environment variables set (a value) or removed (undefined); order is kept. */
export function withEnv(container: ContainerDefinition, changes: EnvChanges): ContainerDefinition {
  const environment = (container.environment as Array<{ name: string; value: unknown }>).filter(
    (e) => !(e.name in changes),
  );
  for (const [name, value] of Object.entries(changes))
    if (value !== undefined) environment.push({ name, value });
  return { ...container, environment };
}

/** The container with `secrets` entries added (a name) or removed (names prefixed with "-"). */
export function withSecrets(container: ContainerDefinition, ...changes: string[]): ContainerDefinition {
  let secrets = container.secrets as Array<{ name: string; valueFrom: string }>;
  for (const change of changes) {
    secrets = change.startsWith("-")
      ? secrets.filter((s) => s.name !== change.slice(1))
      : [...secrets, { name: change, valueFrom: secretArn(change.toLowerCase()) }];
  }
  return { ...container, secrets };
}

/** A task definition named `name` with the given containers (or a raw containerDefinitions value). */
export function task(
  containers: ContainerDefinition[] | unknown,
  name = "app",
  props: Record<string, unknown> = {},
): ResourceSpec {
  return {
    type: TASK,
    name,
    props: {
      family: name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "512",
      memory: "1024",
      containerDefinitions: Array.isArray(containers) ? JSON.stringify(containers) : containers,
      ...props,
    },
  };
}
