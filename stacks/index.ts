// Composition root: read validated config, build the tiers in dependency order, export the outputs.
import * as pulumi from "@pulumi/pulumi";
import { Backups } from "./components/backups";
import { Database } from "./components/database";
import { buildAccessModel, DatabaseAccess } from "./components/database-access";
import { Edge } from "./components/edge";
import { MediaStorage } from "./components/media";
import { Monitoring } from "./components/monitoring";
import { Network } from "./components/network";
import { Pooling } from "./components/pooling";
import { Secrets } from "./components/secrets";
import { gunicornWorkers, Services } from "./components/services";
import { loadConfig } from "./config";

const config = loadConfig();
const tags = config.tags;

const network = new Network("network", {
  vpcCidr: config.vpcCidr,
  availabilityZoneCount: config.availabilityZoneCount,
  natGatewayPerAz: config.natGatewayPerAz,
  flowLogRetentionDays: config.logRetentionDays,
  privateZoneName: config.privateZoneName,
  rdsProxy: config.connectionPooling === "rds-proxy",
  tags,
});

const database = new Database("database", {
  isolatedSubnetIds: network.isolatedSubnetIds,
  securityGroupId: network.securityGroups.database.id,
  engineVersion: config.postgresEngineVersion,
  instanceClass: config.databaseInstanceClass,
  allocatedStorageGb: config.databaseAllocatedStorageGb,
  maxAllocatedStorageGb: config.databaseMaxAllocatedStorageGb,
  databaseName: config.databaseName,
  multiAz: config.databaseMultiAz,
  deletionProtection: config.databaseDeletionProtection,
  backupRetentionDays: config.backupRetentionDays,
  logRetentionDays: config.logRetentionDays,
  tags,
});

const secrets = new Secrets("secrets", {
  recoveryWindowInDays: config.isProduction ? 30 : 7,
  database: {
    address: database.address,
    port: database.port,
    name: database.databaseName,
    masterUserSecretArn: database.masterUserSecretArn,
    masterUserSecretKmsKeyArn: database.kmsKey.arn,
  },
  rotation: {
    subnetIds: network.privateSubnetIds,
    securityGroupId: network.securityGroups.rotation.id,
    automaticallyAfterDays: config.databaseCredentialRotationDays,
  },
  sentryDsnDjango: config.sentryDsnDjango,
  sentryDsnNextjs: config.sentryDsnNextjs,
  tags,
});

const pooling = new Pooling("pooling", {
  mode: config.connectionPooling,
  database: {
    identifier: database.identifier,
    address: database.address,
    port: database.port,
    instanceClass: database.instanceClass,
  },
  credentials: {
    secretArns: [secrets.secrets.appDatabaseCredentials.arn, secrets.secrets.migratorDatabaseCredentials.arn],
    kmsKeyArn: secrets.kmsKey.arn,
  },
  subnetIds: network.privateSubnetIds,
  securityGroupId: network.securityGroups.proxy?.id,
  privateZone: { zoneId: network.privateZone.zoneId, name: config.privateZoneName },
  maxDjangoTasks: config.djangoMaxCount,
  workersPerTask: gunicornWorkers(config.djangoCpu),
  logRetentionDays: config.logRetentionDays,
  tags,
});

const accessModel = buildAccessModel({
  database: config.databaseName,
  appConnectionLimit: pooling.limits.maxConnections - pooling.limits.reservedConnections,
});
// Off for the very first deploy of a stack, until the deployer role is bootstrapped (docs/architecture.md).
if (config.manageDatabaseAccess) {
  new DatabaseAccess("database-access", {
    model: accessModel,
    connection: {
      host: config.databaseAccessHost ?? database.address,
      port: config.databaseAccessPort ?? database.port,
      username: config.databaseDeployerUser,
      region: config.region,
      sslRootCert: config.databaseSslRootCert,
    },
    passwords: { migrator: secrets.migratorDatabasePassword, app: secrets.appDatabasePassword },
  });
}

const media = new MediaStorage("media", { tags });

