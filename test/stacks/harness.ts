// Runs stacks/index.ts under Pulumi mocks with a stack's real config file and records every registration.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

export const ACCOUNT_ID = "123456789012";
export const REGION = "eu-west-1";
export const CLOUDFRONT_PREFIX_LIST_ID = "pl-4fa04526";
export const AVAILABILITY_ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const REPO_ROOT = path.resolve(__dirname, "../..");

/** The data sources the program may use: anything else fails the run (the offline gate answers only these). */
export const ALLOWED_DATA_SOURCES = [
  "aws:index/getAvailabilityZones:getAvailabilityZones",
  "aws:index/getCallerIdentity:getCallerIdentity",
  "aws:index/getRegion:getRegion",
  "aws:ec2/getManagedPrefixList:getManagedPrefixList",
];

type Inputs = Record<string, any>;

export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** Inputs as the mocks see them (deserialized; secrets unwrapped). */
  inputs: Inputs;
  /** Input property -> URNs of the resources it came from, as the engine records them. */
  propertyDependencies: Record<string, string[]>;
  parent: string;
}

export interface ProgramRun {
  resources: Registration[];
  outputs: Inputs;
  dataSources: string[];
  error?: Error;
}

/** A stack's `config:` block as the Pulumi CLI hands it to a program: every value a string. */
export function stackConfig(stack: string): Record<string, string> {
  const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const document = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config ?? {})) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}

function mockState(type: string, name: string, inputs: Inputs): Inputs {
  const resourceName = inputs.name ?? name;
  const state: Inputs = {
    ...inputs,
    name: resourceName,
    arn: inputs.arn ?? `arn:aws:mock:${REGION}:${ACCOUNT_ID}:${type.split(":")[1]}/${resourceName}`,
  };
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        ...state,
        arnSuffix: `app/${resourceName}/50dc6c495c0c9188`,
        dnsName: `${resourceName}-1234567890.${REGION}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
      };
    case "aws:lb/targetGroup:TargetGroup":
      return { ...state, arnSuffix: `targetgroup/${resourceName}/73e2d6bc24d8a067` };
    case "aws:rds/instance:Instance":
      return {
        ...state,
        address: `${inputs.identifier}.c9akciq32.${REGION}.rds.amazonaws.com`,
        endpoint: `${inputs.identifier}.c9akciq32.${REGION}.rds.amazonaws.com:5432`,
        masterUserSecrets: [
          {
            secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:rds!db-mock-AbCdEf`,
            kmsKeyId: "mock-key",
            secretStatus: "active",
          },
        ],
      };
    case "aws:rds/proxy:Proxy":
      return { ...state, endpoint: `${resourceName}.proxy-c9akciq32.${REGION}.rds.amazonaws.com` };
    case "aws:cloudfront/distribution:Distribution":
      return { ...state, domainName: "d111111abcdef8.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" };
    case "aws:s3/bucket:Bucket":
      return { ...state, bucketRegionalDomainName: `${inputs.bucket}.s3.${REGION}.amazonaws.com` };
    case "aws:acm/certificate:Certificate":
      return {
        ...state,
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map(
          (domainName: string) => ({
            domainName,
            resourceRecordName: `_a79865eb4cd1a6ab990a45779b4e0b96.${domainName}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: "_mock.acm-validations.aws.",
          }),
        ),
      };
    case "aws:route53/zone:Zone":
      return { ...state, zoneId: "Z0PRIVATE0ZONE0ID" };
    case "aws:route53/record:Record":
      return { ...state, fqdn: inputs.name };
    case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
      return {
        ...state,
        outputs: { RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${resourceName}` },
      };
    case "aws:kms/key:Key":
      return { ...state, keyId: `key-${name}` };
    case "random:index/randomPassword:RandomPassword":
      return { ...state, result: `mock-password-of-${name}` };
    default:
      return state;
  }
}

/**
 * Runs the program for a stack (config from stacks/Pulumi.<stack>.yaml plus overrides; an override
 * of undefined removes the key) in preview mode, in a fresh module registry.
 */
export async function runProgram(
  stack: string,
  overrides: Record<string, string | undefined> = {},
): Promise<ProgramRun> {
  const config: Record<string, string> = stackConfig(stack);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  const run: ProgramRun = { resources: [], outputs: {}, dataSources: [] };

  // The SDK takes a stack trace for every resource and promise it makes; jest's source-map formatter
  // maps every frame of each (~45% of a program run here). Plain V8 frames while the program runs,
  // as in the gate's capture worker; what the tests read (inputs, messages) does not change.
  const formatter = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) =>
    [String(error), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
  try {
    await runIsolated(run, config, stack);
  } finally {
    Error.prepareStackTrace = formatter;
  }
  return run;
}

