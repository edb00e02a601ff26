import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "secrets-manager-hygiene";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const secret = (name: string, props: Record<string, unknown> = {}): ResourceSpec => ({
  type: SECRET,
  name,
  props: { arn: UNKNOWN, id: UNKNOWN, ...props },
});
const rotation = (target: string, props: Record<string, unknown> = {}): ResourceSpec => ({
  type: ROTATION,
  name: `${target}-rotation`,
  props: {
    secretId: UNKNOWN,
    rotationLambdaArn: UNKNOWN,
    rotationRules: { automaticallyAfterDays: 30 },
    ...props,
  },
  refs: { secretId: [target] },
});
const fails = (name: string, message: string) => ["violation", "mandatory", name, message];
const NO_ROTATION =
  "Add an aws.secretsmanager.SecretRotation (secretId referring to this secret) for these database credentials; they are never rotated.";
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config: { all: "mandatory", [POLICY]: config } } : {}), POLICY);

describe(POLICY, () => {
  it("passes recoverable secrets and rotated database credentials", async () => {
    const specs = [
      secret("nextauth-secret"),
      secret("db-credentials", { recoveryWindowInDays: 14 }),
      rotation("db-credentials"),
    ];
    expect(await run(specs)).toEqual([]);
  });

  it("fails a secret deleted without recovery", async () => {
    expect(await run([secret("api-keys", { recoveryWindowInDays: 0 })])).toEqual([
      fails(
        "api-keys",
        "Set recoveryWindowInDays to at least 7 days (or leave it unset for 30); it is 0, which deletes the secret at once with no recovery.",
      ),
    ]);
  });

  it("honours minimumRecoveryWindowDays", async () => {
    const short = [secret("api-keys", { recoveryWindowInDays: 7 })];
    expect(await run(short, { minimumRecoveryWindowDays: 14 })).toEqual([
      fails("api-keys", "Set recoveryWindowInDays to at least 14 days (or leave it unset for 30); it is 7."),
    ]);
    expect(
      await run([secret("scratch", { recoveryWindowInDays: 0 })], { minimumRecoveryWindowDays: 0 }),
    ).toEqual([]);
  });

  it.each<[string, ResourceSpec]>([
    ["its logical name", secret("orders-db")],
    ["its name", secret("creds", { name: "prod/appDatabase/credentials" })],
    ["its description", secret("creds", { description: "PostgreSQL login for the app role" })],
    ["its namePrefix", secret("creds", { namePrefix: "rds-app-" })],
  ])("fails database credentials without rotation, recognised by %s", async (_by, spec) => {
    expect(await run([spec])).toEqual([fails(spec.name, NO_ROTATION)]);
  });

  it("does not take words that merely contain a pattern for database secrets", async () => {
    expect(
      await run([secret("feedback-api-key"), secret("cards", { description: "Thirdparty records" })]),
    ).toEqual([]);
  });

  it("honours requireRotationForDatabaseSecrets and databaseSecretPatterns", async () => {
    expect(await run([secret("orders-db")], { requireRotationForDatabaseSecrets: false })).toEqual([]);
    expect(
      await run([secret("orders-db"), secret("ledger-mysql")], { databaseSecretPatterns: ["mysql"] }),
    ).toEqual([fails("ledger-mysql", NO_ROTATION)]);
  });

  it("joins a rotation by a known ARN or name when no dependency was recorded", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";
    const specs = [secret("orders-db", { arn }), { ...rotation("orders-db", { secretId: arn }), refs: {} }];
    expect(await run(specs)).toEqual([]);
  });

  it("does not take another secret's rotation for this one", async () => {
    expect(await run([secret("orders-db"), secret("billing-db"), rotation("billing-db")])).toEqual([
      fails("orders-db", NO_ROTATION),
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(await run([secret("api-keys", { recoveryWindowInDays: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "api-keys",
        "[unverified at preview] recoveryWindowInDays is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([secret("orders-db"), { ...rotation("orders-db"), refs: {} }])).toEqual([
      [
        "unverified",
        "advisory",
        "orders-db",
        "[unverified at preview] secretId of orders-db-rotation is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
