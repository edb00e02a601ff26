import { serviceKeyPolicy } from "../../../stacks/components/kms";

describe("serviceKeyPolicy", () => {
  const cloudFront = {
    sid: "CloudFrontDecryptsForOriginAccessControl",
    service: "cloudfront.amazonaws.com",
    actions: ["kms:Decrypt"],
    condition: { ArnLike: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*" } },
  };

  test("the account administers the key through IAM, as with the default key policy", () => {
    const policy = serviceKeyPolicy({ accountId: "123456789012", grant: cloudFront }) as any;
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement[0]).toEqual({
      Sid: "AccountAdministersThroughIam",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    });
  });

  test("the service gets only its actions, under its condition", () => {
    const policy = serviceKeyPolicy({ accountId: "123456789012", grant: cloudFront }) as any;
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[1]).toEqual({
      Sid: "CloudFrontDecryptsForOriginAccessControl",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*" } },
    });
  });

  test("a grant without a condition carries no Condition key (an empty one would be invalid)", () => {
    const policy = serviceKeyPolicy({
      accountId: "123456789012",
      grant: {
        sid: "CloudWatchPublishesAlarms",
        service: "cloudwatch.amazonaws.com",
        actions: ["kms:Decrypt"],
      },
    }) as any;
    expect(Object.keys(policy.Statement[1])).not.toContain("Condition");
  });

  test("refuses anything but a 12-digit account id", () => {
    expect(() =>
      serviceKeyPolicy({ accountId: "arn:aws:iam::123456789012:root", grant: cloudFront }),
    ).toThrow("A key policy needs the 12-digit AWS account id; got arn:aws:iam::123456789012:root.");
  });
});
