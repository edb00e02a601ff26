import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Key prefix Django stores uploads under; CloudFront serves it as https://<app domain>/media/. */
export const MEDIA_PREFIX = "media/";

export interface MediaStorageArgs {
  /** Days a replaced or deleted upload stays recoverable as a noncurrent version. Default: 30. */
  noncurrentVersionExpirationDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** Private, versioned, KMS-encrypted S3 bucket for Django media, readable by CloudFront through Origin Access Control. */
export class MediaStorage extends pulumi.ComponentResource {
  public readonly bucket: aws.s3.Bucket;
  /** The bucket's name, known before deploy (it is referenced in task definitions). */
  public readonly bucketName: pulumi.Output<string>;
  public readonly kmsKey: aws.kms.Key;
  public readonly originAccessControl: aws.cloudfront.OriginAccessControl;

  constructor(name: string, args: MediaStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:media:MediaStorage", name, {}, opts);

    const noncurrentDays = args.noncurrentVersionExpirationDays ?? 30;
    if (!(Number.isInteger(noncurrentDays) && noncurrentDays >= 1)) {
      throw new Error(
        `MediaStorage noncurrentVersionExpirationDays must be a whole number of at least 1; got ${noncurrentDays}.`,
      );
    }
    const stack = pulumi.getStack();
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);
    // Any distribution of this account: naming the one distribution would make bucket and distribution depend on each other.
    const cloudFrontSource = pulumi.interpolate`arn:aws:cloudfront::${caller.accountId}:distribution/*`;

    this.kmsKey = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Django media of prodready-${stack}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AccountAdministersThroughIam",
              Effect: "Allow",
              Principal: { AWS: pulumi.interpolate`arn:aws:iam::${caller.accountId}:root` },
              Action: "kms:*",
              Resource: "*",
            },
            {
              Sid: "CloudFrontDecryptsForOriginAccessControl",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: ["kms:Decrypt"],
              Resource: "*",
              Condition: { ArnLike: { "AWS:SourceArn": cloudFrontSource } },
            },
          ],
        }),
        tags: tags(`${name}-key`),
      },
      parent,
    );

    this.bucketName = pulumi.interpolate`prodready-${stack}-media-${caller.accountId}`;
    this.bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        bucket: this.bucketName,
        forceDestroy: false,
        tags: tags(`${name}-bucket`),
      },
      parent,
    );
    const bucketId = this.bucket.id;

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucketId,
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
        bucket: bucketId,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucketId,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.kmsKey.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      {
        bucket: bucketId,
        versioningConfiguration: { status: "Enabled" },
      },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucketId,
        rules: [
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays },
          },
          {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );

    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucketId,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
              Sid: "AllowCloudFrontOriginAccessControlReads",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${this.bucket.arn}/${MEDIA_PREFIX}*`,
              Condition: { ArnLike: { "AWS:SourceArn": cloudFrontSource } },
            },
          ],
        }),
      },
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    this.originAccessControl = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        name: `prodready-${stack}-media`,
        description: "CloudFront signs every request to the media bucket",
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucket.arn,
      originAccessControlId: this.originAccessControl.id,
    });
  }
}