const edge = new Edge("edge", {
  appDomain: config.appDomain,
  apiDomain: config.apiDomain,
  originDomain: config.originDomain,
  hostedZoneId: config.hostedZoneId,
  region: config.region,
  vpcId: network.vpc.id,
  publicSubnetIds: network.publicSubnetIds,
  albSecurityGroupId: network.securityGroups.alb.id,
  media: {
    bucketRegionalDomainName: media.bucket.bucketRegionalDomainName,
    originAccessControlId: media.originAccessControl.id,
  },
  wafRateLimit: config.wafRateLimit,
  deletionProtection: config.isProduction,
  accessLogRetentionDays: config.logRetentionDays,
  tags,
});

const services = new Services("services", {
  appDomain: config.appDomain,
  apiDomain: config.apiDomain,
  region: config.region,
  privateSubnetIds: network.privateSubnetIds,
  securityGroupIds: { django: network.securityGroups.django.id, nextjs: network.securityGroups.nextjs.id },
  loadBalancing: {
    albArnSuffix: edge.alb.arnSuffix,
    targetGroups: edge.targetGroups,
    listener: edge.httpsListener,
  },
  database: { host: pooling.endpointHost, port: pooling.port, name: database.databaseName },
  pooling: { mode: pooling.mode, limits: pooling.limits },
  secrets: { names: secrets.names, arns: secrets.secretArns, kmsKeyArn: secrets.kmsKey.arn },
  media: { bucketName: media.bucketName, bucketArn: media.bucket.arn, kmsKeyArn: media.kmsKey.arn },
  django: {
    image: config.djangoImage,
    cpu: config.djangoCpu,
    memory: config.djangoMemory,
    desiredCount: config.djangoDesiredCount,
    maxCount: config.djangoMaxCount,
    settingsModule: config.djangoSettingsModule,
    wsgiApplication: config.djangoWsgiApplication,
  },
  nextjs: {
    image: config.nextjsImage,
    cpu: config.nextjsCpu,
    memory: config.nextjsMemory,
    desiredCount: config.nextjsDesiredCount,
    maxCount: config.nextjsMaxCount,
  },
  pgbouncerImage: config.pgbouncerImage,
  cpuArchitecture: config.cpuArchitecture,
  logLevel: config.logLevel,
  logRetentionDays: config.logRetentionDays,
  tags,
});

new Backups("backups", {
  database: { arn: database.arn, subnetGroupName: database.subnetGroupName },
  retentionDays: config.backupRetentionDays,
  tags,
});

const monitoring = new Monitoring("monitoring", {
  alarmEmail: config.alarmEmail,
  alb: { arnSuffix: edge.alb.arnSuffix },
  targetGroups: {
    django: { arnSuffix: edge.targetGroups.django.arnSuffix },
    nextjs: { arnSuffix: edge.targetGroups.nextjs.arnSuffix },
  },
  database: {
    identifier: database.identifier,
    allocatedStorageGb: database.allocatedStorageGb,
    maxConnections: pooling.limits.maxConnections,
  },
  proxy: pooling.proxyName ? { name: pooling.proxyName } : undefined,
  publicEndpoints: [
    { label: "app", hostname: config.appDomain },
    { label: "api", hostname: config.apiDomain },
  ],
  tags,
});

export const appUrl = edge.appUrl;
export const apiUrl = edge.apiUrl;
export const mediaUrl = `${edge.appUrl}/media/`;
/** What the applications connect to: the stable private name, a CNAME to the proxy (or the instance). */
export const databaseEndpoint = pooling.endpointHost;
export const databaseProxyEndpoint = pooling.targetEndpoint;
export const connectionPooling = pooling.mode;
export const alarmTopicArn = monitoring.alarmTopic.arn;
export const globalAlarmTopicArn = monitoring.globalAlarmTopic.arn;
export const clusterName = services.cluster.name;
export const migrationTaskDefinitionArn = services.migrationTaskDefinition.arn;
/** `aws ecs run-task --network-configuration` for the migration task: the Django tasks' subnets and group. */
export const migrationNetworkConfiguration = pulumi
  .all([network.privateSubnetIds, network.securityGroups.django.id])
  .apply(([subnets, group]) => ({
    awsvpcConfiguration: { subnets, securityGroups: [group], assignPublicIp: "DISABLED" },
  }));
export const cloudFrontDistributionId = edge.distribution.id;
export const mediaBucketName = media.bucketName;
