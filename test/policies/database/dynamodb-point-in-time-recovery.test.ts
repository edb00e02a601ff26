import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "./rds-fixtures";

const POLICY = "dynamodb-point-in-time-recovery";
const TABLE = "aws:dynamodb/table:Table";
const table = (changes: Record<string, unknown> = {}) =>
  spec(
    TABLE,
    "orders",
    {
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    },
    changes,
  );

describe(POLICY, () => {
  it("passes a table with point-in-time recovery on", async () => {
    expect(findingsOf(await analyze([table()]), POLICY)).toEqual([]);
  });

  it("fails point-in-time recovery off or unset", async () => {
    expect(findingsOf(await analyze([table({ pointInTimeRecovery: { enabled: false } })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "orders",
        "Set pointInTimeRecovery.enabled to true; it is false, so the table cannot be restored to a point in time.",
      ],
    ]);
    expect(findingsOf(await analyze([table({ pointInTimeRecovery: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "orders",
        "Set pointInTimeRecovery.enabled to true; it is unset, so the table cannot be restored to a point in time.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([table({ pointInTimeRecovery: { enabled: UNKNOWN } })]), POLICY)).toEqual(
      [
        [
          "unverified",
          "advisory",
          "orders",
          "[unverified at preview] pointInTimeRecovery.enabled is not known until deploy; enforced at deploy.",
        ],
      ],
    );
  });

  it("does not throw on malformed input", async () => {
    expect(findingsOf(await analyze([table({ pointInTimeRecovery: [true] })]), POLICY)).toHaveLength(1);
  });
});
