import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";
import type { ConnectionPooling } from "../config";

/** GiB of memory per RDS instance size for the general-purpose (t, m) families; r doubles it. */
const GENERAL_PURPOSE_MEMORY_GIB: Record<string, number> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
};

/** Memory of an RDS instance class in GiB: "db.m7g.large" -> 8, "db.r6g.2xlarge" -> 64. */
export function instanceMemoryGib(instanceClass: string): number {
  const match = /^db\.([tmr])\d+[a-z]*\.(micro|small|medium|large|(\d*)xlarge)$/.exec(instanceClass);
  if (!match)
    throw new Error(
      `databaseInstanceClass must be a db.t*, db.m* or db.r* class such as db.m7g.large; got ${instanceClass}.`,
    );
  const [, family, size, multiplier] = match;
  const base = size.endsWith("xlarge")
    ? 16 * (multiplier ? Number(multiplier) : 1)
    : GENERAL_PURPOSE_MEMORY_GIB[size];
  return family === "r" ? base * 2 : base;
}

export interface PoolLimitsInput {
  /** RDS instance class, e.g. db.m7g.large. */
  instanceClass: string;
  /** The most Django tasks autoscaling may run at once (each with its own pgBouncer). */
  maxDjangoTasks: number;
  /** gunicorn workers per task: each holds at most one connection. */
  workersPerTask: number;
}

export interface PoolLimits {
  /** RDS's default max_connections for the class: LEAST(DBInstanceClassMemory/9531392, 5000). */
  maxConnections: number;
  /** Connections kept free for the master user, the deployer, the rotation Lambda and migrations. */
  reservedConnections: number;
  /** RDS Proxy: share of max_connections the proxy may open. */
  proxyMaxConnectionsPercent: number;
  /** RDS Proxy: share it may keep idle. */
  proxyMaxIdleConnectionsPercent: number;
  /** pgBouncer: server connections per task (default_pool_size). */
  pgbouncerDefaultPoolSize: number;
  /** pgBouncer: client connections per task (max_client_conn). */
  pgbouncerMaxClientConn: number;
}

/**
 * Pool limits derived from the instance size, so that every pooler together never exhausts
 * max_connections and administrators can always get in.
 */
export function poolLimits(input: PoolLimitsInput): PoolLimits {
  if (!(Number.isInteger(input.maxDjangoTasks) && input.maxDjangoTasks >= 1)) {
    throw new Error(`djangoMaxCount must be a whole number of at least 1; got ${input.maxDjangoTasks}.`);
  }
  if (!(Number.isInteger(input.workersPerTask) && input.workersPerTask >= 1)) {
    throw new Error(`workersPerTask must be a whole number of at least 1; got ${input.workersPerTask}.`);
  }
  // DBInstanceClassMemory is what is left after the OS and RDS processes: about 90% of the class's memory.
  const instanceMemoryBytes = instanceMemoryGib(input.instanceClass) * 1024 ** 3 * 0.9;
  const maxConnections = Math.min(Math.floor(instanceMemoryBytes / 9531392), 5000);
  const reservedConnections = Math.max(10, Math.ceil(maxConnections * 0.1));
  const usable = maxConnections - reservedConnections;
  const perTask = Math.floor(usable / input.maxDjangoTasks);
  if (perTask < 1) {
    throw new Error(
      `databaseInstanceClass ${input.instanceClass} allows ${usable} application connections, fewer than djangoMaxCount (${input.maxDjangoTasks}); choose a larger class or fewer tasks.`,
    );
  }
  const proxyMaxConnectionsPercent = Math.max(1, Math.min(100, Math.floor((usable / maxConnections) * 100)));
  return {
    maxConnections,
    reservedConnections,
    proxyMaxConnectionsPercent,
    proxyMaxIdleConnectionsPercent: Math.max(1, Math.floor(proxyMaxConnectionsPercent / 2)),
    pgbouncerDefaultPoolSize: Math.min(perTask, input.workersPerTask),
    pgbouncerMaxClientConn: Math.max(100, input.workersPerTask * 4),
  };
}

