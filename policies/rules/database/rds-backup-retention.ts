import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { num, str } from "../../lib/values";

interface Config {
  minimumDays: number;
}

export const rdsBackupRetention = resourcePolicy<Config>({
  name: "rds-backup-retention",
  description:
    "Checks that RDS instances and Aurora clusters, whatever their engine, keep automated backups for at least the configured number of days.",
  severity: "high",
  checklist: [
    "backend.database.backups-enabled",
    "devops.backups.database-backups",
    "devops.backups.retention-policy",
  ],
  remediationSteps:
    "Set backupRetentionPeriod on the instance or cluster to at least the configured minimum (production: 14 days).",
  config: {
    minimumDays: {
      type: "integer",
      minimum: 1,
      maximum: 35,
      default: 7,
      description: "Smallest acceptable backupRetentionPeriod, in days.",
    },
  },
  appliesTo: tokensOf("rdsInstance", "rdsCluster"),
  validate({ props }, { config, violation }) {
    // A read replica's backups are its source's; retention on a replica is a separate choice.
    if (str(props.replicateSourceDb, "replicateSourceDb")) return;
    const days = num(props.backupRetentionPeriod, "backupRetentionPeriod");
    if (days === undefined) {
      violation(
        `Set backupRetentionPeriod to at least ${config.minimumDays} days; it is unset, which the provider treats as no automated backups.`,
      );
    } else if (days < config.minimumDays) {
      violation(`Set backupRetentionPeriod to at least ${config.minimumDays} days; it is ${days}.`);
    }
  },
});
