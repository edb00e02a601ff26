import { stackPolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { isKmsAlgorithm, S3_SSE_ALGORITHMS, s3DefaultEncryptionAlgorithms } from "../../lib/aws/encryption";
import { allowedValue } from "../../lib/messages";
import { StackResource } from "../../lib/stack";
import { arr, bool, obj, Props, str } from "../../lib/values";

interface Config {
  requireKms: boolean;
}

const ACCESS_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;
const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GRANTEE = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;
/** The values versioningConfiguration.status can take, the only ones a message may quote. */
const VERSIONING_STATUSES: ReadonlySet<string> = new Set(["enabled", "suspended", "disabled"]);

/** The public group a grant names, if any (`AllUsers`, `AuthenticatedUsers`). Throws UnknownInput. */
function publicGroupOf(uri: unknown, path: string): string | undefined {
  return str(uri, path)?.match(PUBLIC_GRANTEE)?.[1];
}

/** One finding for every public grant of a resource: "Remove grants[0] and grants[2] of this bucket: ...". */
function publicGrantsMessage(grants: Array<{ path: string; group: string }>, owner: string): string {
  const groups = [...new Set(grants.map((grant) => grant.group))];
  return `Remove ${listed(grants.map((grant) => grant.path))} of ${owner}: ${grants.length === 1 ? "it grants" : "they grant"} access to ${listed(groups)}.`;
}

export const s3PrivateStorage = stackPolicy<Config>({
  name: "s3-private-storage",
  description:
    "Checks that every S3 bucket blocks public access (all four public access block settings), has no public ACL, keeps object versions, and declares server-side encryption (KMS when required).",
  severity: "high",
  checklist: [
    "backend.files.media-uploads-secured",
    "backend.files.media-persistent-storage",
    "devops.backend-hosting.media-storage",
  ],
  remediationSteps:
    "For each bucket add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true; " +
    "an aws.s3.BucketVersioning with status Enabled; an aws.s3.BucketServerSideEncryptionConfiguration (aws:kms with a customer key where required). " +
    "Remove public canned ACLs and grants to AllUsers/AuthenticatedUsers; serve public files through CloudFront with origin access control instead.",
  config: {
    requireKms: {
      type: "boolean",
      default: false,
      description: "Require SSE-KMS (aws:kms or aws:kms:dsse) instead of accepting SSE-S3 (AES256).",
    },
  },
  judges: ["bucket", "bucketPublicAccessBlock", "bucketVersioning", "bucketEncryption", "bucketAcl"],
  validateStack(stack, { config, violation, check, read }) {
    /** Reads each companion resource on its own, so an unknown is reported on that resource; `complete` says all were read. */
    const readEach = <T>(resources: StackResource[], readOne: (resource: StackResource) => T) => {
      const values: Array<{ resource: StackResource; value: T }> = [];
      let complete = true;
      for (const resource of resources) {
        const result = read(() => readOne(resource), resource.urn);
        if (result.ok) values.push({ resource, value: result.value });
        else complete = false;
      }
      return { values, complete };
    };

    for (const bucket of stack.ofType("bucket")) {
      const props = bucket.props;

      check(() => {
        const blocks = stack.referrers(bucket, "bucket", "bucketPublicAccessBlock");
        if (blocks.length === 0) {
          violation(
            "Add an aws.s3.BucketPublicAccessBlock for this bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
            bucket.urn,
          );
          return;
        }
        const { values, complete } = readEach(blocks, (block) =>
          ACCESS_BLOCK_FLAGS.filter((flag) => bool(block.props[flag], flag) !== true),
        );
        if (values.some(({ value: off }) => off.length === 0) || !complete) return;
        for (const { resource, value: off } of values)
          violation(`Set ${off.join(", ")} to true on this public access block.`, resource.urn);
      }, bucket.urn);

      check(() => {
        const acl = str(props.acl, "acl");
        if (acl && PUBLIC_CANNED_ACLS.has(acl))
          violation(`Set acl on this bucket to private (or remove it); it is ${acl}.`, bucket.urn);
      }, bucket.urn);
      check(() => {
        const publicGrants = arr(props.grants, "grants").flatMap((grant, i) => {
          const group = publicGroupOf(obj(grant, `grants[${i}]`)?.uri, `grants[${i}].uri`);
          return group ? [{ path: `grants[${i}]`, group }] : [];
        });
        if (publicGrants.length > 0) violation(publicGrantsMessage(publicGrants, "this bucket"), bucket.urn);
      }, bucket.urn);

      check(() => {
        const { values: statuses, complete } = readEach(
          stack.referrers(bucket, "bucket", "bucketVersioning"),
          (versioning) =>
            str(
              obj(versioning.props.versioningConfiguration, "versioningConfiguration")?.status,
              "versioningConfiguration.status",
            ),
        );
        if (statuses.some(({ value: status }) => status === "Enabled") || !complete) return;
        if (statuses.length > 0) {
          for (const { resource, value: status } of statuses) {
            violation(
              `Set versioningConfiguration.status to Enabled on this bucket versioning; it is ${status === undefined ? "unset" : (allowedValue(status, VERSIONING_STATUSES) ?? "a different value")}.`,
              resource.urn,
            );
          }
          return;
        }
        // Older programs set versioning inline: `versioning` on Bucket, `versionings` on BucketV2.
        const inline = [
          { value: props.versioning, path: "versioning" },
          ...arr(props.versionings, "versionings").map((value, i) => ({ value, path: `versionings[${i}]` })),
        ];
        if (inline.some(({ value, path }) => bool(obj(value, path)?.enabled, `${path}.enabled`) === true))
          return;
        violation(
          "Enable versioning on this bucket: add an aws.s3.BucketVersioning with versioningConfiguration.status Enabled.",
          bucket.urn,
        );
      }, bucket.urn);

      check(() => {
        const separate = readEach(stack.referrers(bucket, "bucket", "bucketEncryption"), (resource) =>
          s3DefaultEncryptionAlgorithms(arr(resource.props.rules, "rules"), "rules"),
        );
        if (!separate.complete) return;
        const declared = separate.values.flatMap(({ resource, value }) =>
          value.map((algorithm) => ({ owner: resource, algorithm })),
        );
        const inlineV7: Props | undefined = obj(
          props.serverSideEncryptionConfiguration,
          "serverSideEncryptionConfiguration",
        );
        if (inlineV7?.rule !== undefined) {
          s3DefaultEncryptionAlgorithms([inlineV7.rule], "serverSideEncryptionConfiguration.rule").forEach(
            (algorithm) => declared.push({ owner: bucket, algorithm }),
          );
        }
        arr(props.serverSideEncryptionConfigurations, "serverSideEncryptionConfigurations").forEach(
          (value, i) => {
            const path = `serverSideEncryptionConfigurations[${i}]`;
            s3DefaultEncryptionAlgorithms(
              arr(obj(value, path)?.rules, `${path}.rules`),
              `${path}.rules`,
            ).forEach((algorithm) => declared.push({ owner: bucket, algorithm }));
          },
        );
        if (declared.length === 0) {
          violation(
            "Declare server-side encryption for this bucket with an aws.s3.BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms or AES256), so the choice is in code, not left to S3's implicit default.",
            bucket.urn,
          );
          return;
        }
        if (config.requireKms && !declared.some((d) => isKmsAlgorithm(d.algorithm))) {
          const owners = new Map(declared.map((d) => [d.owner.urn, d]));
          for (const { owner, algorithm } of owners.values()) {
            violation(
              `Set sseAlgorithm to aws:kms (or aws:kms:dsse) for this bucket's default encryption; it is ${allowedValue(algorithm, S3_SSE_ALGORITHMS) ?? "a different value"}.`,
              owner.urn,
            );
          }
        }
      }, bucket.urn);
    }

    for (const bucketAcl of stack.ofType("bucketAcl")) {
      check(() => {
        const acl = str(bucketAcl.props.acl, "acl");
        if (acl && PUBLIC_CANNED_ACLS.has(acl))
          violation(`Set acl on this bucket ACL to private; it is ${acl}.`, bucketAcl.urn);
        const policy = obj(bucketAcl.props.accessControlPolicy, "accessControlPolicy");
        const publicGrants = arr(policy?.grants, "accessControlPolicy.grants").flatMap((grant, i) => {
          const path = `accessControlPolicy.grants[${i}]`;
          const group = publicGroupOf(
            obj(obj(grant, path)?.grantee, `${path}.grantee`)?.uri,
            `${path}.grantee.uri`,
          );
          return group ? [{ path, group }] : [];
        });
        if (publicGrants.length > 0)
          violation(publicGrantsMessage(publicGrants, "this bucket ACL"), bucketAcl.urn);
      }, bucketAcl.urn);
    }
  },
});