export interface PoolingArgs {
  /** rds-proxy (an RDS Proxy with TLS required), pgbouncer (a sidecar in each Django task) or none. Default: "rds-proxy". */
  mode?: ConnectionPooling;
  /** The database to pool. Required. */
  database: {
    identifier: pulumi.Input<string>;
    address: pulumi.Input<string>;
    port: number;
    instanceClass: string;
  };
  /** Secrets of the roles that connect through the proxy, with the KMS key that encrypts them. Required for rds-proxy. */
  credentials?: { secretArns: pulumi.Input<string>[]; kmsKeyArn: pulumi.Input<string> };
  /** Subnets for the proxy endpoints (private: the proxy reads Secrets Manager). Required for rds-proxy. */
  subnetIds?: pulumi.Input<string>[];
  /** Security group of the proxy. Required for rds-proxy. */
  securityGroupId?: pulumi.Input<string>;
  /** Private hosted zone that receives the stable database name. Required. */
  privateZone: { zoneId: pulumi.Input<string>; name: string };
  /** Most Django tasks at once, for pool sizing. Default: 3. */
  maxDjangoTasks?: number;
  /** gunicorn workers per Django task, for pool sizing. Default: 3. */
  workersPerTask?: number;
  /** Days CloudWatch keeps the proxy log. Default: 90. */
  logRetentionDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** Connection pooling in front of the database, and the stable name (db.<private zone>) clients use. */
export class Pooling extends pulumi.ComponentResource {
  public readonly mode: ConnectionPooling;
  public readonly limits: PoolLimits;
  /** Hostname clients connect to: known before deploy, a CNAME to the proxy (or the instance). */
  public readonly endpointHost: string;
  public readonly port: number;
  public readonly proxy?: aws.rds.Proxy;
  public readonly proxyName?: pulumi.Output<string>;
  /** The proxy's (or instance's) own endpoint, as AWS names it. */
  public readonly targetEndpoint: pulumi.Output<string>;

  constructor(name: string, args: PoolingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:pooling:Pooling", name, {}, opts);

    this.mode = args.mode ?? "rds-proxy";
    if (this.mode === "rds-proxy" && (!args.credentials || !args.subnetIds || !args.securityGroupId)) {
      throw new Error(
        "Pooling credentials, subnetIds and securityGroupId are required when mode is rds-proxy.",
      );
    }
    this.limits = poolLimits({
      instanceClass: args.database.instanceClass,
      maxDjangoTasks: args.maxDjangoTasks ?? 3,
      workersPerTask: args.workersPerTask ?? 3,
    });
    const stack = pulumi.getStack();
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    this.port = args.database.port;
    this.endpointHost = `db.${args.privateZone.name}`;

    if (this.mode === "rds-proxy" && args.credentials && args.subnetIds && args.securityGroupId) {
      const proxyName = `prodready-${stack}`;
      const role = new aws.iam.Role(
        `${name}-proxy-role`,
        {
          assumeRolePolicy: serviceTrustPolicy({ service: "rds.amazonaws.com" }),
          tags: tags(`${name}-proxy-role`),
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-proxy-secrets`,
        {
          role: role.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: args.credentials.secretArns,
              },
              { Effect: "Allow", Action: "kms:Decrypt", Resource: args.credentials.kmsKeyArn },
            ],
          }),
        },
        parent,
      );
      new aws.cloudwatch.LogGroup(
        `${name}-proxy-log`,
        {
          name: `/aws/rds/proxy/${proxyName}`,
          retentionInDays: args.logRetentionDays ?? 90,
          tags: tags(`${name}-proxy-log`),
        },
        parent,
      );

      this.proxy = new aws.rds.Proxy(
        `${name}-proxy`,
        {
          name: proxyName,
          engineFamily: "POSTGRESQL",
          requireTls: true,
          debugLogging: false,
          idleClientTimeout: 1800,
          roleArn: role.arn,
          vpcSubnetIds: args.subnetIds,
          vpcSecurityGroupIds: [args.securityGroupId],
          auths: args.credentials.secretArns.map((secretArn) => ({
            authScheme: "SECRETS",
            secretArn,
            iamAuth: "DISABLED",
            clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
          })),
          tags: tags(proxyName),
        },
        parent,
      );
      this.proxyName = this.proxy.name;

      const targetGroup = new aws.rds.ProxyDefaultTargetGroup(
        `${name}-proxy-target-group`,
        {
          dbProxyName: this.proxy.name,
          connectionPoolConfig: {
            maxConnectionsPercent: this.limits.proxyMaxConnectionsPercent,
            maxIdleConnectionsPercent: this.limits.proxyMaxIdleConnectionsPercent,
            connectionBorrowTimeout: 120,
          },
        },
        parent,
      );
      new aws.rds.ProxyTarget(
        `${name}-proxy-target`,
        {
          dbProxyName: this.proxy.name,
          targetGroupName: targetGroup.name,
          dbInstanceIdentifier: args.database.identifier,
        },
        parent,
      );
      this.targetEndpoint = this.proxy.endpoint;
    } else {
      // pgBouncer runs beside Django (see Services) and reaches the instance through the same stable name.
      this.targetEndpoint = pulumi.output(args.database.address);
    }

    new aws.route53.Record(
      `${name}-db-record`,
      {
        zoneId: args.privateZone.zoneId,
        name: this.endpointHost,
        type: "CNAME",
        ttl: 60,
        records: [this.targetEndpoint],
      },
      parent,
    );

    this.registerOutputs({
      mode: this.mode,
      endpointHost: this.endpointHost,
      targetEndpoint: this.targetEndpoint,
      limits: this.limits,
    });
  }
}
