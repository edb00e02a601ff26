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

const POLICY = "nextjs-production-settings";
const fails = (message: string) => ["violation", "mandatory", "app", message];
const run = async (container: ContainerDefinition, config?: Record<string, unknown>) =>
  findingsOf(
    await analyze([task([container])], config ? { config: { all: "mandatory", [POLICY]: config } } : {}),
    POLICY,
  );
const env = (changes: EnvChanges) => withEnv(nextjsContainer(), changes);

describe(POLICY, () => {
  it("passes a production Next.js container", async () => {
    expect(await run(nextjsContainer())).toEqual([]);
  });

  it.each<[string, EnvChanges, string]>([
    [
      "NEXT_PUBLIC_APP_URL unset",
      { NEXT_PUBLIC_APP_URL: undefined },
      "Set NEXT_PUBLIC_APP_URL in container nextjs to the production frontend URL (https://); it is unset.",
    ],
    [
      "NEXT_PUBLIC_DJANGO_API unset",
      { NEXT_PUBLIC_DJANGO_API: undefined },
      "Set NEXT_PUBLIC_DJANGO_API in container nextjs to the production API URL (https://); it is unset.",
    ],
    [
      "NEXTAUTH_URL unset",
      { NEXTAUTH_URL: undefined },
      "Set NEXTAUTH_URL in container nextjs to the production frontend URL (https://); it is unset.",
    ],
    [
      "NEXT_PUBLIC_DJANGO_API over http",
      { NEXT_PUBLIC_DJANGO_API: "http://api.example.com" },
      "Use an https:// URL for NEXT_PUBLIC_DJANGO_API in container nextjs; it is not https.",
    ],
    [
      "NEXT_PUBLIC_APP_URL not a URL",
      { NEXT_PUBLIC_APP_URL: "app.example.com" },
      "Set NEXT_PUBLIC_APP_URL in container nextjs to the production frontend URL as an absolute https:// URL; it is not a URL.",
    ],
    [
      "NEXTAUTH_URL on localhost",
      { NEXTAUTH_URL: "https://localhost:3000" },
      "Point NEXTAUTH_URL in container nextjs at the production frontend URL; it names a local host.",
    ],
    [
      "NEXTAUTH_URL on 127.0.0.1",
      { NEXTAUTH_URL: "https://127.0.0.1" },
      "Point NEXTAUTH_URL in container nextjs at the production frontend URL; it names a local host.",
    ],
    [
      "NEXT_PUBLIC_DJANGO_API on 0.0.0.0",
      { NEXT_PUBLIC_DJANGO_API: "https://0.0.0.0:8000" },
      "Point NEXT_PUBLIC_DJANGO_API in container nextjs at the production API URL; it names a local host.",
    ],
    [
      "NEXT_PUBLIC_DJANGO_API on a .local host",
      { NEXT_PUBLIC_DJANGO_API: "https://api.local" },
      "Point NEXT_PUBLIC_DJANGO_API in container nextjs at the production API URL; it names a local host.",
    ],
    [
      "NODE_ENV=development",
      { NODE_ENV: "development" },
      "Set NODE_ENV=production in container nextjs; it is not production.",
    ],
    ["NODE_ENV unset", { NODE_ENV: undefined }, "Set NODE_ENV=production in container nextjs; it is unset."],
  ])("fails %s", async (_case, changes, message) => {
    expect(await run(env(changes))).toEqual([fails(message)]);
  });

  it("fails NEXTAUTH_SECRET in environment and an absent NEXTAUTH_SECRET", async () => {
    const inEnvironment = withEnv(withSecrets(nextjsContainer(), "-NEXTAUTH_SECRET"), {
      NEXTAUTH_SECRET: "x",
    });
    expect(await run(inEnvironment)).toEqual([
      fails(
        "Move NEXTAUTH_SECRET of container nextjs from environment to secrets (valueFrom a Secrets Manager secret).",
      ),
    ]);
    expect(await run(withSecrets(nextjsContainer(), "-NEXTAUTH_SECRET"))).toEqual([
      fails(
        "Set NEXTAUTH_SECRET in the secrets of container nextjs (valueFrom a Secrets Manager secret); it is unset.",
      ),
    ]);
  });

  it("accepts the Auth.js v5 names AUTH_SECRET and AUTH_URL", async () => {
    const container = withSecrets(
      env({ NEXTAUTH_URL: undefined, AUTH_URL: "https://app.example.com" }),
      "-NEXTAUTH_SECRET",
      "AUTH_SECRET",
    );
    expect(await run(container)).toEqual([]);
  });

  it("fails a URL setting hidden in secrets, whose value cannot be checked", async () => {
    expect(await run(withSecrets(env({ NEXTAUTH_URL: undefined }), "NEXTAUTH_URL"))).toEqual([
      fails(
        "Set NEXTAUTH_URL in the environment of container nextjs, not in secrets, so its value can be checked; it is not a secret.",
      ),
    ]);
  });

  it.each<[string, ContainerDefinition]>([
    [
      "a `next start` command",
      { image: "acme/web:1", command: ["npx", "next", "start", "-p", "3000"], environment: [] },
    ],
    [
      "NEXTAUTH_* variables",
      { image: "acme/web:1", environment: [{ name: "NEXTAUTH_URL", value: "https://app.example.com" }] },
    ],
    [
      "the standalone server with NODE_ENV and HOSTNAME",
      {
        image: "acme/web:1",
        command: ["node", "server.js"],
        environment: [
          { name: "NODE_ENV", value: "production" },
          { name: "HOSTNAME", value: "0.0.0.0" },
        ],
      },
    ],
    ["a nextjs image", { image: "ghcr.io/acme/nextjs-web:2", environment: [] }],
  ])("recognises a Next.js container by %s", async (_signal, overrides) => {
    expect(await run({ name: "web", ...overrides })).toContainEqual(
      fails(
        "Set NEXTAUTH_SECRET in the secrets of container web (valueFrom a Secrets Manager secret); it is unset.",
      ),
    );
  });

  it.each<[string, ContainerDefinition]>([
    [
      "an Express server.js without HOSTNAME",
      {
        image: "acme/web:1",
        command: ["node", "server.js"],
        environment: [{ name: "NODE_ENV", value: "production" }],
      },
    ],
    ["a nextcloud image", { image: "nextcloud:29", environment: [] }],
    ["a Django container", djangoContainer()],
  ])("does not take %s for Next.js", async (_case, container) => {
    expect(await run({ name: "web", ...container })).toEqual([]);
  });

  it("honours nextjsImagePatterns", async () => {
    const container = { name: "web", image: "acme/frontend:3", environment: [] };
    expect(await run(container, { nextjsImagePatterns: ["/frontend:"] })).toContainEqual(
      fails("Set NODE_ENV=production in container web; it is unset."),
    );
  });

  it("reports an unknown URL as unverified and still checks the rest", async () => {
    expect(await run(env({ NEXT_PUBLIC_APP_URL: UNKNOWN, NODE_ENV: "development" }))).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] containerDefinitions[0].environment[3].value is not known until deploy; enforced at deploy.",
      ],
      fails("Set NODE_ENV=production in container nextjs; it is not production."),
    ]);
  });

  it("leaves definitions built from outputs to ecs-logging's one finding", async () => {
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([]);
  });
});
