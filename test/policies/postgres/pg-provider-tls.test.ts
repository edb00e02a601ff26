import { analyze, findingsOf, secret, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "pg-provider-tls";
// Provider inputs reach analyzers as strings, as the engine sends provider config.
const provider = (changes: Record<string, unknown> = {}, name = "pg") =>
  spec(
    "pulumi:providers:postgresql",
    name,
    {
      host: "db.internal",
      username: "deployer",
      sslmode: "verify-full",
      superuser: "false",
      password: secret("pw"),
      version: "3.18.1",
    },
    changes,
  );
const SUPERUSER_UNSET =
  "Set superuser to false; it is unset and the provider then assumes a superuser, and RDS has no PostgreSQL superuser.";

describe(POLICY, () => {
  it("passes verify-full with superuser false", async () => {
    expect(findingsOf(await analyze([provider()]), POLICY)).toEqual([]);
  });

  it("accepts a boolean superuser and the deprecated sslMode", async () => {
    expect(
      findingsOf(
        await analyze([provider({ sslmode: undefined, sslMode: "require", superuser: false })]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("fails an sslmode that does not require TLS", async () => {
    expect(findingsOf(await analyze([provider({ sslmode: "prefer" })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "pg",
        'Set sslmode to one of require, verify-ca, verify-full; it is "prefer".',
      ],
    ]);
  });

  it("fails an unset sslmode", async () => {
    expect(findingsOf(await analyze([provider({ sslmode: undefined })]), POLICY)).toEqual([
      ["violation", "mandatory", "pg", "Set sslmode to one of require, verify-ca, verify-full; it is unset."],
    ]);
  });

  it("does not echo an sslmode that is not one", async () => {
    expect(findingsOf(await analyze([provider({ sslmode: "postgres://u:p@h/db" })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "pg",
        "Set sslmode to one of require, verify-ca, verify-full; it is not a libpq sslmode.",
      ],
    ]);
  });

  it("applies the production profile's verify-full only", async () => {
    const config = { all: "mandatory", [POLICY]: { allowedSslModes: ["verify-full"] } };
    expect(findingsOf(await analyze([provider({ sslmode: "require" })], { config }), POLICY)).toEqual([
      ["violation", "mandatory", "pg", 'Set sslmode to one of verify-full; it is "require".'],
    ]);
  });

  it("fails superuser true or unset", async () => {
    const result = await analyze([
      provider({ superuser: "true" }),
      provider({ superuser: undefined }, "default_3_18_1"),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      ["violation", "mandatory", "default_3_18_1", SUPERUSER_UNSET],
      [
        "violation",
        "mandatory",
        "pg",
        "Set superuser to false; it is true, and RDS has no PostgreSQL superuser.",
      ],
    ]);
  });

  it("rejects an sslmode outside libpq's in config, like the engine does", async () => {
    await expect(
      analyze([provider()], { config: { [POLICY]: { allowedSslModes: ["strict"] } } }),
    ).rejects.toThrow(/allowedSslModes/);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([provider({ sslmode: UNKNOWN, superuser: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "pg",
        "[unverified at preview] sslmode is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "pg",
        "[unverified at preview] superuser is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
