import { resourcePolicy } from "../../lib/define";
import { isType, tokensOf } from "../../lib/types";
import { bool, isUnknown, str, unwrapProxy } from "../../lib/values";
import { isReplica } from "../../lib/aws/rds-database";

export const rdsDeletionSafety = resourcePolicy({
  name: "rds-deletion-safety",
  description:
    "Checks that RDS instances and clusters cannot be deleted by accident and leave a final snapshot when deleted: deletionProtection true, skipFinalSnapshot not true with a finalSnapshotIdentifier (read replicas cannot take one), and copyTagsToSnapshot true.",
  severity: "high",
  checklist: ["devops.backups.database-backups"],
  remediationSteps:
    "Set deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: a name for the final snapshot, and copyTagsToSnapshot: true. At enforcement level remediate the policy sets copyTagsToSnapshot itself; the other settings change what a delete does and are left to you.",
  appliesTo: tokensOf("rdsInstance", "rdsCluster"),
  validate({ type, props }, { violation, check }) {
    check(() => {
      if (bool(props.deletionProtection, "deletionProtection") !== true) {
        violation("Set deletionProtection to true so an update or destroy cannot delete the database.");
      }
    });
    // RDS refuses a final snapshot of an instance read replica.
    if (!(isType(type, "rdsInstance") && isReplica(type, props))) {
      check(() => {
        if (bool(props.skipFinalSnapshot, "skipFinalSnapshot") === true) {
          violation(
            "Set skipFinalSnapshot to false and set finalSnapshotIdentifier so deleting the database keeps a final snapshot.",
          );
        } else if (!str(props.finalSnapshotIdentifier, "finalSnapshotIdentifier")) {
          violation(
            "Set finalSnapshotIdentifier; with skipFinalSnapshot false the provider cannot delete the database without it.",
          );
        }
      });
    }
    check(() => {
      if (bool(props.copyTagsToSnapshot, "copyTagsToSnapshot") !== true) {
        violation(
          "Set copyTagsToSnapshot to true so snapshots keep the database's tags (owner, backup selection, cost).",
        );
      }
    });
  },
  remediate({ props }) {
    // Remediate hands over the SDK's secrets-preserving proxy: spreading it would turn secrets into plaintext.
    const raw = unwrapProxy(props);
    const current = raw.copyTagsToSnapshot;
    if (isUnknown(current) || current === true || current === "true") return undefined;
    return { ...raw, copyTagsToSnapshot: true };
  },
});
