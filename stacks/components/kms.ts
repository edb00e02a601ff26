// The customer-managed KMS key every tier encrypts with: one definition, so rotation and the
// deletion window cannot drift between tiers. A plain function, not a component: wrapping the key
// in a component would move it (and its URN) under a new parent.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An AWS service that may use the key, beside the account's IAM principals. */
export interface KeyServiceGrant {
  /** Statement id, says why the service needs the key. */
  sid: string;
  /** Service principal, e.g. "cloudfront.amazonaws.com". */
  service: string;
  /** KMS actions the service may call. */
  actions: string[];
  /** Narrows the grant, e.g. to the account's own distributions. Default: none. */
  condition?: Record<string, Record<string, string>>;
}

/**
 * A key policy that leaves administration to the account's IAM policies (as the default key policy
 * does) and grants one AWS service the use of the key. Needed where a service principal, not an
 * IAM role, encrypts or decrypts: CloudFront through Origin Access Control, CloudWatch publishing to SNS.
 */
export function serviceKeyPolicy(input: { accountId: string; grant: KeyServiceGrant }): object {
  if (!/^\d{12}$/.test(input.accountId))
    throw new Error(`A key policy needs the 12-digit AWS account id; got ${input.accountId}.`);
  const { grant } = input;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${input.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: grant.sid,
        Effect: "Allow",
        Principal: { Service: grant.service },
        Action: grant.actions,
        Resource: "*",
        ...(grant.condition ? { Condition: grant.condition } : {}),
      },
    ],
  };
}

export interface EncryptionKeyArgs {
  /** What the key protects, shown in the console. Required. */
  description: string;
  /** Alias name including the `alias/` prefix; the alias resource is named `<name>-alias`. Default: no alias. */
  alias?: string;
  /** Key policy (JSON). Default: the account's default key policy (IAM policies decide). */
  policy?: pulumi.Input<string>;
  /** Region of the key, for a service that needs it elsewhere (us-east-1 for global alarms). Default: the stack's region. */
  region?: string;
  /** Tags applied to the key (its Name is the resource name). Default: none. */
  tags?: Record<string, string>;
}

/** A rotated customer-managed key with a 30-day deletion window, and its alias when one is asked for. */
export function encryptionKey(
  name: string,
  args: EncryptionKeyArgs,
  opts: { parent: pulumi.Resource },
): aws.kms.Key {
  const key = new aws.kms.Key(
    name,
    {
      region: args.region,
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: args.policy,
      tags: { ...args.tags, Name: name },
    },
    { parent: opts.parent },
  );
  if (args.alias) {
    new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: key.keyId }, { parent: opts.parent });
  }
  return key;
}
