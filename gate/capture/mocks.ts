/**
 * The answers the gate gives in place of providers. Preview: a resource's state is its inputs
 * (unknown inputs stay unknown, computed outputs and ids are unknown), as in a preview of a new
 * stack. Deploy: inputs plus plausible computed outputs, so nothing is unknown, as in `pulumi up`.
 * Data sources are answered from a table of common AWS invokes.
 */
import { createHash } from "crypto";

export const ACCOUNT_ID = "123456789012";

export interface MockContext {
  preview: boolean;
  region: string;
}

interface NewResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, any>;
  id?: string;
}

function suffix(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 7);
}

function service(type: string): string {
  const match = /^aws:([a-zA-Z0-9]+)\//.exec(type);
  return match ? match[1].toLowerCase() : "resource";
}

/** Computed outputs a deploy would return, for the outputs programs and policies commonly read. */
function computedOutputs(
  type: string,
  name: string,
  inputs: Record<string, any>,
  region: string,
): Record<string, unknown> {
  const physical = inputs.name ?? inputs.identifier ?? inputs.bucket ?? `${name}-${suffix(name)}`;
  const arn = `arn:aws:${service(type)}:${region}:${ACCOUNT_ID}:${type.split(":").pop()!.toLowerCase()}/${physical}`;
  const outputs: Record<string, unknown> = { arn, urn: undefined };
  delete outputs.urn;
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer":
      return {
        ...outputs,
        name: physical,
        arnSuffix: `app/${physical}/${suffix(name)}`,
        dnsName: `${physical}.${region}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
      };
    case "aws:lb/targetGroup:TargetGroup":
    case "aws:alb/targetGroup:TargetGroup":
      return { ...outputs, name: physical, arnSuffix: `targetgroup/${physical}/${suffix(name)}` };
    case "aws:rds/instance:Instance":
      return {
        ...outputs,
        identifier: physical,
        address: `${physical}.abcdefghijkl.${region}.rds.amazonaws.com`,
        endpoint: `${physical}.abcdefghijkl.${region}.rds.amazonaws.com:5432`,
        port: inputs.port ?? 5432,
        resourceId: `db-${suffix(name).toUpperCase()}`,
        masterUserSecrets: [
          {
            secretArn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:rds!db-${suffix(name)}`,
            kmsKeyId: "",
            secretStatus: "active",
          },
        ],
      };
    case "aws:rds/cluster:Cluster":
      return {
        ...outputs,
        clusterIdentifier: inputs.clusterIdentifier ?? physical,
        endpoint: `${physical}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`,
        readerEndpoint: `${physical}.cluster-ro-abcdefghijkl.${region}.rds.amazonaws.com`,
        port: 5432,
      };
    case "aws:rds/proxy:Proxy":
      return {
        ...outputs,
        name: physical,
        endpoint: `${physical}.proxy-abcdefghijkl.${region}.rds.amazonaws.com`,
      };
    case "aws:cloudfront/distribution:Distribution":
      return {
        ...outputs,
        domainName: `d${suffix(name)}.cloudfront.net`,
        hostedZoneId: "Z2FDTNDATAQYW2",
        etag: "E1",
      };
    case "aws:acm/certificate:Certificate":
      return {
        ...outputs,
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])]
          .filter(Boolean)
          .map((domain: string) => ({
            domainName: domain,
            resourceRecordName: `_${suffix(domain)}.${domain}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${suffix(domain)}.acm-validations.aws.`,
          })),
      };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return {
        ...outputs,
        bucket: physical,
        arn: `arn:aws:s3:::${physical}`,
        bucketRegionalDomainName: `${physical}.s3.${region}.amazonaws.com`,
      };
    case "aws:ec2/vpc:Vpc":
      return { ...outputs, defaultSecurityGroupId: `sg-${suffix(name + "default")}` };
    case "aws:route53/zone:Zone":
      return { ...outputs, zoneId: `Z${suffix(name).toUpperCase()}`, nameServers: ["ns-1.awsdns-01.org"] };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...outputs, name: physical };
    case "aws:secretsmanager/secret:Secret":
      return {
        ...outputs,
        name: physical,
        arn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${physical}-${suffix(name).slice(0, 6)}`,
      };
    case "aws:ecs/cluster:Cluster":
      return { ...outputs, name: physical };
    case "aws:ecs/service:Service":
      return { ...outputs, name: physical };
    case "aws:kms/key:Key":
      return { ...outputs, keyId: `${suffix(name)}-0000-4000-8000-000000000000` };
    case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
      return {
        ...outputs,
        outputs: {
          RotationLambdaARN: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${physical}-rotation`,
        },
      };
    default:
      return { ...outputs, name: physical };
  }
}

