/**
 * A synthetic stack of the resource types production packs check (RDS, load balancers and
 * listeners, buckets, log groups, security groups, task definitions), with a share of violations.
 */
import type { EngineResource, PropertyMap } from "../gate/engine/types";
import { emptyOptions } from "../gate/engine/view";

const good = (i: number): Array<[string, PropertyMap]> => [
  [
    "aws:rds/instance:Instance",
    {
      engine: "postgres",
      engineVersion: "16.4",
      instanceClass: "db.r6g.large",
      backupRetentionPeriod: 14,
      storageEncrypted: true,
      deletionProtection: true,
      multiAz: true,
      publiclyAccessible: false,
      manageMasterUserPassword: true,
      performanceInsightsEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql"],
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `db-${i}-final`,
      identifier: `db-${i}`,
    },
  ],
  [
    "aws:lb/loadBalancer:LoadBalancer",
    { internal: false, loadBalancerType: "application", dropInvalidHeaderFields: true, name: `alb-${i}` },
  ],
  [
    "aws:lb/listener:Listener",
    {
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      defaultActions: [{ type: "forward", targetGroupArn: `arn:tg/${i}` }],
    },
  ],
  ["aws:s3/bucket:Bucket", { bucket: `bucket-${i}` }],
  ["aws:cloudwatch/logGroup:LogGroup", { name: `/app/${i}`, retentionInDays: 90 }],
  [
    "aws:ec2/securityGroup:SecurityGroup",
    {
      description: "app",
      ingress: [{ protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: ["sg-1"] }],
    },
  ],
  [
    "aws:ecs/taskDefinition:TaskDefinition",
    {
      family: `app-${i}`,
      containerDefinitions: JSON.stringify([
        {
          name: "app",
          image: "app:1",
          essential: true,
          readonlyRootFilesystem: true,
          user: "1000",
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/app/${i}` } },
          healthCheck: { command: ["CMD", "true"] },
          environment: [{ name: "LOG_LEVEL", value: "INFO" }],
        },
      ]),
    },
  ],
];

const bad = (i: number): Array<[string, PropertyMap]> => [
  [
    "aws:rds/instance:Instance",
    {
      engine: "postgres",
      backupRetentionPeriod: 1,
      publiclyAccessible: true,
      storageEncrypted: false,
      password: "hunter2hunter2",
      skipFinalSnapshot: true,
      identifier: `bad-db-${i}`,
    },
  ],
  ["aws:alb/loadBalancer:LoadBalancer", { internal: false, name: `bad-alb-${i}` }],
  [
    "aws:alb/listener:Listener",
    { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: `arn:tg/${i}` }] },
  ],
  ["aws:s3/bucketV2:BucketV2", { bucket: `bad-bucket-${i}`, acl: "public-read" }],
  ["aws:cloudwatch/logGroup:LogGroup", { name: `/bad/${i}` }],
  [
    "aws:ec2/securityGroup:SecurityGroup",
    {
      description: "open",
      ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }],
    },
  ],
  [
    "aws:ecs/taskDefinition:TaskDefinition",
    {
      family: `bad-${i}`,
      containerDefinitions: JSON.stringify([
        {
          name: "django",
          image: "django:1",
          privileged: true,
          command: ["python", "manage.py", "runserver"],
          environment: [
            { name: "DEBUG", value: "True" },
            { name: "SECRET_KEY", value: "not-a-secret" },
          ],
        },
      ]),
    },
  ],
];

/** `count` resources; every `violationEvery`-th group of seven is the violating variant. */
export function syntheticStack(count: number, violationEvery = 5): EngineResource[] {
  const resources: EngineResource[] = [];
  for (let group = 0; resources.length < count; group++) {
    const set = group % violationEvery === 0 ? bad(group) : good(group);
    for (const [type, properties] of set) {
      if (resources.length >= count) break;
      const name = `${type.split(":").pop()!.toLowerCase()}-${group}`;
      resources.push({
        urn: `urn:pulumi:bench::synthetic::${type}::${name}`,
        type,
        name,
        properties,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: emptyOptions(),
      });
    }
  }
  return resources;
}
