import { analyze, findingsOf, ResourceSpec, secret, UNKNOWN } from "../../helpers/pack";

const POLICY = "no-weak-secrets";
const STRONG = "b7Kq-2xVn9RzP4tWmY8sLc3D";
const fails = (name: string, message: string) => ["violation", "mandatory", name, message];
const SHORT = (where: string) =>
  `Replace ${where} with a generated secret of at least 16 characters; it is shorter.`;
const PLACEHOLDER = (where: string) =>
  `Replace ${where} with a generated secret; it is a common placeholder, the first value anyone tries.`;

const secretVersion = (secretString: unknown): ResourceSpec => ({
  type: "aws:secretsmanager/secretVersion:SecretVersion",
  name: "version",
  props: { secretId: UNKNOWN, secretString },
});
const parameter = (value: unknown, type: unknown = "SecureString"): ResourceSpec => ({
  type: "aws:ssm/parameter:Parameter",
  name: "param",
  props: { name: "/app/api-token", type, value },
});
const instance = (password: unknown): ResourceSpec => ({
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { engine: "mysql", instanceClass: "db.t4g.micro", username: "admin", password },
});
const cluster = (masterPassword: unknown): ResourceSpec => ({
  type: "aws:rds/cluster:Cluster",
  name: "aurora",
  props: { engine: "aurora-postgresql", masterUsername: "postgres", masterPassword },
});
const provider = (password: unknown): ResourceSpec => ({
  type: "pulumi:providers:postgresql",
  name: "pg",
  props: { host: "db.internal", username: "deployer", password, sslmode: "verify-full" },
});
const role = (password: unknown): ResourceSpec => ({
  type: "postgresql:index/role:Role",
  name: "app-role",
  props: { name: "app", login: true, password },
});
const all = (value: unknown) => [
  secretVersion(value),
  parameter(value),
  instance(value),
  cluster(value),
  provider(value),
  role(value),
];
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config: { all: "mandatory", [POLICY]: config } } : {}), POLICY);

describe(POLICY, () => {
  it("passes strong literal secrets and generated ones (unknown at preview)", async () => {
    expect(await run(all(STRONG))).toEqual([]);
    expect(await run(all(UNKNOWN))).toEqual([]);
    expect(await run(all(secret(STRONG)))).toEqual([]);
  });

  it("fails a placeholder in every secret input it knows, plain or as a Pulumi secret", async () => {
    expect((await run(all(secret("ChangeMe")))).sort()).toEqual(
      [
        fails("version", PLACEHOLDER("secretString")),
        fails("param", PLACEHOLDER("value")),
        fails("db", PLACEHOLDER("password")),
        fails("aurora", PLACEHOLDER("masterPassword")),
        fails("pg", PLACEHOLDER("password")),
        fails("app-role", PLACEHOLDER("password")),
      ].sort(),
    );
    for (const placeholder of ["password", "secret", "admin", "123456", " changeme "])
      expect(await run([instance(placeholder)])).toEqual([fails("db", PLACEHOLDER("password"))]);
  });

  it("fails a value shorter than minimumLength, which config can change", async () => {
    expect(await run([role("Tr0ub4dor&3x")])).toEqual([fails("app-role", SHORT("password"))]);
    expect(await run([role("Tr0ub4dor&3x")], { minimumLength: 12 })).toEqual([]);
    expect(await run([role("Tr0ub4dor&3x")], { minimumLength: 20 })).toEqual([
      fails("app-role", "Replace password with a generated secret of at least 20 characters; it is shorter."),
    ]);
  });

  it("adds configured placeholders to the defaults", async () => {
    const company = "AcmeCorp-Winter-2026!";
    expect(await run([instance(company)])).toEqual([]);
    expect(
      await run([instance(company), role("changeme")], { placeholders: ["acmecorp-winter-2026!"] }),
    ).toEqual([fails("db", PLACEHOLDER("password")), fails("app-role", PLACEHOLDER("password"))]);
  });

  it("judges the secret-like values of a JSON secretString, naming the key", async () => {
    const rdsSecret = (password: string) =>
      JSON.stringify({ username: "app", password, host: "db.internal", port: 5432, dbname: "app" });
    expect(await run([secretVersion(rdsSecret(STRONG))])).toEqual([]);
    expect(await run([secretVersion(rdsSecret("postgres"))])).toEqual([
      fails("version", PLACEHOLDER("secretString (JSON key password)")),
    ]);
    expect(
      await run([secretVersion(JSON.stringify({ API_TOKEN: "abc", signingKey: STRONG, region: "eu" }))]),
    ).toEqual([fails("version", SHORT("secretString (JSON key API_TOKEN)"))]);
  });

  it("judges only SecureString parameters, and reports an unknown type with a weak value as unverified", async () => {
    expect(await run([parameter("eu-west-1", "String")])).toEqual([]);
    expect(await run([parameter("changeme", UNKNOWN)])).toEqual([
      [
        "unverified",
        "advisory",
        "param",
        "[unverified at preview] type is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([parameter(STRONG, UNKNOWN)])).toEqual([]);
  });

  it("never echoes the value", async () => {
    const canary = "zq8-canary";
    const result = await analyze([...all(canary), secretVersion(JSON.stringify({ password: canary }))]);
    const messages = findingsOf(result, POLICY).map(([, , , message]) => message);
    expect(messages).toHaveLength(7);
    for (const message of messages) expect(message).not.toContain(canary);
  });
});
