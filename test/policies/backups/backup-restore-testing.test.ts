import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "backup-restore-testing";
const plan = spec("aws:backup/plan:Plan", "plan", {
  name: "orders-plan",
  rules: [{ ruleName: "daily", targetVaultName: "orders-vault" }],
});
const testingPlan = (name = "restore-tests", changes: Record<string, unknown> = {}) =>
  spec(
    "aws:backup/restoreTestingPlan:RestoreTestingPlan",
    name,
    { name: "orders_restore_tests", scheduleExpression: "cron(0 5 ? * SUN *)", recoveryPointSelection: {} },
    changes,
  );
const testingSelection = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { restoreTestingPlanName: ["restore-tests"] },
): ResourceSpec =>
  spec(
    "aws:backup/restoreTestingSelection:RestoreTestingSelection",
    "restore-db",
    { restoreTestingPlanName: UNKNOWN, protectedResourceType: "RDS", iamRoleArn: UNKNOWN },
    changes,
    refs,
  );
const NO_SELECTION =
  "Add an aws.backup.RestoreTestingSelection whose restoreTestingPlanName names this restore testing plan; without one it restores nothing.";

describe(POLICY, () => {
  it("passes a backup plan with a restore testing plan and a selection", async () => {
    expect(findingsOf(await analyze([plan, testingPlan(), testingSelection()]), POLICY)).toEqual([]);
  });

  it("passes a stack without backup plans", async () => {
    expect(findingsOf(await analyze([testingPlan()]), POLICY)).toEqual([]);
  });

  it("fails a backup plan without restore testing", async () => {
    expect(findingsOf(await analyze([plan]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "plan",
        "Add an aws.backup.RestoreTestingPlan with an aws.backup.RestoreTestingSelection so the recovery points of this backup plan are restored and checked on a schedule.",
      ],
    ]);
  });

  it("fails a restore testing plan without a selection", async () => {
    expect(findingsOf(await analyze([plan, testingPlan()]), POLICY)).toEqual([
      ["violation", "mandatory", "restore-tests", NO_SELECTION],
    ]);
  });

  it("fails a selection that names another restore testing plan", async () => {
    const elsewhere = testingSelection({ restoreTestingPlanName: "someone_elses_plan" }, {});
    expect(findingsOf(await analyze([plan, testingPlan(), elsewhere]), POLICY)).toEqual([
      ["violation", "mandatory", "restore-tests", NO_SELECTION],
    ]);
  });

  it("joins by name when no dependency was recorded", async () => {
    expect(
      findingsOf(
        await analyze([
          plan,
          testingPlan(),
          testingSelection({ restoreTestingPlanName: "orders_restore_tests" }, {}),
        ]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("passes when one of several restore testing plans has a selection", async () => {
    expect(
      findingsOf(
        await analyze([plan, testingPlan(), testingPlan("spare", { name: "spare" }), testingSelection()]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("reports a selection whose plan name is unknown and unrecorded as unverified", async () => {
    expect(findingsOf(await analyze([plan, testingPlan(), testingSelection({}, {})]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "restore-tests",
        "[unverified at preview] restoreTestingPlanName is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
