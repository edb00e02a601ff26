import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import {
  ContainerDefinition,
  djangoContainer,
  EnvChanges,
  nextjsContainer,
  task,
  withEnv,
  withSecrets,
} from "./fixtures";

const POLICY = "django-production-settings";
const fails = (message: string) => ["violation", "mandatory", "app", message];
const run = async (container: ContainerDefinition, config?: Record<string, unknown>) =>
  findingsOf(
    await analyze([task([container])], config ? { config: { all: "mandatory", [POLICY]: config } } : {}),
    POLICY,
  );
const env = (changes: EnvChanges) => withEnv(djangoContainer(), changes);

describe(POLICY, () => {
  it("passes a production Django container", async () => {
    expect(await run(djangoContainer())).toEqual([]);
  });

  it.each<[string, EnvChanges, string]>([
    ["DEBUG unset", { DEBUG: undefined }, "Set DEBUG=False explicitly in container django; it is unset."],
    [
      "DEBUG=True",
      { DEBUG: "True" },
      "Set DEBUG=False in container django; it is on, which shows stack traces and settings to visitors.",
    ],
    [
      "DEBUG=1",
      { DEBUG: "1" },
      "Set DEBUG=False in container django; it is on, which shows stack traces and settings to visitors.",
    ],
    [
      "DJANGO_DEBUG=true",
      { DEBUG: undefined, DJANGO_DEBUG: "true" },
      "Set DEBUG=False in container django; it is on, which shows stack traces and settings to visitors.",
    ],
    [
      "DEBUG unrecognised",
      { DEBUG: "maybe" },
      "Set DEBUG=False in container django; its value is not one of False, false, 0, no, off.",
    ],
    [
      "ALLOWED_HOSTS unset",
      { ALLOWED_HOSTS: undefined },
      "Set ALLOWED_HOSTS in container django to the domain names the API serves; it is unset.",
    ],
    [
      "ALLOWED_HOSTS empty",
      { ALLOWED_HOSTS: " " },
      "Set ALLOWED_HOSTS in container django to the domain names the API serves; it is empty.",
    ],
    [
      "ALLOWED_HOSTS *",
      { ALLOWED_HOSTS: "api.example.com, *" },
      'Remove "*" from ALLOWED_HOSTS in container django; list the domain names the API serves.',
    ],
    [
      "CORS_ALLOWED_ORIGINS unset",
      { CORS_ALLOWED_ORIGINS: undefined },
      "Set CORS_ALLOWED_ORIGINS in container django to the frontend's https:// origin; it is unset.",
    ],
    [
      "CORS_ALLOWED_ORIGINS empty",
      { CORS_ALLOWED_ORIGINS: "" },
      "Set CORS_ALLOWED_ORIGINS in container django to the frontend's https:// origin; it is empty.",
    ],
    [
      "CORS_ALLOWED_ORIGINS *",
      { CORS_ALLOWED_ORIGINS: "*" },
      'Remove "*" from CORS_ALLOWED_ORIGINS in container django; list the frontend\'s origins instead.',
    ],
    [
      "CORS_ALLOWED_ORIGINS http",
      { CORS_ALLOWED_ORIGINS: "https://app.example.com http://app.example.com" },
      "Use only https:// origins in CORS_ALLOWED_ORIGINS of container django; 1 of 2 are not.",
    ],
    [
      "CORS_ALLOW_ALL_ORIGINS",
      { CORS_ALLOW_ALL_ORIGINS: "True" },
      "Set CORS_ALLOW_ALL_ORIGINS=False (or remove it) in container django; it lets every website call the API.",
    ],
    [
      "CORS_ORIGIN_ALLOW_ALL",
      { CORS_ORIGIN_ALLOW_ALL: "true" },
      "Set CORS_ORIGIN_ALLOW_ALL=False (or remove it) in container django; it lets every website call the API.",
    ],
    [
      "CSRF_TRUSTED_ORIGINS http",
      { CSRF_TRUSTED_ORIGINS: "http://app.example.com" },
      "Use only https:// origins in CSRF_TRUSTED_ORIGINS of container django; 1 of 1 are not.",
    ],
    [
      "SECURE_SSL_REDIRECT unset",
      { SECURE_SSL_REDIRECT: undefined },
      "Set SECURE_SSL_REDIRECT=True in container django; it is unset, so plain http requests are served.",
    ],
    [
      "SESSION_COOKIE_SECURE=False",
      { SESSION_COOKIE_SECURE: "False" },
      "Set SESSION_COOKIE_SECURE=True in container django; it is not true, so session cookies travel over plain http.",
    ],
    [
      "CSRF_COOKIE_SECURE unset",
      { CSRF_COOKIE_SECURE: undefined },
      "Set CSRF_COOKIE_SECURE=True in container django; it is unset, so the CSRF cookie travels over plain http.",
    ],
    [
      "DATABASE_URL sqlite",
      { DATABASE_URL: "sqlite:////tmp/db.sqlite3" },
      "Point DATABASE_URL in container django at PostgreSQL; it names SQLite.",
    ],
    [
      "DB_ENGINE sqlite",
      { DB_ENGINE: "django.db.backends.sqlite3" },
      "Point DB_ENGINE in container django at PostgreSQL; it names SQLite.",
    ],
    [
      "LOG_LEVEL=DEBUG",
      { LOG_LEVEL: "DEBUG" },
      "Set LOG_LEVEL to INFO or higher in container django; it is DEBUG.",
    ],
    [
      "DJANGO_LOG_LEVEL=debug",
      { DJANGO_LOG_LEVEL: "debug" },
      "Set DJANGO_LOG_LEVEL to INFO or higher in container django; it is DEBUG.",
    ],
  ])("fails %s", async (_case, changes, message) => {
    expect(await run(env(changes))).toEqual([fails(message)]);
  });

  it("accepts the DJANGO_-prefixed names and booleans written as JSON booleans", async () => {
    const container = env({ SECURE_SSL_REDIRECT: undefined, DJANGO_SECURE_SSL_REDIRECT: true, DEBUG: false });
    expect(await run(container)).toEqual([]);
  });

  it("fails runserver as the start command", async () => {
    const container = djangoContainer({ command: ["python", "manage.py", "runserver", "0.0.0.0:8000"] });
    expect(await run(container)).toEqual([
      fails(
        "Start container django with gunicorn (or uvicorn) instead of manage.py runserver, the development server.",
      ),
    ]);
  });

  it("fails settings hidden in secrets, whose values cannot be checked", async () => {
    const container = withSecrets(env({ DEBUG: undefined }), "DEBUG");
    expect(await run(container)).toEqual([
      fails(
        "Set DEBUG in the environment of container django, not in secrets, so its value can be checked; it is not a secret.",
      ),
    ]);
  });

  it("reports each failing setting separately", async () => {
    expect(await run(env({ DEBUG: "True", ALLOWED_HOSTS: "*" }))).toEqual([
      fails('Remove "*" from ALLOWED_HOSTS in container django; list the domain names the API serves.'),
      fails(
        "Set DEBUG=False in container django; it is on, which shows stack traces and settings to visitors.",
      ),
    ]);
  });

  it("lets config accept an unset DEBUG and http origins", async () => {
    const container = env({
      DEBUG: undefined,
      CORS_ALLOWED_ORIGINS: "http://app.internal",
      CSRF_TRUSTED_ORIGINS: "http://app.internal",
    });
    expect(await run(container, { requireExplicitDebug: false, allowHttpOrigins: true })).toEqual([]);
  });

  it.each<[string, ContainerDefinition]>([
    [
      "DJANGO_SETTINGS_MODULE",
      {
        image: "acme/api:1",
        command: [],
        environment: [{ name: "DJANGO_SETTINGS_MODULE", value: "api.settings" }],
      },
    ],
    [
      "a uvicorn command",
      { image: "acme/api:1", command: ["uvicorn", "api.asgi:application"], environment: [] },
    ],
    [
      "manage.py in a shell command",
      {
        image: "acme/api:1",
        command: ["sh", "-c", "python manage.py migrate && exec daphne api.asgi:application"],
        environment: [],
      },
    ],
    ["a django image", { image: "ghcr.io/acme/django-api:2", environment: [] }],
  ])("recognises a Django container by %s", async (_signal, overrides) => {
    const container = { name: "api", ...overrides };
    const findings = await run(container);
    expect(findings).toContainEqual(fails("Set DEBUG=False explicitly in container api; it is unset."));
  });

  it("honours djangoImagePatterns", async () => {
    const container = { name: "api", image: "acme/backend:3", environment: [] };
    expect(await run(container)).toEqual([]);
    expect(await run(container, { djangoImagePatterns: ["/backend:"] })).toContainEqual(
      fails("Set DEBUG=False explicitly in container api; it is unset."),
    );
  });

  it("reports a setting wrong in several Django containers of one task once, naming them", async () => {
    const web = djangoContainer({ name: "web" });
    const worker = djangoContainer({ name: "worker", command: ["celery", "-A", "config", "worker"] });
    const debugOn = (container: Record<string, unknown>) =>
      withEnv(container, { DEBUG: "True" }) as Record<string, unknown>;
    expect(findingsOf(await analyze([task([debugOn(web), debugOn(worker)])]), POLICY)).toEqual([
      fails(
        "Set DEBUG=False in containers web and worker; it is on, which shows stack traces and settings to visitors.",
      ),
    ]);
  });

  it("ignores containers that are not Django", async () => {
    const sidecar = { name: "nginx", image: "nginx:1.27", environment: [{ name: "DEBUG", value: "true" }] };
    expect(findingsOf(await analyze([task([sidecar, nextjsContainer()])]), POLICY)).toEqual([]);
  });

  it("reports an unknown setting as unverified and still checks the rest", async () => {
    expect(await run(env({ DEBUG: UNKNOWN, ALLOWED_HOSTS: "*" }))).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] containerDefinitions[0].environment[8].value is not known until deploy; enforced at deploy.",
      ],
      fails('Remove "*" from ALLOWED_HOSTS in container django; list the domain names the API serves.'),
    ]);
  });

  it("leaves definitions built from outputs to ecs-logging's one finding and fails malformed ones", async () => {
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([task("not json")]), POLICY)).toEqual([
      fails(
        "Set containerDefinitions to a JSON array of container definitions; it does not parse as one, so this policy cannot check it.",
      ),
    ]);
  });
});
