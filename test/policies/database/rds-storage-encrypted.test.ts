import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-storage-encrypted";
const instance = (changes: Record<string, unknown> = {}) =>
  spec(INSTANCE, "db", { engine: "postgres", storageEncrypted: true, kmsKeyId: UNKNOWN }, changes);
const cluster = (changes: Record<string, unknown> = {}) =>
  spec(CLUSTER, "aurora", { engine: "aurora-postgresql", storageEncrypted: true }, changes);

describe(POLICY, () => {
  it("passes encrypted instances and clusters", async () => {
    expect(findingsOf(await analyze([instance(), cluster()]), POLICY)).toEqual([]);
  });

  it("fails storageEncrypted false", async () => {
    expect(findingsOf(await analyze([instance({ storageEncrypted: false })]), POLICY)).toEqual([
      ["violation", "mandatory", "db", "Set storageEncrypted to true; it is false."],
    ]);
  });

  it("fails an unset storageEncrypted on a cluster, even Aurora Serverless v1", async () => {
    expect(
      findingsOf(await analyze([cluster({ storageEncrypted: undefined, engineMode: "serverless" })]), POLICY),
    ).toEqual([["violation", "mandatory", "aurora", "Set storageEncrypted to true; it is unset."]]);
  });

  it("reads the string form of a boolean", async () => {
    expect(
      findingsOf(
        await analyze([instance({ storageEncrypted: "true" }), cluster({ storageEncrypted: "false" })]),
        POLICY,
      ),
    ).toEqual([["violation", "mandatory", "aurora", "Set storageEncrypted to true; it is false."]]);
  });

  it("reports an unknown storageEncrypted as unverified", async () => {
    expect(findingsOf(await analyze([instance({ storageEncrypted: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] storageEncrypted is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