async function runIsolated(run: ProgramRun, config: Record<string, string>, stack: string): Promise<void> {
  await jest.isolateModulesAsync(async () => {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const seen = new Map<string, Inputs>();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          seen.set(`${args.type}::${args.name}`, args.inputs);
          return {
            id: `${args.name}-id`,
            state: args.custom ? mockState(args.type, args.name, args.inputs) : {},
          };
        },
        call: (args) => {
          run.dataSources.push(args.token);
          switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
              return {
                id: REGION,
                names: AVAILABILITY_ZONES,
                zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"],
                state: "available",
              };
            case "aws:index/getCallerIdentity:getCallerIdentity":
              return {
                id: ACCOUNT_ID,
                accountId: ACCOUNT_ID,
                arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci`,
                userId: "AIDAMOCK",
              };
            case "aws:index/getRegion:getRegion":
              return { id: REGION, name: REGION, region: REGION, endpoint: `ec2.${REGION}.amazonaws.com` };
            case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
              return {
                id: CLOUDFRONT_PREFIX_LIST_ID,
                name: args.inputs.name,
                addressFamily: "IPv4",
                maxEntries: 55,
              };
            default:
              throw new Error(
                `The program called data source ${args.token}; only ${ALLOWED_DATA_SOURCES.join(", ")} are allowed.`,
              );
          }
        },
      },
      "prodready",
      stack,
      true,
    );

    // Record the raw registrations at the monitor: the mocks alone lose parents and property dependencies.
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource: (
        request: RawRequest,
        callback: (error: Error | null, response?: RawResponse) => void,
      ) => void;
    };
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
      registerResource(request, (error, response) => {
        if (!error && response) {
          const propertyDependencies: Record<string, string[]> = {};
          request.getPropertydependenciesMap().forEach((dependencies, key) => {
            propertyDependencies[key] = dependencies.getUrnsList();
          });
          run.resources.push({
            urn: response.getUrn(),
            type: request.getType(),
            name: request.getName(),
            custom: request.getCustom(),
            inputs: seen.get(`${request.getType()}::${request.getName()}`) ?? {},
            propertyDependencies,
            parent: request.getParent(),
          });
        }
        callback(error, response);
      });

    pulumi.runtime.setAllConfig(config);
    // The program is required directly, not inside runInPulumiStack: a config error then surfaces as the
    // thrown RunError instead of as unhandled rejections of the stack resource (which jest reports as failures).
    let program: Inputs | undefined;
    try {
      program = require("../../stacks/index");
    } catch (error) {
      run.error = error as Error;
    }
    await pulumi.runtime.disconnect();
    for (const [name, value] of Object.entries(program ?? {})) {
      run.outputs[name] = pulumi.Output.isInstance(value)
        ? await (value as unknown as { promise(): Promise<unknown> }).promise()
        : value;
    }
  });
}

interface RawRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}

interface RawResponse {
  getUrn(): string;
}

/** Queries over a run's registrations. */
export class Resources {
  constructor(public readonly all: Registration[]) {}

  ofType(type: string): Registration[] {
    return this.all.filter((resource) => resource.type === type);
  }

  /** The single resource of a type (optionally whose name contains a fragment); fails if there is not exactly one. */
  one(type: string, nameFragment = ""): Registration {
    const matches = this.ofType(type).filter((resource) => resource.name.includes(nameFragment));
    if (matches.length !== 1) {
      throw new Error(
        `Expected one ${type} named *${nameFragment}*, found ${matches.length}: ${matches.map((match) => match.name).join(", ")}`,
      );
    }
    return matches[0];
  }

  byUrn(urn: string): Registration | undefined {
    return this.all.find((resource) => resource.urn === urn);
  }

  /** Types of the resources an input property was computed from. */
  dependencyTypes(resource: Registration, property: string): string[] {
    return (resource.propertyDependencies[property] ?? []).map(
      (urn) => this.byUrn(urn)?.type ?? `unknown:${urn}`,
    );
  }
}

/** The JSON container definitions of a task definition family suffix (django, nextjs, migrate). */

export function containerDefinitions(resources: Resources, service: string): any[] {
  const task = resources
    .ofType("aws:ecs/taskDefinition:TaskDefinition")
    .find((resource) => resource.inputs.family.endsWith(`-${service}`));
  if (!task) throw new Error(`No task definition for ${service}.`);
  return JSON.parse(task.inputs.containerDefinitions);
}
