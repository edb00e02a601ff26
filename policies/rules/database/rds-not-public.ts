import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool } from "../../lib/values";

export const rdsNotPublic = resourcePolicy({
  name: "rds-not-public",
  description:
    "Checks that RDS instances and Aurora cluster instances are not publicly accessible (publiclyAccessible is not true), so the database has no address reachable from the internet.",
  severity: "critical",
  // No checklist item covers network exposure of the database: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    "Set publiclyAccessible: false, place the database in private subnets, and reach it from inside the VPC (the application's tasks, RDS Proxy, or a bastion/SSM tunnel for operators).",
  appliesTo: tokensOf("rdsInstance", "rdsClusterInstance"),
  validate({ props }, { violation }) {
    if (bool(props.publiclyAccessible, "publiclyAccessible") === true) {
      violation("Set publiclyAccessible to false and reach the database from inside the VPC.");
    }
  },
});
