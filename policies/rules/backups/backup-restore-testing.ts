import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { UnknownInput, isUnknown } from "../../lib/values";

/** A restore testing selection whose plan name is unknown and whose dependency was not recorded could name any plan. */
function undecided(selection: StackResource): boolean {
  return (
    isUnknown(selection.props.restoreTestingPlanName) &&
    (selection.propertyDependencies.restoreTestingPlanName ?? []).length === 0
  );
}

function hasSelection(stack: StackView, plan: StackResource): boolean {
  return stack.referrers(plan, "restoreTestingPlanName", "restoreTestingSelection").length > 0;
}

export const backupRestoreTesting = stackPolicy({
  name: "backup-restore-testing",
  description:
    "Checks that a stack with an AWS Backup plan also tests restores: an aws.backup.RestoreTestingPlan exists with at least one aws.backup.RestoreTestingSelection naming it (restoreTestingPlanName), so AWS Backup restores recovery points on a schedule.",
  severity: "medium",
  checklist: ["devops.backups.restore-tests", "post-deploy.verify-backups"],
  remediationSteps:
    'Declare an aws.backup.RestoreTestingPlan (recoveryPointSelection from your vault, scheduleExpression such as "cron(0 5 ? * SUN *)") and an aws.backup.RestoreTestingSelection (restoreTestingPlanName: plan.name, protectedResourceType "RDS" or "Aurora", the databases\' ARNs), and validate the restored copies.',
  judges: ["backupPlan", "restoreTestingPlan"],
  validateStack(stack, { violation, check }) {
    const backupPlans = stack.ofType("backupPlan");
    if (backupPlans.length === 0) return;
    const testingPlans = stack.ofType("restoreTestingPlan");
    if (testingPlans.length === 0) {
      for (const plan of backupPlans) {
        violation(
          "Add an aws.backup.RestoreTestingPlan with an aws.backup.RestoreTestingSelection so the recovery points of this backup plan are restored and checked on a schedule.",
          plan.urn,
        );
      }
      return;
    }
    if (testingPlans.some((plan) => hasSelection(stack, plan))) return;
    const open = stack.ofType("restoreTestingSelection").some(undecided);
    for (const plan of testingPlans) {
      check(() => {
        if (open) throw new UnknownInput("restoreTestingPlanName");
        violation(
          "Add an aws.backup.RestoreTestingSelection whose restoreTestingPlanName names this restore testing plan; without one it restores nothing.",
          plan.urn,
        );
      }, plan.urn);
    }
  },
});
