import { resourcePolicy } from "../../lib/define";
import { isType, tokensOf } from "../../lib/types";
import { bool } from "../../lib/values";
import { isReplica } from "../../lib/aws/rds-database";

/** The inputs that carry a master password chosen by the program, per token. */
function passwordInputs(type: string): string[] {
  return isType(type, "rdsCluster") ? ["masterPassword", "masterPasswordWo"] : ["password", "passwordWo"];
}

export const rdsManagedCredentials = resourcePolicy({
  name: "rds-managed-credentials",
  description:
    "Checks that RDS instances and clusters let RDS manage the master password in Secrets Manager (manageMasterUserPassword true) and that the program passes no master password of its own, not even as a Pulumi secret; replicas, which inherit their source's credentials, are not judged.",
  severity: "high",
  checklist: ["backend.security.no-sensitive-data-in-code-or-logs"],
  remediationSteps:
    "Remove password/passwordWo (instances) or masterPassword/masterPasswordWo (clusters) and set manageMasterUserPassword: true (optionally masterUserSecretKmsKeyId). Applications use their own roles' credentials, not the rotated master secret.",
  appliesTo: tokensOf("rdsInstance", "rdsCluster"),
  validate({ type, props }, { violation }) {
    if (isReplica(type, props)) return;
    // Presence is enough: the value (plaintext, secret or unknown) is never read.
    const supplied = passwordInputs(type).filter((key) => props[key] !== undefined && props[key] !== null);
    if (supplied.length > 0) {
      violation(
        `Remove ${supplied.join(" and ")} and set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.`,
      );
    } else if (bool(props.manageMasterUserPassword, "manageMasterUserPassword") !== true) {
      violation(
        "Set manageMasterUserPassword to true so RDS generates, stores and rotates the master password in Secrets Manager.",
      );
    }
  },
});
