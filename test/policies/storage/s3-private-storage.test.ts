import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "s3-private-storage";
const FLAGS = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
const bucket = (props: Record<string, unknown> = {}, type = "aws:s3/bucket:Bucket"): ResourceSpec => ({
  type,
  name: "media",
  props: { bucket: "media-bucket", ...props },
});
const accessBlock = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  name: "media-pab",
  props: { bucket: UNKNOWN, ...FLAGS, ...props },
  refs: { bucket: ["media"] },
});
const versioning = (
  status: unknown = "Enabled",
  type = "aws:s3/bucketVersioning:BucketVersioning",
): ResourceSpec => ({
  type,
  name: "media-versioning",
  props: { bucket: UNKNOWN, versioningConfiguration: { status } },
  refs: { bucket: ["media"] },
});
const encryption = (sseAlgorithm: unknown = "AES256"): ResourceSpec => ({
  type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  name: "media-sse",
  props: {
    bucket: UNKNOWN,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm }, bucketKeyEnabled: true }],
  },
  refs: { bucket: ["media"] },
});
const baseline = (): ResourceSpec[] => [bucket(), accessBlock(), versioning(), encryption()];
const without = (specs: ResourceSpec[], name: string) => specs.filter((s) => s.name !== name);
const replace = (specs: ResourceSpec[], spec: ResourceSpec) =>
  specs.map((s) => (s.name === spec.name ? spec : s));
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);

