/** Shared bits of the EC2 and EKS policy tests (not a test file): one compliant baseline per resource type. */
import { UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

export { spec };
export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const VOLUME = "aws:ebs/volume:Volume";
export const ENCRYPTION_BY_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

export const subnet = (changes: Record<string, unknown> = {}) =>
  spec(
    SUBNET,
    "private-a",
    { vpcId: UNKNOWN, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false },
    changes,
  );

/** A compliant launch template: IMDSv2, an encrypted root mapping, no public IP. */
export const template = (changes: Record<string, unknown> = {}) =>
  spec(
    LAUNCH_TEMPLATE,
    "workers",
    {
      imageId: "ami-0123456789abcdef0",
      instanceType: "t3.medium",
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 30 } }],
      networkInterfaces: [{ associatePublicIpAddress: "false", subnetId: UNKNOWN }],
    },
    changes,
  );

/** A compliant instance in a private subnet of the stack. */
export const instance = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { subnetId: ["private-a"] },
) =>
  spec(
    INSTANCE,
    "app",
    {
      ami: "ami-0123456789abcdef0",
      instanceType: "t3.medium",
      subnetId: UNKNOWN,
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
      rootBlockDevice: { encrypted: true, volumeSize: 30 },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, volumeSize: 100 }],
    },
    changes,
    refs,
  );

/** An instance that leaves everything to the launch template "workers". */
export const templated = (changes: Record<string, unknown> = {}) =>
  instance(
    {
      launchTemplate: { id: UNKNOWN, version: "$Latest" },
      metadataOptions: undefined,
      rootBlockDevice: undefined,
      ebsBlockDevices: undefined,
      associatePublicIpAddress: undefined,
      ...changes,
    },
    { subnetId: ["private-a"], launchTemplate: ["workers"] },
  );

/** A compliant EKS cluster: private endpoint, audit logging, secrets encrypted with a KMS key. */
export const cluster = (changes: Record<string, unknown> = {}) =>
  spec(
    EKS_CLUSTER,
    "platform",
    {
      roleArn: UNKNOWN,
      version: "1.33",
      vpcConfig: { subnetIds: [UNKNOWN, UNKNOWN], endpointPrivateAccess: true, endpointPublicAccess: false },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } },
    },
    changes,
  );
