import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { cluster } from "./ec2-fixtures";

const POLICY = "eks-secrets-encryption";

describe(POLICY, () => {
  it("passes secrets encrypted with a KMS key", async () => {
    expect(findingsOf(await analyze([cluster()]), POLICY)).toEqual([]);
  });

  it("fails a cluster without encryptionConfig", async () => {
    expect(findingsOf(await analyze([cluster({ encryptionConfig: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        'Set encryptionConfig with resources ["secrets"] and provider.keyArn; Kubernetes secrets are not envelope-encrypted with a KMS key.',
      ],
    ]);
  });

  it("fails an encryptionConfig without secrets or without a key", async () => {
    const noSecrets = cluster({ encryptionConfig: { resources: [], provider: { keyArn: UNKNOWN } } });
    expect(findingsOf(await analyze([noSecrets]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        'Add "secrets" to encryptionConfig.resources; Kubernetes secrets are not envelope-encrypted with the KMS key.',
      ],
    ]);
    const noKey = cluster({ encryptionConfig: { resources: ["secrets"], provider: { keyArn: "" } } });
    expect(findingsOf(await analyze([noKey]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        "Set encryptionConfig.provider.keyArn to the ARN of a KMS key; no key is named.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    const unknownResources = cluster({
      encryptionConfig: { resources: UNKNOWN, provider: { keyArn: UNKNOWN } },
    });
    expect(findingsOf(await analyze([unknownResources]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "platform",
        "[unverified at preview] encryptionConfig.resources is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
