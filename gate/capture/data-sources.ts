/**
 * The gate's built-in answers to common data sources (invokes), by token. Each answer is what the
 * provider would return for a typical account, computed from the invoke's arguments where they
 * determine it (a policy document, an engine version, a name). A value only the real account knows
 * (a private SSM parameter, a secret) is not invented: it is unanswered, and `--mocks` answers it.
 */
import { createHash } from "crypto";

export const ACCOUNT_ID = "123456789012";

export interface DataSourceContext {
  region: string;
}

export function shortHash(text: string, length = 7): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** `us-east-1` → `use1`, the prefix AWS puts on zone ids (`use1-az1`). */
function regionCode(region: string): string {
  const words: Record<string, string> = {
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
    north: "n",
    south: "s",
    east: "e",
    west: "w",
    central: "c",
  };
  const [area, direction, number] = region.split("-");
  return `${area ?? "us"}${words[direction ?? ""] ?? (direction ?? "").slice(0, 1)}${number ?? "1"}`;
}

const list = (v: unknown): unknown[] | undefined =>
  Array.isArray(v) ? v : v === undefined ? undefined : [v];

/** Renders getPolicyDocument's statements as the IAM JSON the provider would return. */
function policyDocument(args: Record<string, any>): Record<string, unknown> {
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

/** Default engine version and parameter group family per RDS engine, as `getEngineVersion` picks them. */
const RDS_ENGINES: Record<string, { version: string; family: (version: string) => string }> = {
  postgres: { version: "16.4", family: (v) => `postgres${v.split(".")[0]}` },
  mysql: { version: "8.0.39", family: (v) => `mysql${v.split(".").slice(0, 2).join(".")}` },
  mariadb: { version: "10.11.9", family: (v) => `mariadb${v.split(".").slice(0, 2).join(".")}` },
  "aurora-postgresql": { version: "16.4", family: (v) => `aurora-postgresql${v.split(".")[0]}` },
  "aurora-mysql": { version: "8.0.mysql_aurora.3.07.1", family: () => "aurora-mysql8.0" },
};

/** CloudFront's AWS-managed policies, by name: their ids are the same in every account. */
const CLOUDFRONT_MANAGED: Record<string, string> = {
  "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
  "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "Managed-CachingOptimizedForUncompressedObjects": "b2884449-e4de-46a7-ac36-70bc7f1ddd6d",
  "Managed-AllViewer": "216adef6-5c7f-47e4-b989-5492eafa07d3",
  "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
  "Managed-CORS-S3Origin": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "Managed-SecurityHeadersPolicy": "67f7725c-6f97-4210-82d7-5512b31e9d03",
  "Managed-CORS-With-Preflight": "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
};

function vpcId(args: Record<string, any>): string {
  return typeof args.id === "string" && args.id ? args.id : `vpc-0${shortHash(JSON.stringify(args), 16)}`;
}

/** The answer for `token`, or undefined when the gate has no faithful offline answer. */
export function builtInAnswer(
  context: DataSourceContext,
  token: string,
  args: Record<string, any>,
): Record<string, unknown> | undefined {
  const region = context.region;
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return {
        id: region,
        name: region,
        region,
        description: region,
        endpoint: `ec2.${region}.amazonaws.com`,
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
        id: region,
        names: letters.map((l) => `${region}${l}`),
        zoneIds: letters.map((_, i) => `${regionCode(region)}-az${i + 1}`),
        groupNames: [region],
        state: args.state ?? "available",
      };
    }
    case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
      return {
        id: "pl-4fa04526",
        name: args.name ?? "com.amazonaws.global.cloudfront.origin-facing",
        addressFamily: "IPv4",
        maxEntries: 55,
        entries: [],
        arn: `arn:aws:ec2:${region}:aws:prefix-list/pl-4fa04526`,
      };
    case "aws:iam/getPolicy:getPolicy":
      return {
        id: args.arn ?? `arn:aws:iam::aws:policy/${args.name}`,
        arn: args.arn ?? `arn:aws:iam::aws:policy/${args.name}`,
        name:
          args.name ??
          String(args.arn ?? "")
            .split("/")
            .pop(),
        policy: "{}",
      };
    case "aws:iam/getPolicyDocument:getPolicyDocument": {
      const json = JSON.stringify(policyDocument(args));
      return { id: shortHash(json), json, minifiedJson: json };
    }
    case "aws:ec2/getAmi:getAmi":
      return {
        id: "ami-0123456789abcdef0",
        imageId: "ami-0123456789abcdef0",
        architecture: "x86_64",
        name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
        ownerId: "137112412989",
        rootDeviceName: "/dev/xvda",
      };
    case "aws:ec2/getVpc:getVpc": {
      const id = vpcId(args);
      return {
        id,
        arn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:vpc/${id}`,
        cidrBlock: "10.0.0.0/16",
        default: args.default ?? false,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        instanceTenancy: "default",
        mainRouteTableId: `rtb-0${shortHash(id + "main", 16)}`,
        ownerId: ACCOUNT_ID,
        state: "available",
        tags: args.tags ?? {},
      };
    }
    case "aws:ec2/getSubnets:getSubnets": {
      const key = JSON.stringify(args);
      return {
        id: region,
        ids: ["a", "b", "c"].map((zone) => `subnet-0${shortHash(key + zone, 16)}`),
        filters: args.filters,
        tags: args.tags,
      };
    }
    case "aws:ec2/getSubnet:getSubnet": {
      const id =
        typeof args.id === "string" && args.id ? args.id : `subnet-0${shortHash(JSON.stringify(args), 16)}`;
      return {
        id,
        arn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/${id}`,
        vpcId: args.vpcId ?? `vpc-0${shortHash("subnet-vpc", 16)}`,
        availabilityZone: args.availabilityZone ?? `${region}a`,
        availabilityZoneId: `${regionCode(region)}-az1`,
        cidrBlock: args.cidrBlock ?? "10.0.1.0/24",
        mapPublicIpOnLaunch: false,
        defaultForAz: args.defaultForAz ?? false,
        ownerId: ACCOUNT_ID,
        state: "available",
        tags: args.tags ?? {},
      };
    }
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
      const registry = args.registryId ?? ACCOUNT_ID;
      const password = `prodready-gate-ecr-token-${shortHash(registry)}`;
      return {
        id: region,
        registryId: registry,
        userName: "AWS",
        password,
        authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
        proxyEndpoint: `https://${registry}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
      };
    }
    case "aws:ecr/getRepository:getRepository": {
      const registry = args.registryId ?? ACCOUNT_ID;
      return {
        id: args.name,
        name: args.name,
        arn: `arn:aws:ecr:${region}:${registry}:repository/${args.name}`,
        registryId: registry,
        repositoryUrl: `${registry}.dkr.ecr.${region}.amazonaws.com/${args.name}`,
        imageTagMutability: "IMMUTABLE",
        encryptionConfigurations: [{ encryptionType: "AES256", kmsKey: "" }],
        imageScanningConfigurations: [{ scanOnPush: true }],
        mostRecentImageTags: ["latest"],
        tags: {},
      };
    }
    case "aws:ssm/getParameter:getParameter":
      return publicParameter(region, String(args.name ?? ""), Boolean(args.withDecryption ?? true));
    case "aws:rds/getEngineVersion:getEngineVersion": {
      const engine = String(args.engine ?? "postgres");
      const known = RDS_ENGINES[engine];
      if (!known) return undefined;
      const preferred = Array.isArray(args.preferredVersions) ? args.preferredVersions[0] : undefined;
      const version = String(args.version ?? preferred ?? known.version);
      return {
        id: engine,
        engine,
        version,
        versionActual: version,
        parameterGroupFamily: args.parameterGroupFamily ?? known.family(version),
        defaultOnly: args.defaultOnly,
        engineDescription: engine,
        status: "available",
        supportedFeatureNames: [],
        validUpgradeTargets: [],
      };
    }
    case "aws:cloudfront/getCachePolicy:getCachePolicy":
    case "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy":
    case "aws:cloudfront/getResponseHeadersPolicy:getResponseHeadersPolicy": {
      const name = String(args.name ?? "");
      const id = args.id ?? CLOUDFRONT_MANAGED[name];
      return id ? { id, name, etag: "E1" } : undefined;
    }
    case "gcp:container/getEngineVersions:getEngineVersions": {
      const versions = ["1.31.4-gke.1183000", "1.30.8-gke.1162000", "1.29.12-gke.1120000"];
      return {
        id: `${args.project ?? "project"}/${args.location ?? "us-central1"}`,
        project: args.project ?? "",
        location: args.location ?? "",
        versionPrefix: args.versionPrefix ?? "",
        defaultClusterVersion: versions[1],
        latestMasterVersion: versions[0],
        latestNodeVersion: versions[0],
        validMasterVersions: versions,
        validNodeVersions: versions,
        releaseChannelDefaultVersion: { RAPID: versions[0], REGULAR: versions[1], STABLE: versions[2] },
        releaseChannelLatestVersion: { RAPID: versions[0], REGULAR: versions[0], STABLE: versions[1] },
      };
    }
    default:
      return undefined;
  }
}

/** AWS's public parameters (`/aws/service/...`) have the same kind of value in every account; private ones are unknowable. */
function publicParameter(
  region: string,
  name: string,
  decrypted: boolean,
): Record<string, unknown> | undefined {
  if (!name.startsWith("/aws/service/")) return undefined;
  const value = /ami|image_id/.test(name)
    ? `ami-0${shortHash(name, 16)}`
    : /regions?\//.test(name)
      ? region
      : undefined;
  if (value === undefined) return undefined;
  return {
    id: name,
    name,
    arn: `arn:aws:ssm:${region}::parameter${name}`,
    type: "String",
    value,
    insecureValue: value,
    version: 1,
    withDecryption: decrypted,
  };
}
