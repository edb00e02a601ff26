/**
 * Encryption at rest as resources declare it: a switch (`storageEncrypted`, `encrypted`), a KMS key
 * reference (`kmsKeyId`, `kmsKeyArn`), and S3's server-side encryption algorithms.
 */
import { arr, bool, isUnknown, obj, str } from "../values";

/** An encryption switch as the program set it: on, off, or left to the provider's default. Throws UnknownInput. */
export function encryptionSwitch(value: unknown, path: string): "on" | "off" | "unset" {
  const on = bool(value, path);
  return on === true ? "on" : on === false ? "off" : "unset";
}

/**
 * True when a KMS key is named: a non-empty key id or ARN, or a value unknown at preview, which is
 * still a key (the output of a key the program passes).
 */
export function kmsKeyNamed(value: unknown): boolean {
  return isUnknown(value) || (typeof value === "string" && value !== "");
}

/** The S3 server-side encryption algorithms (sseAlgorithm), lower-cased: the only values a message may quote. */
export const S3_SSE_ALGORITHMS: ReadonlySet<string> = new Set(["aes256", "aws:kms", "aws:kms:dsse"]);

/** True for the S3 algorithms that encrypt with a KMS key (SSE-KMS, DSSE-KMS). */
export function isKmsAlgorithm(algorithm: string): boolean {
  return algorithm === "aws:kms" || algorithm === "aws:kms:dsse";
}

/**
 * The default-encryption algorithms an S3 rule list declares, in either the v7 shape
 * (`applyServerSideEncryptionByDefault`) or the BucketV2 one (`applyServerSideEncryptionByDefaults`).
 * Throws UnknownInput.
 */
export function s3DefaultEncryptionAlgorithms(rules: unknown[], path: string): string[] {
  return rules.flatMap((value, i) => {
    const rulePath = `${path}[${i}]`;
    const rule = obj(value, rulePath) ?? {};
    const defaults =
      rule.applyServerSideEncryptionByDefault !== undefined
        ? [
            {
              value: rule.applyServerSideEncryptionByDefault,
              path: `${rulePath}.applyServerSideEncryptionByDefault`,
            },
          ]
        : arr(
            rule.applyServerSideEncryptionByDefaults,
            `${rulePath}.applyServerSideEncryptionByDefaults`,
          ).map((v, j) => ({
            value: v,
            path: `${rulePath}.applyServerSideEncryptionByDefaults[${j}]`,
          }));
    return defaults.flatMap((d) => {
      const algorithm = str(obj(d.value, d.path)?.sseAlgorithm, `${d.path}.sseAlgorithm`);
      return algorithm ? [algorithm] : [];
    });
  });
}
