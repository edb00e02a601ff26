import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptionKey, serviceKeyPolicy } from "./kms";
import { privateBucket } from "./private-bucket";

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
    const parent = { parent: this };
    const caller = aws.getCallerIdentityOutput({}, parent);
    // Any distribution of this account: naming the one distribution would make bucket and distribution depend on each other.
    const cloudFrontSource = pulumi.interpolate`arn:aws:cloudfront::${caller.accountId}:distribution/*`;

    this.kmsKey = encryptionKey(
      `${name}-key`,
      {
        description: `Django media of prodready-${stack}`,
        policy: pulumi.all([caller.accountId, cloudFrontSource]).apply(([accountId, sourceArn]) =>
          JSON.stringify(
            serviceKeyPolicy({
              accountId,
              grant: {
                sid: "CloudFrontDecryptsForOriginAccessControl",
                service: "cloudfront.amazonaws.com",
                actions: ["kms:Decrypt"],
                condition: { ArnLike: { "AWS:SourceArn": sourceArn } },
              },
            }),
          ),
        ),
        tags: args.tags,
      },
      parent,
    );

    this.bucketName = pulumi.interpolate`prodready-${stack}-media-${caller.accountId}`;
    this.bucket = privateBucket(
      name,
      {
        bucketName: this.bucketName,
        bucketResourceName: `${name}-bucket`,
        kmsKeyArn: this.kmsKey.arn,
        lifecycleRules: [
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
        grants: [
          {
            sid: "AllowCloudFrontOriginAccessControlReads",
            principal: { Service: "cloudfront.amazonaws.com" },
            action: "s3:GetObject",
            keyPrefix: MEDIA_PREFIX,
            condition: { ArnLike: { "AWS:SourceArn": cloudFrontSource } },
          },
        ],
        tags: args.tags,
      },
      parent,
    ).bucket;

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
