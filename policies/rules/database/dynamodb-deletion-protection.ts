import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool } from "../../lib/values";

export const dynamodbDeletionProtection = resourcePolicy({
  name: "dynamodb-deletion-protection",
  description:
    "Checks that every DynamoDB table has deletion protection on (deletionProtectionEnabled true), so an update that replaces the table or a destroy cannot delete its data. Mandatory in the production profile, advisory in the others.",
  severity: "high",
  checklist: ["devops.backups.database-backups"],
  remediationSteps:
    "Set deletionProtectionEnabled: true on every aws.dynamodb.Table (and protect: true on the Pulumi resource); turn it off in a reviewed change before a deliberate delete.",
  appliesTo: tokensOf("dynamodbTable"),
  validate({ props }, { violation }) {
    const enabled = bool(props.deletionProtectionEnabled, "deletionProtectionEnabled");
    if (enabled !== true)
      violation(
        `Set deletionProtectionEnabled to true; it is ${enabled === false ? "false" : "unset"}, so an update or destroy can delete the table.`,
      );
  },
});
