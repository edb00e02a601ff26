import { privateBucketPolicy } from "../../../stacks/components/private-bucket";

const bucketArn = "arn:aws:s3:::prodready-production-media-123456789012";

describe("privateBucketPolicy", () => {
  test("without grants it only refuses requests not made over TLS, on the bucket and its objects", () => {
    expect(privateBucketPolicy({ bucketArn, grants: [] })).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("a grant covers its prefix only, after the TLS denial", () => {
    const policy = privateBucketPolicy({
      bucketArn,
      grants: [
        {
          sid: "AllowAlbLogDelivery",
          principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          action: "s3:PutObject",
          keyPrefix: "alb/AWSLogs/123456789012/",
        },
      ],
    }) as any;
    expect(policy.Statement.map((statement: any) => statement.Sid)).toEqual([
      "DenyInsecureTransport",
      "AllowAlbLogDelivery",
    ]);
    expect(policy.Statement[1]).toEqual({
      Sid: "AllowAlbLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/alb/AWSLogs/123456789012/*`,
    });
  });

  test("a grant's condition is kept as given", () => {
    const condition = { ArnLike: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*" } };
    const policy = privateBucketPolicy({
      bucketArn,
      grants: [
        {
          sid: "AllowCloudFrontOriginAccessControlReads",
          principal: { Service: "cloudfront.amazonaws.com" },
          action: "s3:GetObject",
          keyPrefix: "media/",
          condition,
        },
      ],
    }) as any;
    expect(policy.Statement[1].Condition).toEqual(condition);
    expect(policy.Statement[1].Resource).toBe(`${bucketArn}/media/*`);
  });

  test("refuses a prefix that is not a folder (it would also grant every sibling that starts the same)", () => {
    expect(() =>
      privateBucketPolicy({
        bucketArn,
        grants: [
          {
            sid: "Reads",
            principal: { Service: "cloudfront.amazonaws.com" },
            action: "s3:GetObject",
            keyPrefix: "media",
          },
        ],
      }),
    ).toThrow('Bucket grant Reads keyPrefix must end in "/" so it covers one folder; got "media".');
  });
});