describe(POLICY, () => {
  it("passes a private, versioned, encrypted bucket", async () => {
    expect(await run(baseline())).toEqual([]);
  });

  it("covers BucketV2 with its older companion resources", async () => {
    expect(
      await run([
        bucket({}, "aws:s3/bucketV2:BucketV2"),
        accessBlock(),
        versioning("Enabled", "aws:s3/bucketVersioningV2:BucketVersioningV2"),
        encryption(),
      ]),
    ).toEqual([]);
  });

  it("fails a bucket without a public access block", async () => {
    expect(await run(without(baseline(), "media-pab"))).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Add an aws.s3.BucketPublicAccessBlock for this bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
      ],
    ]);
  });

  it("fails a public access block with a flag off, on the access block", async () => {
    expect(
      await run(replace(baseline(), accessBlock({ blockPublicPolicy: false, restrictPublicBuckets: false }))),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "media-pab",
        "Set blockPublicPolicy, restrictPublicBuckets to true on this public access block.",
      ],
    ]);
  });

  it("fails public ACLs on the bucket, in grants and on BucketAcl resources", async () => {
    expect(await run(replace(baseline(), bucket({ acl: "public-read" })))).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Set acl on this bucket to private (or remove it); it is public-read.",
      ],
    ]);
    const grants = [
      { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] },
    ];
    expect(await run(replace(baseline(), bucket({ grants })))).toEqual([
      ["violation", "mandatory", "media", "Remove grants[0] of this bucket: it grants access to AllUsers."],
    ]);
    // Several public grants are one finding on the bucket.
    const manyGrants = [
      ...grants,
      { type: "CanonicalUser", id: "owner", permissions: ["FULL_CONTROL"] },
      {
        type: "Group",
        uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
        permissions: ["READ"],
      },
      { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ_ACP"] },
    ];
    expect(await run(replace(baseline(), bucket({ grants: manyGrants })))).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Remove grants[0], grants[2] and grants[3] of this bucket: they grant access to AllUsers and AuthenticatedUsers.",
      ],
    ]);
    const acls: ResourceSpec[] = [
      {
        type: "aws:s3/bucketAcl:BucketAcl",
        name: "canned",
        props: { bucket: UNKNOWN, acl: "authenticated-read" },
        refs: { bucket: ["media"] },
      },
      {
        type: "aws:s3/bucketAclV2:BucketAclV2",
        name: "granted",
        props: {
          bucket: "media-bucket",
          accessControlPolicy: {
            owner: { id: "owner" },
            grants: [
              { grantee: { type: "CanonicalUser", id: "owner" }, permission: "FULL_CONTROL" },
              {
                grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" },
                permission: "READ",
              },
            ],
          },
        },
      },
    ];
    expect(await run([...baseline(), ...acls])).toEqual([
      [
        "violation",
        "mandatory",
        "canned",
        "Set acl on this bucket ACL to private; it is authenticated-read.",
      ],
      [
        "violation",
        "mandatory",
        "granted",
        "Remove accessControlPolicy.grants[1] of this bucket ACL: it grants access to AuthenticatedUsers.",
      ],
    ]);
  });

  it("fails a bucket without versioning, or with versioning suspended", async () => {
    expect(await run(without(baseline(), "media-versioning"))).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Enable versioning on this bucket: add an aws.s3.BucketVersioning with versioningConfiguration.status Enabled.",
      ],
    ]);
    expect(await run(replace(baseline(), versioning("Suspended")))).toEqual([
      [
        "violation",
        "mandatory",
        "media-versioning",
        "Set versioningConfiguration.status to Enabled on this bucket versioning; it is Suspended.",
      ],
    ]);
  });

  it("accepts the deprecated inline versioning and encryption settings", async () => {
    const inlineV7 = bucket({
      versioning: { enabled: true },
      serverSideEncryptionConfiguration: {
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
      },
    });
    expect(await run([inlineV7, accessBlock()])).toEqual([]);
    const inlineV2 = bucket(
      {
        versionings: [{ enabled: true }],
        serverSideEncryptionConfigurations: [
          { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] },
        ],
      },
      "aws:s3/bucketV2:BucketV2",
    );
    expect(await run([inlineV2, accessBlock()])).toEqual([]);
  });

  it("fails a bucket that leaves encryption to S3's implicit default", async () => {
    expect(await run(without(baseline(), "media-sse"))).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Declare server-side encryption for this bucket with an aws.s3.BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms or AES256), so the choice is in code, not left to S3's implicit default.",
      ],
    ]);
  });

  it("requires KMS when configured", async () => {
    const config = { all: "mandatory", [POLICY]: { requireKms: true } };
    expect(await run(baseline(), config)).toEqual([
      [
        "violation",
        "mandatory",
        "media-sse",
        "Set sseAlgorithm to aws:kms (or aws:kms:dsse) for this bucket's default encryption; it is AES256.",
      ],
    ]);
    expect(await run(replace(baseline(), encryption("aws:kms")), config)).toEqual([]);
  });

  it("never echoes a value it read: odd settings are named, not quoted (secret canaries)", async () => {
    const MARKER = "q7f3a9cz";
    const canary = `canary-${MARKER}-AKIA${MARKER.toUpperCase()}00000000`;
    const config = { all: "mandatory", [POLICY]: { requireKms: true } };
    const specs: ResourceSpec[] = [
      bucket({
        acl: canary,
        grants: [{ uri: canary, permissions: [canary] }],
        versionings: [{ enabled: canary }],
        serverSideEncryptionConfigurations: [
          { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: canary }] }] },
        ],
      }),
      accessBlock({ blockPublicAcls: canary }),
      versioning(canary),
      encryption(canary),
      {
        type: "aws:s3/bucketAcl:BucketAcl",
        name: "media-acl",
        props: {
          bucket: UNKNOWN,
          acl: canary,
          accessControlPolicy: { grants: [{ grantee: { uri: canary } }] },
        },
        refs: { bucket: ["media"] },
      },
    ];
    const findings = await run(specs, config);
    expect(findings.filter(([, , , message]) => message.toLowerCase().includes(MARKER))).toEqual([]);
    // The odd values were judged (and reported without their text), not skipped.
    expect(findings).toEqual(
      expect.arrayContaining([
        [
          "violation",
          "mandatory",
          "media-versioning",
          "Set versioningConfiguration.status to Enabled on this bucket versioning; it is a different value.",
        ],
        [
          "violation",
          "mandatory",
          "media-sse",
          "Set sseAlgorithm to aws:kms (or aws:kms:dsse) for this bucket's default encryption; it is a different value.",
        ],
        ["violation", "mandatory", "media-pab", "Set blockPublicAcls to true on this public access block."],
      ]),
    );
  });

  it("joins companions by bucket name when no dependency was recorded", async () => {
    const byName = baseline().map((s) =>
      s.name === "media" ? s : { ...s, props: { ...s.props, bucket: "media-bucket" }, refs: {} },
    );
    expect(await run(byName)).toEqual([]);
  });

  it("reports unknowns as unverified on the resource that holds them", async () => {
    expect(await run(replace(baseline(), accessBlock({ blockPublicPolicy: UNKNOWN })))).toEqual([
      [
        "unverified",
        "advisory",
        "media-pab",
        "[unverified at preview] blockPublicPolicy is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), versioning(UNKNOWN)))).toEqual([
      [
        "unverified",
        "advisory",
        "media-versioning",
        "[unverified at preview] versioningConfiguration.status is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), encryption(UNKNOWN)))).toEqual([
      [
        "unverified",
        "advisory",
        "media-sse",
        "[unverified at preview] rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run(replace(baseline(), bucket({ acl: UNKNOWN })))).toEqual([
      [
        "unverified",
        "advisory",
        "media",
        "[unverified at preview] acl is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    const odd: ResourceSpec[] = [
      bucket({ grants: [null, { uri: 5 }], versioning: "yes" }),
      accessBlock({ blockPublicAcls: "true" }),
      { ...encryption(), props: { bucket: UNKNOWN, rules: [null] } },
    ];
    expect(await run(odd)).toEqual([
      [
        "violation",
        "mandatory",
        "media",
        "Declare server-side encryption for this bucket with an aws.s3.BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms or AES256), so the choice is in code, not left to S3's implicit default.",
      ],
      [
        "violation",
        "mandatory",
        "media",
        "Enable versioning on this bucket: add an aws.s3.BucketVersioning with versioningConfiguration.status Enabled.",
      ],
    ]);
  });
});
