/**
 * Deploy mode's computed outputs: what a provider returns after `pulumi up` for the outputs a
 * program or a policy reads. Every output the resource's SDK class declares (the properties it
 * registers as `undefined /*out*\/`) gets a value of the right shape: from a table for the common
 * AWS and GCP types (endpoints, certificate data, URLs), else from the output's name (`...Arn` an
 * ARN, `...Ids` a list of ids, `...Url` a URL). Never undefined: a program that reads an output
 * at deploy must not crash on a value only the cloud assigns.
 */
import { ACCOUNT_ID, shortHash } from "./data-sources";

/** A base64 PEM, the shape of the cluster CA data kubeconfigs embed. */
const CERTIFICATE_DATA = Buffer.from(
  "-----BEGIN CERTIFICATE-----\nTUlJQ3Byb2RyZWFkeWdhdGVvZmZsaW5lY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
).toString("base64");

function service(type: string): string {
  const match = /^aws:([a-zA-Z0-9]+)\//.exec(type);
  return match ? match[1].toLowerCase() : (type.split(":")[0] ?? "resource");
}

function kebab(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The id prefix AWS uses for a kind of resource (`vpc-`, `sg-`), from a property or type name. */
const ID_PREFIXES: Array<[RegExp, string]> = [
  [/securityGroup/i, "sg"],
  [/subnet/i, "subnet"],
  [/routeTable/i, "rtb"],
  [/internetGateway/i, "igw"],
  [/natGateway/i, "nat"],
  [/networkInterface/i, "eni"],
  [/vpcEndpoint/i, "vpce"],
  [/vpc/i, "vpc"],
  [/allocation|eip/i, "eipalloc"],
  [/instance/i, "i"],
  [/image|ami/i, "ami"],
  [/prefixList/i, "pl"],
  [/transitGateway/i, "tgw"],
  [/volume/i, "vol"],
  [/snapshot/i, "snap"],
];

function idFor(kind: string, seed: string): string {
  if (/hostedZone|zoneId/i.test(kind)) return `Z${shortHash(seed, 12).toUpperCase()}`;
  const prefix = ID_PREFIXES.find(([pattern]) => pattern.test(kind))?.[1];
  return prefix
    ? `${prefix}-0${shortHash(seed, 16)}`
    : `${kebab(kind).replace(/-?ids?$/, "")}-${shortHash(seed)}`;
}

interface Subject {
  type: string;
  name: string;
  physical: string;
  region: string;
  inputs: Record<string, any>;
}

function arnOf(subject: Subject, kind?: string): string {
  const svc = service(subject.type);
  const resourceKind = kind ?? subject.type.split(":").pop()!.toLowerCase();
  if (svc === "iam") return `arn:aws:iam::${ACCOUNT_ID}:${resourceKind}/${subject.physical}`;
  if (svc === "s3") return `arn:aws:s3:::${subject.physical}`;
  if (svc === "sns" || svc === "sqs")
    return `arn:aws:${svc}:${subject.region}:${ACCOUNT_ID}:${subject.physical}`;
  if (svc === "lambda") return `arn:aws:lambda:${subject.region}:${ACCOUNT_ID}:function:${subject.physical}`;
  if (svc === "cloudwatch" && resourceKind === "loggroup")
    return `arn:aws:logs:${subject.region}:${ACCOUNT_ID}:log-group:${subject.physical}`;
  return `arn:aws:${svc}:${subject.region}:${ACCOUNT_ID}:${resourceKind}/${subject.physical}`;
}

function hostname(subject: Subject, label = ""): string {
  const provider = subject.type.split(":")[0];
  const host = `${subject.physical}${label ? `-${label}` : ""}`.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
  return provider === "aws"
    ? `${host}.${service(subject.type)}.${subject.region}.amazonaws.com`
    : `${host}.${provider}.example.internal`;
}

/** A value of the shape an output's name implies; strings for names that imply nothing. */
export function valueByName(output: string, subject: Subject): unknown {
  const seed = `${subject.type}::${subject.name}::${output}`;
  if (output === "tagsAll") return subject.inputs.tags ?? {};
  if (output === "arn") return arnOf(subject);
  if (/Arns$/.test(output)) return [arnOf(subject, kebab(output.slice(0, -4)))];
  if (/Arn$/.test(output)) return arnOf(subject, kebab(output.slice(0, -3)));
  if (/Ids$/.test(output)) return ["a", "b", "c"].map((zone) => idFor(output, seed + zone));
  if (/Id$/.test(output)) return idFor(output, seed);
  if (/(Url|Uri)$/i.test(output)) return `https://${hostname(subject, kebab(output))}/`;
  if (/(IpAddress|Ip)$/i.test(output)) return `10.0.${parseInt(shortHash(seed, 2), 16) % 250}.10`;
  if (/(Ips|IpAddresses)$/.test(output)) return [`10.0.${parseInt(shortHash(seed, 2), 16) % 250}.10`];
  if (/(Endpoint|Address|DnsName|DomainName|Hostname|Host)$/i.test(output)) return hostname(subject);
  if (/(^p|P)ort$/.test(output)) return 443;
  if (/(Certificate|CertificateData|CaData)$/i.test(output)) return CERTIFICATE_DATA;
  if (/(Date|Time|At)$/.test(output)) return "2025-01-01T00:00:00Z";
  if (/(^c|C)apacity$|(Count|Number)$/.test(output)) return 1;
  if (output === "name" || /Name$/.test(output)) return subject.physical;
  return `${subject.physical}-${kebab(output)}`;
}

/** Outputs of common types whose shape a name cannot tell (objects, lists, formatted endpoints). */
function knownOutputs(subject: Subject): Record<string, unknown> {
  const { type, name, physical, region, inputs } = subject;
  const arn = arnOf(subject);
  const hash = shortHash(`${type}::${name}`);
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer":
      return {
        arn,
        name: physical,
        arnSuffix: `app/${physical}/${hash}`,
        dnsName: `${physical}-${hash}.${region}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
      };
    case "aws:lb/targetGroup:TargetGroup":
    case "aws:alb/targetGroup:TargetGroup":
      return { arn, name: physical, arnSuffix: `targetgroup/${physical}/${hash}` };
    case "aws:rds/instance:Instance": {
      const port = inputs.port ?? (/mysql|maria/.test(String(inputs.engine)) ? 3306 : 5432);
      const address = `${physical}.abcdefghijkl.${region}.rds.amazonaws.com`;
      return {
        arn: `arn:aws:rds:${region}:${ACCOUNT_ID}:db:${physical}`,
        identifier: physical,
        address,
        endpoint: `${address}:${port}`,
        port,
        resourceId: `db-${hash.toUpperCase()}`,
        hostedZoneId: "Z2R2ITUGPM61AM",
        masterUserSecrets: [
          {
            secretArn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:rds!db-${hash}`,
            kmsKeyId: "",
            secretStatus: "active",
          },
        ],
      };
    }
    case "aws:rds/cluster:Cluster":
      return {
        arn: `arn:aws:rds:${region}:${ACCOUNT_ID}:cluster:${inputs.clusterIdentifier ?? physical}`,
        clusterIdentifier: inputs.clusterIdentifier ?? physical,
        endpoint: `${physical}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`,
        readerEndpoint: `${physical}.cluster-ro-abcdefghijkl.${region}.rds.amazonaws.com`,
        port: /mysql/.test(String(inputs.engine)) ? 3306 : 5432,
        clusterResourceId: `cluster-${hash.toUpperCase()}`,
      };
    case "aws:rds/proxy:Proxy":
      return { arn, name: physical, endpoint: `${physical}.proxy-abcdefghijkl.${region}.rds.amazonaws.com` };
    case "aws:cloudfront/distribution:Distribution":
      return { arn, domainName: `d${hash}abcdef.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", etag: "E1" };
    case "aws:acm/certificate:Certificate":
      return {
        arn,
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])]
          .filter(Boolean)
          .map((domain: string) => ({
            domainName: domain,
            resourceRecordName: `_${shortHash(domain)}.${domain}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${shortHash(domain)}.acm-validations.aws.`,
          })),
      };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return {
        arn,
        bucket: physical,
        bucketDomainName: `${physical}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${physical}.s3.${region}.amazonaws.com`,
        hostedZoneId: "Z3AQBSTGFYJSTF",
        region,
      };
    case "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration":
    case "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2":
      return {
        websiteEndpoint: `${inputs.bucket ?? physical}.s3-website-${region}.amazonaws.com`,
        websiteDomain: `s3-website-${region}.amazonaws.com`,
      };
    case "aws:ec2/vpc:Vpc":
      return {
        arn,
        defaultSecurityGroupId: idFor("securityGroup", `${name}default`),
        mainRouteTableId: idFor("routeTable", `${name}main`),
      };
    case "aws:route53/zone:Zone":
      return {
        arn,
        zoneId: idFor("zoneId", name),
        nameServers: [
          "ns-1.awsdns-01.org",
          "ns-2.awsdns-02.co.uk",
          "ns-3.awsdns-03.com",
          "ns-4.awsdns-04.net",
        ],
      };
    case "aws:secretsmanager/secret:Secret":
      return {
        name: physical,
        arn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${physical}-${hash.slice(0, 6)}`,
      };
    case "aws:kms/key:Key":
      return {
        arn: `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${hash}-0000-4000-8000-000000000000`,
        keyId: `${hash}-0000-4000-8000-000000000000`,
      };
    case "aws:lambda/function:Function":
      return {
        arn,
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        qualifiedArn: `${arn}:1`,
        qualifiedInvokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}:1/invocations`,
        version: "1",
        lastModified: "2025-01-01T00:00:00.000+0000",
        sourceCodeHash: Buffer.from(hash).toString("base64"),
      };
    case "aws:lambda/functionUrl:FunctionUrl":
      return {
        functionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${inputs.functionName ?? physical}`,
        functionUrl: `https://${shortHash(name, 32)}.lambda-url.${region}.on.aws/`,
        urlId: shortHash(name, 32),
      };
    case "aws:apigateway/restApi:RestApi": {
      const id = shortHash(name, 10);
      return {
        arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
        rootResourceId: shortHash(`${name}root`, 10),
        executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${id}`,
        createdDate: "2025-01-01T00:00:00Z",
      };
    }
    case "aws:apigateway/stage:Stage": {
      const api = typeof inputs.restApi === "string" ? inputs.restApi : shortHash(name, 10);
      return {
        arn: `arn:aws:apigateway:${region}::/restapis/${api}/stages/${inputs.stageName}`,
        invokeUrl: `https://${api}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
        executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${api}/${inputs.stageName}`,
      };
    }
    case "aws:apigatewayv2/api:Api": {
      const id = shortHash(name, 10);
      return {
        arn: `arn:aws:apigateway:${region}::/apis/${id}`,
        apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${id}`,
      };
    }
    case "aws:apigatewayv2/stage:Stage": {
      const api = typeof inputs.apiId === "string" ? inputs.apiId : shortHash(name, 10);
      return {
        arn: `arn:aws:apigateway:${region}::/apis/${api}/stages/${inputs.name}`,
        invokeUrl: `https://${api}.execute-api.${region}.amazonaws.com/${inputs.name === "$default" ? "" : inputs.name}`,
        executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${api}/${inputs.name}`,
      };
    }
    case "aws:dynamodb/table:Table":
      return {
        arn: `arn:aws:dynamodb:${region}:${ACCOUNT_ID}:table/${physical}`,
        streamArn: `arn:aws:dynamodb:${region}:${ACCOUNT_ID}:table/${physical}/stream/2025-01-01T00:00:00.000`,
        streamLabel: "2025-01-01T00:00:00.000",
      };
    case "aws:sqs/queue:Queue":
      return { arn, url: `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${physical}` };
    case "aws:ecr/repository:Repository":
      return {
        arn: `arn:aws:ecr:${region}:${ACCOUNT_ID}:repository/${physical}`,
        registryId: ACCOUNT_ID,
        repositoryUrl: `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${physical}`,
      };
    case "aws:eks/cluster:Cluster": {
      const id = shortHash(name, 32).toUpperCase();
      return {
        arn: `arn:aws:eks:${region}:${ACCOUNT_ID}:cluster/${physical}`,
        endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthority: { data: CERTIFICATE_DATA },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
        clusterId: `${hash}-0000-4000-8000-000000000000`,
        platformVersion: "eks.10",
        status: "ACTIVE",
        version: inputs.version ?? "1.31",
        createdAt: "2025-01-01T00:00:00Z",
      };
    }
    case "aws:ec2/instance:Instance":
      return {
        arn,
        privateIp: "10.0.1.10",
        privateDns: `ip-10-0-1-10.${region}.compute.internal`,
        publicIp: inputs.associatePublicIpAddress ? "203.0.113.10" : "",
        publicDns: inputs.associatePublicIpAddress ? `ec2-203-0-113-10.${region}.compute.amazonaws.com` : "",
        primaryNetworkInterfaceId: idFor("networkInterface", name),
        instanceState: "running",
      };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return {
        arn,
        primaryEndpointAddress: `master.${physical}.${hash}.${region}.cache.amazonaws.com`,
        readerEndpointAddress: `replica.${physical}.${hash}.${region}.cache.amazonaws.com`,
        configurationEndpointAddress: `clustercfg.${physical}.${hash}.${region}.cache.amazonaws.com`,
        memberClusters: [`${physical}-001`, `${physical}-002`],
      };
    case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
      return {
        outputs: {
          RotationLambdaARN: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${physical}-rotation`,
        },
      };
    case "gcp:container/cluster:Cluster":
      return {
        endpoint: `34.${parseInt(hash.slice(0, 2), 16) % 250}.10.20`,
        masterAuth: {
          clusterCaCertificate: CERTIFICATE_DATA,
          clientCertificate: "",
          clientKey: "",
          clientCertificateConfig: inputs.masterAuth?.clientCertificateConfig ?? {
            issueClientCertificate: false,
          },
        },
        masterVersion: inputs.minMasterVersion ?? "1.30.8-gke.1162000",
        selfLink: `https://container.googleapis.com/v1/projects/${inputs.project ?? "project"}/locations/${inputs.location ?? "us-central1"}/clusters/${physical}`,
        labelFingerprint: hash,
        operation: "",
      };
    case "gcp:sql/databaseInstance:DatabaseInstance": {
      const location = inputs.region ?? "us-central1";
      const ip = `10.10.${parseInt(hash.slice(0, 2), 16) % 250}.3`;
      return {
        connectionName: `${inputs.project ?? "project"}:${location}:${physical}`,
        privateIpAddress: ip,
        publicIpAddress: "",
        firstIpAddress: ip,
        ipAddresses: [{ ipAddress: ip, type: "PRIVATE", timeToRetire: "" }],
        selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${inputs.project ?? "project"}/instances/${physical}`,
        serviceAccountEmailAddress: `p${shortHash(name, 12)}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
        dnsName: `${hash}.${location}.sql.goog.`,
      };
    }
    default:
      return {};
  }
}

/**
 * The outputs a deploy would return for one resource: values for every declared output (by name),
 * overridden by the known shapes of common types. Inputs are merged over these by the caller.
 */
export function deployOutputs(
  type: string,
  name: string,
  inputs: Record<string, any>,
  declaredOutputs: readonly string[],
  region: string,
): Record<string, unknown> {
  const physical = String(inputs.name ?? inputs.identifier ?? inputs.bucket ?? `${name}-${shortHash(name)}`);
  const subject: Subject = { type, name, physical, region, inputs };
  const byName: Record<string, unknown> = {};
  for (const output of declaredOutputs) byName[output] = valueByName(output, subject);
  const generic =
    type.startsWith("aws:") && !type.startsWith("aws:index/") ? { arn: arnOf(subject), name: physical } : {};
  return { ...generic, ...byName, ...knownOutputs(subject) };
}
