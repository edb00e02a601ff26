// The private S3 bucket every tier stores objects in (media, ALB access logs): one definition of
// "private, owner-enforced, encrypted, versioned, TLS-only". A plain function, not a component:
// wrapping the bucket in a component would move it and its settings (and their URNs) under a new parent.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Who, besides the account's IAM principals, may act on objects under a key prefix. */
export interface ObjectGrant<Value = string> {
  /** Statement id, says why the grant exists. */
  sid: string;
  /** The principal, e.g. `{ Service: "cloudfront.amazonaws.com" }`. */
  principal: Record<string, string>;
  /** The S3 action, e.g. "s3:GetObject". */
  action: string;
  /** Key prefix the grant covers, ending in "/" (the grant covers `<prefix>*`). */
  keyPrefix: Value;
  /** Narrows the grant, e.g. to the account's own distributions. Default: none. */
  condition?: Record<string, Record<string, Value>>;
}

/** The bucket policy: refuse any request not made over TLS, then the object grants, each on its prefix only. */
export function privateBucketPolicy(input: { bucketArn: string; grants: ObjectGrant[] }): object {
  for (const grant of input.grants) {
    if (!grant.keyPrefix.endsWith("/"))
      throw new Error(
        `Bucket grant ${grant.sid} keyPrefix must end in "/" so it covers one folder; got "${grant.keyPrefix}".`,
      );
  }
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [input.bucketArn, `${input.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      ...input.grants.map((grant) => ({
        Sid: grant.sid,
        Effect: "Allow",
        Principal: grant.principal,
        Action: grant.action,
        Resource: `${input.bucketArn}/${grant.keyPrefix}*`,
        ...(grant.condition ? { Condition: grant.condition } : {}),
      })),
    ],
  };
}

export interface PrivateBucketArgs {
  /** The bucket's name (explicit, so it is known before deploy). Required. */
  bucketName: pulumi.Input<string>;
  /** Resource name of the bucket itself; its settings are named `<name>-<setting>`. Default: the name given. */
  bucketResourceName?: string;
  /** KMS key for SSE-KMS with a bucket key. Default: none, SSE-S3 (AES256), which any AWS log delivery can write. */
  kmsKeyArn?: pulumi.Input<string>;
  /** Lifecycle rules (the bucket is versioned, so say when noncurrent versions go). Required. */
  lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /** Object grants the bucket policy adds after denying insecure transport. Default: none. */
  grants?: ObjectGrant<pulumi.Input<string>>[];
  /** Tags applied to the bucket (its Name is the bucket's resource name). Default: none. */
  tags?: Record<string, string>;
}

/**
 * A private bucket: all four public access blocks, ACLs disabled (BucketOwnerEnforced), default
 * encryption, versioning, lifecycle and a TLS-only policy, each a separate resource joined to the
 * bucket through its `bucket` input, as the v7 provider and the policy pack expect.
 */
export function privateBucket(
  name: string,
  args: PrivateBucketArgs,
  opts: { parent: pulumi.Resource },
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  if (args.lifecycleRules.length === 0)
    throw new Error(
      `Private bucket ${name} needs lifecycleRules: a versioned bucket without one keeps every version forever.`,
    );
  const parent = { parent: opts.parent };
  const bucketResourceName = args.bucketResourceName ?? name;
  const bucket = new aws.s3.Bucket(
    bucketResourceName,
    {
      bucket: args.bucketName,
      forceDestroy: false,
      tags: { ...args.tags, Name: bucketResourceName },
    },
    parent,
  );
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    parent,
  );
  new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    },
    parent,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        args.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    },
    parent,
  );
  const versioning = new aws.s3.BucketVersioning(
    `${name}-versioning`,
    {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    },
    parent,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    { bucket: bucket.id, rules: args.lifecycleRules },
    { ...parent, dependsOn: [versioning] },
  );
  const policy = new aws.s3.BucketPolicy(
    `${name}-policy`,
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.arn, pulumi.output(args.grants ?? [])])
        .apply(([bucketArn, grants]) => JSON.stringify(privateBucketPolicy({ bucketArn, grants }))),
    },
    // S3 aborts concurrent writes of one bucket's configuration: the policy waits for the public access block.
    { ...parent, dependsOn: [publicAccessBlock] },
  );
  return { bucket, policy };
}
