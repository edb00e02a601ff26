import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "./rds-fixtures";

const POLICY = "dynamodb-deletion-protection";
const table = (changes: Record<string, unknown> = {}) =>
  spec(
    "aws:dynamodb/table:Table",
    "orders",
    { hashKey: "pk", attributes: [{ name: "pk", type: "S" }], deletionProtectionEnabled: true },
    changes,
  );

describe(POLICY, () => {
  it("passes a table with deletion protection", async () => {
    expect(findingsOf(await analyze([table()]), POLICY)).toEqual([]);
  });

  it("fails deletion protection off or unset", async () => {
    expect(findingsOf(await analyze([table({ deletionProtectionEnabled: false })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "orders",
        "Set deletionProtectionEnabled to true; it is false, so an update or destroy can delete the table.",
      ],
    ]);
    expect(findingsOf(await analyze([table({ deletionProtectionEnabled: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "orders",
        "Set deletionProtectionEnabled to true; it is unset, so an update or destroy can delete the table.",
      ],
    ]);
  });

  it("is mandatory in production and staging, advisory in the org baseline and dev", async () => {
    const levels = async (profile: string) =>
      findingsOf(
        await analyze([table({ deletionProtectionEnabled: false })], {
          config: require(`../../../policies/config/${profile}.json`),
        }),
        POLICY,
      ).map(([, level]) => level);
    expect(await levels("production")).toEqual(["mandatory"]);
    expect(await levels("staging")).toEqual(["mandatory"]);
    expect(await levels("org-baseline")).toEqual(["advisory"]);
    expect(await levels("dev")).toEqual(["advisory"]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([table({ deletionProtectionEnabled: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "orders",
        "[unverified at preview] deletionProtectionEnabled is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
