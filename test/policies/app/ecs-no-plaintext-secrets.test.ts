import { analyze, findingsOf, secret, UNKNOWN } from "../../helpers/pack";
import { djangoContainer, nextjsContainer, task, withEnv, withSecrets } from "./fixtures";

const POLICY = "ecs-no-plaintext-secrets";
const MOVE = "from environment to secrets (valueFrom Secrets Manager or SSM)";
const byName = (variable: string, container = "django") => [
  "violation",
  "mandatory",
  "app",
  `Move environment variable ${variable} of container ${container} ${MOVE}; its name marks it as a secret.`,
];
const byValue = (variable: string, kind: string) => [
  "violation",
  "mandatory",
  "app",
  `Move environment variable ${variable} of container django ${MOVE}; its value contains ${kind}.`,
];

describe(POLICY, () => {
  it("passes secrets passed through `secrets` and plain settings in environment", async () => {
    expect(findingsOf(await analyze([task([djangoContainer(), nextjsContainer()])]), POLICY)).toEqual([]);
  });

  it.each([
    "SECRET_KEY",
    "DB_PASSWORD",
    "SMTP_PASSWD",
    "GITHUB_TOKEN",
    "STRIPE_API_KEY",
    "JWT_PRIVATE_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "GOOGLE_CREDENTIALS",
    "SENTRY_DSN",
    "BASIC_AUTH",
    "REDIS_AUTH",
  ])("fails %s in environment by its name", async (variable) => {
    const result = await analyze([task([withEnv(djangoContainer(), { [variable]: "placeholder" })])]);
    expect(findingsOf(result, POLICY)).toEqual([byName(variable)]);
  });

  it("fails NEXTAUTH_SECRET in the Next.js container's environment", async () => {
    const nextjs = withEnv(withSecrets(nextjsContainer(), "-NEXTAUTH_SECRET"), {
      NEXTAUTH_SECRET: "placeholder",
    });
    expect(findingsOf(await analyze([task([nextjs])]), POLICY)).toEqual([
      byName("NEXTAUTH_SECRET", "nextjs"),
    ]);
  });

  it("does not judge names that contain AUTH or DSN other than as their last word", async () => {
    const env = {
      OAUTHLIB_INSECURE_TRANSPORT: "0",
      AUTHOR_NAME: "x",
      DSNAME: "x",
      AUTH_TYPE: "scram-sha-256",
      AUTH_TRUST_HOST: "true",
      DSN_TIMEOUT: "5",
    };
    const result = await analyze([task([withEnv(djangoContainer(), env)])]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it("treats NEXT_PUBLIC_* names as public but still checks their values", async () => {
    const nextjs = withEnv(nextjsContainer(), {
      NEXT_PUBLIC_SENTRY_DSN: "https://abc@o1.ingest.sentry.io/1",
      NEXT_PUBLIC_API_TOKEN: "sk_live_0123456789abcdefghij",
    });
    expect(findingsOf(await analyze([task([nextjs])]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Move environment variable NEXT_PUBLIC_API_TOKEN of container nextjs ${MOVE}; its value contains a Stripe live secret key.`,
      ],
    ]);
  });

  it.each([
    ["credentials in a URL", "postgres://app:s3cr3t-pw@db.internal:5432/app"],
    ["credentials in a URL", "https://api.example.com/v1?client=web&api_key=abcdef123456"],
    ["an AWS access key id", "AKIAIOSFODNN7EXAMPLE"],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"],
    ["a GitHub token", "ghp_0123456789abcdefghijklmnopqrstuvwxyz"],
    ["a Slack token", "xoxb-1234567890-abcdefghij"],
    ["a Stripe live secret key", "sk_live_0123456789abcdefghij"],
  ])("fails a value holding %s under an innocent name, without echoing it", async (kind, value) => {
    const result = await analyze([task([withEnv(djangoContainer(), { UPSTREAM: value })])]);
    expect(findingsOf(result, POLICY)).toEqual([byValue("UPSTREAM", kind)]);
    expect(JSON.stringify(result.findings)).not.toContain(value.slice(0, 16));
  });

  it("passes URLs whose password is a placeholder or absent", async () => {
    const env = {
      DATABASE_HOST_URL: "postgres://app:${DB_PASSWORD}@db:5432/app",
      CACHE_URL: "redis://cache:6379/0",
      DOCS_URL: "https://user@docs.example.com",
    };
    expect(findingsOf(await analyze([task([withEnv(djangoContainer(), env)])]), POLICY)).toEqual([]);
  });

  it("honours allowedNames and secretNamePatterns from config", async () => {
    const container = withEnv(djangoContainer(), { TOKEN_TTL_SECONDS: "300", MY_VAULT_ITEM: "x" });
    const config = {
      all: "mandatory",
      [POLICY]: { allowedNames: ["TOKEN_TTL_SECONDS"], secretNamePatterns: ["^MY_VAULT_"] },
    };
    expect(findingsOf(await analyze([task([container])], { config }), POLICY)).toEqual([
      byName("MY_VAULT_ITEM"),
    ]);
  });

  it("adds configured secretNamePatterns to the defaults instead of replacing them", async () => {
    const container = withEnv(djangoContainer(), { MY_VAULT_ITEM: "x", DB_PASSWORD: "y", SIGNING_SALT: "z" });
    const config = { all: "mandatory", [POLICY]: { secretNamePatterns: ["^MY_VAULT_", "SALT$"] } };
    // One finding per container and fault, naming every variable.
    expect(findingsOf(await analyze([task([container])], { config }), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Move environment variables MY_VAULT_ITEM, DB_PASSWORD and SIGNING_SALT of container django ${MOVE}; its name marks it as a secret.`,
      ],
    ]);
    // Without the config only the default pattern PASSWORD matches.
    expect(findingsOf(await analyze([task([container])]), POLICY)).toEqual([byName("DB_PASSWORD")]);
  });

  it("does not echo a variable name that is itself shaped like a secret", async () => {
    const container = {
      ...djangoContainer(),
      environment: [{ name: "ghp_0123456789abcdefghijklmnopqrstuvwxyz", value: "1" }],
    };
    expect(findingsOf(await analyze([task([container])]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Move environment variable at containerDefinitions[0].environment[0] of container django ${MOVE}; its name marks it as a secret.`,
      ],
    ]);
  });

  it("checks definitions passed as a Pulumi secret (the policy sees plaintext)", async () => {
    const spec = task([withEnv(djangoContainer(), { DB_PASSWORD: "x" })]);
    spec.props.containerDefinitions = secret(spec.props.containerDefinitions);
    expect(findingsOf(await analyze([spec]), POLICY)).toEqual([byName("DB_PASSWORD")]);
  });

  it("fails closed on container definitions that are not a JSON array", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "app",
        "Set containerDefinitions to a JSON array of container definitions; it does not parse as one, so this policy cannot check it.",
      ],
    ];
    expect(findingsOf(await analyze([task("[{not json")]), POLICY)).toEqual(expected);
    expect(findingsOf(await analyze([task('{"name": "django"}')]), POLICY)).toEqual(expected);
    expect(findingsOf(await analyze([task("[1, 2]")]), POLICY)).toEqual(expected);
  });

  it("leaves container definitions built from outputs to ecs-logging's one finding", async () => {
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([]);
  });

  it("reports an unknown value as unverified and still judges the other names", async () => {
    const container = withEnv(djangoContainer(), { UPSTREAM: UNKNOWN, API_KEY: "x" });
    expect(findingsOf(await analyze([task([container])]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] containerDefinitions[0].environment[10].value is not known until deploy; enforced at deploy.",
      ],
      byName("API_KEY"),
    ]);
  });
});
