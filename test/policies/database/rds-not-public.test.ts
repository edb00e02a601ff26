import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { CLUSTER_INSTANCE, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-not-public";
const instance = (changes: Record<string, unknown> = {}) =>
  spec(INSTANCE, "db", { engine: "postgres", publiclyAccessible: false }, changes);
const member = (changes: Record<string, unknown> = {}) =>
  spec(
    CLUSTER_INSTANCE,
    "aurora-1",
    { engine: "aurora-postgresql", clusterIdentifier: "orders", instanceClass: "db.r6g.large" },
    changes,
  );
const MESSAGE = "Set publiclyAccessible to false and reach the database from inside the VPC.";

describe(POLICY, () => {
  it("passes private instances and cluster instances (unset is private)", async () => {
    expect(findingsOf(await analyze([instance(), member()]), POLICY)).toEqual([]);
  });

  it("fails a public instance", async () => {
    expect(findingsOf(await analyze([instance({ publiclyAccessible: true })]), POLICY)).toEqual([
      ["violation", "mandatory", "db", MESSAGE],
    ]);
  });

  it("fails a public Aurora cluster instance", async () => {
    expect(findingsOf(await analyze([member({ publiclyAccessible: "true" })]), POLICY)).toEqual([
      ["violation", "mandatory", "aurora-1", MESSAGE],
    ]);
  });

  it("reports an unknown publiclyAccessible as unverified", async () => {
    expect(findingsOf(await analyze([instance({ publiclyAccessible: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] publiclyAccessible is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
