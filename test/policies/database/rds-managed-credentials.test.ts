import { analyze, findingsOf, secret, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-managed-credentials";
const instance = (changes: Record<string, unknown> = {}) =>
  spec(
    INSTANCE,
    "db",
    { engine: "postgres", username: "admin_user", manageMasterUserPassword: true },
    changes,
  );
const cluster = (changes: Record<string, unknown> = {}) =>
  spec(
    CLUSTER,
    "aurora",
    { engine: "aurora-postgresql", masterUsername: "admin_user", manageMasterUserPassword: true },
    changes,
  );
const SET_MANAGED =
  "Set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.";

describe(POLICY, () => {
  it("passes RDS-managed master passwords", async () => {
    expect(findingsOf(await analyze([instance(), cluster()]), POLICY)).toEqual([]);
  });

  it("fails a password passed as a Pulumi secret, without echoing it", async () => {
    const result = await analyze([
      instance({ manageMasterUserPassword: undefined, password: secret("s3cret-value") }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Remove password and set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.",
      ],
    ]);
    expect(JSON.stringify(result.findings)).not.toContain("s3cret-value");
  });

  it("fails a password unknown at preview (a generated password is still the program's)", async () => {
    expect(
      findingsOf(
        await analyze([instance({ manageMasterUserPassword: undefined, password: UNKNOWN })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Remove password and set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.",
      ],
    ]);
  });

  it("fails a write-only password too", async () => {
    expect(
      findingsOf(
        await analyze([
          instance({ manageMasterUserPassword: undefined, passwordWo: secret("x"), passwordWoVersion: 1 }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Remove passwordWo and set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.",
      ],
    ]);
  });

  it("fails a cluster masterPassword", async () => {
    expect(findingsOf(await analyze([cluster({ masterPassword: "plain" })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Remove masterPassword and set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.",
      ],
    ]);
  });

  it("fails manageMasterUserPassword unset or false", async () => {
    expect(
      findingsOf(
        await analyze([
          instance({ manageMasterUserPassword: undefined }),
          cluster({ manageMasterUserPassword: "false" }),
        ]),
        POLICY,
      ),
    ).toEqual([
      ["violation", "mandatory", "aurora", SET_MANAGED],
      ["violation", "mandatory", "db", SET_MANAGED],
    ]);
  });

  it("does not judge replicas, which inherit their source's credentials", async () => {
    const replica = instance({
      manageMasterUserPassword: undefined,
      username: undefined,
      replicateSourceDb: "orders-primary",
    });
    const secondary = cluster({
      manageMasterUserPassword: undefined,
      masterUsername: undefined,
      globalClusterIdentifier: "orders-global",
    });
    expect(findingsOf(await analyze([replica, secondary]), POLICY)).toEqual([]);
  });

  it("still judges the primary of a global cluster", async () => {
    expect(
      findingsOf(
        await analyze([
          cluster({ manageMasterUserPassword: undefined, globalClusterIdentifier: "orders-global" }),
        ]),
        POLICY,
      ),
    ).toEqual([["violation", "mandatory", "aurora", SET_MANAGED]]);
  });

  it("reports an unknown manageMasterUserPassword as unverified", async () => {
    expect(findingsOf(await analyze([instance({ manageMasterUserPassword: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] manageMasterUserPassword is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
