import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { encryptionSwitch } from "../../lib/aws/encryption";

export const rdsStorageEncrypted = resourcePolicy({
  name: "rds-storage-encrypted",
  description:
    "Checks that RDS instances and clusters set storageEncrypted to true, so data, automated backups and snapshots are encrypted at rest; an unset value fails even where AWS would encrypt anyway, so the choice is visible in review.",
  severity: "high",
  // No checklist item covers encryption at rest: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    "Set storageEncrypted: true (and kmsKeyId to a customer-managed KMS key). An existing unencrypted database cannot be encrypted in place: restore an encrypted copy of a snapshot and switch over.",
  appliesTo: tokensOf("rdsInstance", "rdsCluster"),
  validate({ props }, { violation }) {
    const encrypted = encryptionSwitch(props.storageEncrypted, "storageEncrypted");
    if (encrypted === "off") violation("Set storageEncrypted to true; it is false.");
    else if (encrypted === "unset") violation("Set storageEncrypted to true; it is unset.");
  },
});