export function newResource(
  context: MockContext,
  args: NewResourceArgs,
): { id: string | undefined; state: Record<string, any> } {
  if (context.preview) return { id: undefined, state: args.inputs };
  const id =
    args.id ||
    (args.type.startsWith("pulumi:providers:")
      ? `${args.name}-provider-id`
      : `${args.name}-${suffix(args.type + args.name)}`);
  return {
    id,
    state: { ...computedOutputs(args.type, args.name, args.inputs, context.region), ...args.inputs, id },
  };
}

/** Canned data-source answers (`aws:index/getRegion:getRegion` and friends); undefined when not in the table. */
export function invoke(
  context: MockContext,
  token: string,
  args: Record<string, any>,
): Record<string, unknown> | undefined {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return {
        id: context.region,
        name: context.region,
        region: context.region,
        description: context.region,
        endpoint: `ec2.${context.region}.amazonaws.com`,
      };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: ACCOUNT_ID,
        accountId: ACCOUNT_ID,
        arn: `arn:aws:iam::${ACCOUNT_ID}:user/prodready-gate`,
        userId: "AIDAPRODREADYGATE",
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const letters = ["a", "b", "c"];
      return {
        id: context.region,
        names: letters.map((l) => `${context.region}${l}`),
        zoneIds: letters.map((_, i) => `euw1-az${i + 1}`),
        groupNames: [context.region],
        state: "available",
      };
    }
    case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
      return {
        id: "pl-4fa04526",
        name: args.name ?? "com.amazonaws.global.cloudfront.origin-facing",
        addressFamily: "IPv4",
        maxEntries: 55,
        entries: [],
        arn: `arn:aws:ec2:${context.region}:aws:prefix-list/pl-4fa04526`,
      };
    case "aws:iam/getPolicy:getPolicy":
      return {
        id: args.arn ?? `arn:aws:iam::aws:policy/${args.name}`,
        arn: args.arn ?? `arn:aws:iam::aws:policy/${args.name}`,
        name: args.name ?? "",
        policy: "{}",
      };
    case "aws:ec2/getAmi:getAmi":
      return { id: "ami-0123456789abcdef0", imageId: "ami-0123456789abcdef0", architecture: "x86_64" };
    case "aws:route53/getZone:getZone":
      return {
        id: "Z0123456789ABCDEFGHIJ",
        zoneId: "Z0123456789ABCDEFGHIJ",
        name: args.name ?? "example.com",
      };
    case "aws:acm/getCertificate:getCertificate":
      return {
        id: `arn:aws:acm:${context.region}:${ACCOUNT_ID}:certificate/00000000-0000-4000-8000-000000000000`,
        arn: `arn:aws:acm:${context.region}:${ACCOUNT_ID}:certificate/00000000-0000-4000-8000-000000000000`,
        domain: args.domain ?? "",
      };
    case "aws:iam/getPolicyDocument:getPolicyDocument": {
      const json = JSON.stringify(policyDocument(args));
      return { id: suffix(json), json, minifiedJson: json };
    }
    default:
      return undefined;
  }
}

/** Renders getPolicyDocument's statements as the IAM JSON the provider would return. */
function policyDocument(args: Record<string, any>): Record<string, unknown> {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? undefined : [v]);
  const statements = (Array.isArray(args.statements) ? args.statements : []).map((s: Record<string, any>) => {
    const statement: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
    if (s.sid) statement.Sid = s.sid;
    if (s.actions) statement.Action = list(s.actions);
    if (s.notActions) statement.NotAction = list(s.notActions);
    if (s.resources) statement.Resource = list(s.resources);
    if (s.notResources) statement.NotResource = list(s.notResources);
    for (const [key, field] of [
      ["principals", "Principal"],
      ["notPrincipals", "NotPrincipal"],
    ] as const) {
      if (!Array.isArray(s[key])) continue;
      const principal: Record<string, unknown> = {};
      for (const p of s[key]) principal[p.type] = p.type === "*" ? "*" : list(p.identifiers);
      statement[field] = principal["*"] === "*" ? "*" : principal;
    }
    if (Array.isArray(s.conditions)) {
      const condition: Record<string, Record<string, unknown>> = {};
      for (const c of s.conditions) (condition[c.test] ??= {})[c.variable] = list(c.values);
      statement.Condition = condition;
    }
    return statement;
  });
  return { Version: args.version ?? "2012-10-17", Statement: statements };
}
