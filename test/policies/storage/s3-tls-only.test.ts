import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "s3-tls-only";
const tlsDeny = (props: Record<string, unknown> = {}) => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::media-bucket", "arn:aws:s3:::media-bucket/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
  ...props,
});
const document = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const bucket = (props: Record<string, unknown> = {}, type = "aws:s3/bucket:Bucket"): ResourceSpec => ({
  type,
  name: "media",
  props: { bucket: "media-bucket", ...props },
});
const bucketPolicy = (
  policy: unknown,
  refs: Record<string, string[]> = { bucket: ["media"] },
): ResourceSpec => ({
  type: "aws:s3/bucketPolicy:BucketPolicy",
  name: "media-policy",
  props: { bucket: UNKNOWN, policy },
  refs,
});
const run = async (specs: ResourceSpec[]) => findingsOf(await analyze(specs), POLICY);
const NO_STATEMENT =
  "denies all principals (Effect Deny, Principal *, Action s3:*) when aws:SecureTransport is false, on the bucket ARN and <bucket ARN>/*.";

describe(POLICY, () => {
  it("passes a bucket whose policy denies non-TLS requests to the bucket and its objects", async () => {
    expect(await run([bucket(), bucketPolicy(JSON.stringify(document(tlsDeny())))])).toEqual([]);
  });

  it('accepts the policy as an object, a BucketV2, { AWS: "*" }, a boolean false and wildcards', async () => {
    const variant = tlsDeny({
      Principal: { AWS: ["*"] },
      Action: ["*"],
      Resource: "arn:aws:s3:::media-*",
      Condition: { Bool: { "aws:securetransport": false } },
    });
    const objects = tlsDeny({ Resource: "arn:aws:s3:::media-bucket/*" });
    expect(
      await run([bucket({}, "aws:s3/bucketV2:BucketV2"), bucketPolicy(document(variant, objects))]),
    ).toEqual([]);
  });

  it("passes an autonamed bucket whose policy names it consistently", async () => {
    const named = tlsDeny({ Resource: ["arn:aws:s3:::media-4f2a91c", "arn:aws:s3:::media-4f2a91c/*"] });
    expect(await run([bucket({ bucket: UNKNOWN }), bucketPolicy(JSON.stringify(document(named)))])).toEqual(
      [],
    );
  });

  it("fails a bucket without a policy", async () => {
    expect(await run([bucket()])).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        `Add an aws.s3.BucketPolicy to this bucket with a statement that ${NO_STATEMENT}`,
      ],
    ]);
  });

  it("fails a policy without the Deny statement", async () => {
    const allow = {
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::media-bucket/*",
    };
    expect(await run([bucket(), bucketPolicy(JSON.stringify(document(allow)))])).toEqual([
      [
        "violation",
        "mandatory",
        "media-policy",
        `Add a statement to this bucket policy that ${NO_STATEMENT}`,
      ],
    ]);
  });

  it("fails statements that are close but not enough", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "media-policy",
        `Add a statement to this bucket policy that ${NO_STATEMENT}`,
      ],
    ];
    for (const change of [
      { Effect: "Allow" },
      { Principal: { AWS: "arn:aws:iam::123456789012:root" } },
      { Action: "s3:GetObject" },
      { Condition: { Bool: { "aws:SecureTransport": "true" } } },
      { Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
    ]) {
      expect(await run([bucket(), bucketPolicy(JSON.stringify(document(tlsDeny(change))))])).toEqual(
        expected,
      );
    }
  });

  it("fails a Deny statement that covers only the bucket or only its objects", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "media-policy",
        "Extend the aws:SecureTransport Deny statement of this bucket policy to both the bucket ARN and <bucket ARN>/*.",
      ],
    ];
    expect(
      await run([
        bucket(),
        bucketPolicy(JSON.stringify(document(tlsDeny({ Resource: "arn:aws:s3:::media-bucket/*" })))),
      ]),
    ).toEqual(expected);
    expect(
      await run([
        bucket(),
        bucketPolicy(JSON.stringify(document(tlsDeny({ Resource: "arn:aws:s3:::other-bucket/*" })))),
      ]),
    ).toEqual(expected);
  });

  it("fails malformed JSON with a clear message, without echoing it", async () => {
    expect(await run([bucket(), bucketPolicy('{"Statement": [')])).toEqual([
      [
        "violation",
        "mandatory",
        "media-policy",
        "Fix this bucket policy: it is not valid JSON, so it cannot be checked for a TLS-only Deny statement.",
      ],
    ]);
  });

  it("checks the deprecated inline bucket policy too", async () => {
    expect(await run([bucket({ policy: JSON.stringify(document(tlsDeny())) })])).toEqual([]);
    expect(await run([bucket({ policy: "not json" })])).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Fix the inline policy of this bucket: it is not valid JSON, so it cannot be checked for a TLS-only Deny statement.",
      ],
    ]);
  });

  it("joins the policy by bucket name when no dependency was recorded", async () => {
    const policy = bucketPolicy(JSON.stringify(document(tlsDeny())), {});
    expect(await run([bucket(), { ...policy, props: { ...policy.props, bucket: "media-bucket" } }])).toEqual(
      [],
    );
  });

  it("reports an unknown policy as unverified, not passed", async () => {
    expect(await run([bucket(), bucketPolicy(UNKNOWN)])).toEqual([
      [
        "unverified",
        "advisory",
        "media-policy",
        "[unverified at preview] policy is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([bucket(), bucketPolicy(document(tlsDeny({ Resource: [UNKNOWN, UNKNOWN] })))])).toEqual([
      [
        "unverified",
        "advisory",
        "media-policy",
        "[unverified at preview] policy is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    const expected = [
      [
        "violation",
        "mandatory",
        "media-policy",
        `Add a statement to this bucket policy that ${NO_STATEMENT}`,
      ],
    ];
    for (const policy of [
      "null",
      "42",
      JSON.stringify({ Statement: "x" }),
      JSON.stringify({ Statement: [null, { Effect: "Deny", Condition: 7 }] }),
    ]) {
      expect(await run([bucket(), bucketPolicy(policy)])).toEqual(expected);
    }
  });
});
