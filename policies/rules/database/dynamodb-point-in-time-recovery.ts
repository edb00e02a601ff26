import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, obj } from "../../lib/values";

export const dynamodbPointInTimeRecovery = resourcePolicy({
  name: "dynamodb-point-in-time-recovery",
  description:
    "Checks that every DynamoDB table has point-in-time recovery on (pointInTimeRecovery.enabled true), so a bad write or delete can be undone by restoring the table to any second of the recovery period. AWS leaves it off by default.",
  severity: "high",
  checklist: ["devops.backups.database-backups"],
  remediationSteps:
    "Set pointInTimeRecovery: { enabled: true } on every aws.dynamodb.Table (recoveryPeriodInDays sets the window, 35 days by default), and include the table in an AWS Backup plan for copies kept longer or in another account.",
  appliesTo: tokensOf("dynamodbTable"),
  validate({ props }, { violation }) {
    const recovery = obj(props.pointInTimeRecovery, "pointInTimeRecovery");
    const enabled = bool(recovery?.enabled, "pointInTimeRecovery.enabled");
    if (enabled !== true)
      violation(
        `Set pointInTimeRecovery.enabled to true; it is ${enabled === false ? "false" : "unset"}, so the table cannot be restored to a point in time.`,
      );
  },
});
