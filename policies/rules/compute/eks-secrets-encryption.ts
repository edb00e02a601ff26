import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { kmsKeyNamed } from "../../lib/aws/encryption";
import { obj, strings } from "../../lib/values";

export const eksSecretsEncryption = resourcePolicy({
  name: "eks-secrets-encryption",
  description:
    'Checks that an EKS cluster encrypts Kubernetes secrets with a KMS key of your own (envelope encryption): encryptionConfig.resources includes "secrets" and encryptionConfig.provider.keyArn names a key.',
  severity: "high",
  // No checklist item covers encryption at rest: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    'Declare an aws.kms.Key (enableKeyRotation: true) and set encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } } on the cluster. Enabling it on an existing cluster cannot be undone; existing secrets are re-encrypted when you rewrite them (kubectl get secrets -A -o json | kubectl replace -f -).',
  appliesTo: tokensOf("eksCluster"),
  validate({ props }, { violation }) {
    const encryption = obj(props.encryptionConfig, "encryptionConfig");
    if (!encryption) {
      violation(
        'Set encryptionConfig with resources ["secrets"] and provider.keyArn; Kubernetes secrets are not envelope-encrypted with a KMS key.',
      );
      return;
    }
    if (!strings(encryption.resources ?? [], "encryptionConfig.resources").includes("secrets"))
      violation(
        'Add "secrets" to encryptionConfig.resources; Kubernetes secrets are not envelope-encrypted with the KMS key.',
      );
    const provider = obj(encryption.provider, "encryptionConfig.provider");
    if (!provider || !kmsKeyNamed(provider.keyArn))
      violation("Set encryptionConfig.provider.keyArn to the ARN of a KMS key; no key is named.");
  },
});
