import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";
import { encryptionKey } from "./kms";

export interface DatabaseParameter {
  name: string;
  value: string;
  applyMethod: "immediate" | "pending-reboot";
}

/** RDS parameter group family for an engine version: "16.8" -> "postgres16". */
export function parameterGroupFamily(engineVersion: string): string {
  const major = engineVersion.split(".")[0];
  if (!/^\d+$/.test(major) || Number(major) < 14) {
    throw new Error(
      `postgresEngineVersion must be PostgreSQL 14 or later such as 16.8; got ${engineVersion}.`,
    );
  }
  return `postgres${major}`;
}

/**
 * The server settings the checklist asks for: TLS only, query statistics, and logs that carry DDL
 * and errors but never statement parameters or row values.
 */
export function databaseParameters(engineVersion: string): DatabaseParameter[] {
  parameterGroupFamily(engineVersion); // validates the version
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
    { name: "pg_stat_statements.track", value: "top", applyMethod: "immediate" },
    { name: "pg_stat_statements.max", value: "10000", applyMethod: "pending-reboot" },
    { name: "track_io_timing", value: "1", applyMethod: "immediate" },
    // 'none': 'mod'/'all' log row values, and even 'ddl' logs ALTER ROLE ... PASSWORD as issued by the provider and the rotation Lambda.
    { name: "log_statement", value: "none", applyMethod: "immediate" },
    // psycopg2 binds parameters client-side, so a logged slow statement would carry the values: query timing comes from pg_stat_statements and Performance Insights instead.
    { name: "log_min_duration_statement", value: "-1", applyMethod: "immediate" },
    // A failing statement is logged with its literals at the default level 'error'; keep only the error message.
    { name: "log_min_error_statement", value: "panic", applyMethod: "immediate" },
    { name: "log_parameter_max_length", value: "0", applyMethod: "immediate" },
    { name: "log_parameter_max_length_on_error", value: "0", applyMethod: "immediate" },
    { name: "log_connections", value: "1", applyMethod: "immediate" },
    { name: "log_disconnections", value: "1", applyMethod: "immediate" },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
    { name: "log_temp_files", value: "10240", applyMethod: "immediate" },
    { name: "idle_in_transaction_session_timeout", value: "300000", applyMethod: "immediate" },
    { name: "password_encryption", value: "scram-sha-256", applyMethod: "immediate" },
  ];
}

export interface DatabaseArgs {
  /** Subnets with no route out of the VPC, in at least two zones. Required. */
  isolatedSubnetIds: pulumi.Input<string>[];
  /** Security group that admits only the pooler, the rotation Lambda and the deployer. Required. */
  securityGroupId: pulumi.Input<string>;
  /** PostgreSQL version, major.minor. Default: "16.8". */
  engineVersion?: string;
  /** RDS instance class. Default: "db.t4g.medium". */
  instanceClass?: string;
  /** Initial storage in GiB (gp3). Default: 20. */
  allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB. Default: 4 x allocatedStorageGb. */
  maxAllocatedStorageGb?: number;
  /** Name of the application database. Default: "prodready". */
  databaseName?: string;
  /** Standby in a second zone with automatic failover. Default: true. */
  multiAz?: boolean;
  /** Refuse DeleteDBInstance. Default: true. */
  deletionProtection?: boolean;
  /** Days of automated backups (point-in-time recovery window), 1 to 35. Default: 14. */
  backupRetentionDays?: number;
  /** Days CloudWatch keeps the exported PostgreSQL log. Default: 90. */
  logRetentionDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** RDS PostgreSQL in isolated subnets: encrypted, private, backed up, observable, with an RDS-managed master password. */
export class Database extends pulumi.ComponentResource {
  public readonly instance: aws.rds.Instance;
  public readonly parameterGroup: aws.rds.ParameterGroup;
  public readonly kmsKey: aws.kms.Key;
  public readonly identifier: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  public readonly address: pulumi.Output<string>;
  public readonly port: number;
  public readonly databaseName: string;
  public readonly instanceClass: string;
  public readonly allocatedStorageGb: number;
  public readonly masterUsername: string;
  /** ARN of the RDS-managed secret holding the master credentials (rotated by RDS). */
  public readonly masterUserSecretArn: pulumi.Output<string | undefined>;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly subnetGroupName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:database:Database", name, {}, opts);

    const engineVersion = args.engineVersion ?? "16.8";
    const family = parameterGroupFamily(engineVersion);
    const backupRetentionDays = args.backupRetentionDays ?? 14;
    if (!(Number.isInteger(backupRetentionDays) && backupRetentionDays >= 1 && backupRetentionDays <= 35)) {
      throw new Error(
        `Database backupRetentionDays must be a whole number from 1 to 35; got ${backupRetentionDays}.`,
      );
    }
    if (args.isolatedSubnetIds.length < 2) {
      throw new Error(
        "Database isolatedSubnetIds must name subnets in at least two zones; RDS refuses a single-zone subnet group.",
      );
    }
    const allocatedStorageGb = args.allocatedStorageGb ?? 20;
    const maxAllocatedStorageGb = args.maxAllocatedStorageGb ?? allocatedStorageGb * 4;
    if (maxAllocatedStorageGb < allocatedStorageGb) {
      throw new Error(
        `Database maxAllocatedStorageGb (${maxAllocatedStorageGb}) must be at least allocatedStorageGb (${allocatedStorageGb}).`,
      );
    }
    const identifier = `prodready-${pulumi.getStack()}`;
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };

    this.port = 5432;
    this.databaseName = args.databaseName ?? "prodready";
    this.instanceClass = args.instanceClass ?? "db.t4g.medium";
    this.allocatedStorageGb = allocatedStorageGb;
    this.masterUsername = "prodready_admin";

    this.kmsKey = encryptionKey(
      `${name}-key`,
      {
        description: `RDS storage, Performance Insights and master secret for ${identifier}`,
        alias: `alias/${identifier}-database`,
        tags: args.tags,
      },
      parent,
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: `${identifier}-isolated`,
        description: "Isolated subnets: no route out of the VPC",
        subnetIds: args.isolatedSubnetIds,
        tags: tags(`${name}-subnets`),
      },
      parent,
    );

    this.parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        name: `${identifier}-${family}`,
        family,
        description: "TLS only, pg_stat_statements, logs without statement parameters",
        parameters: databaseParameters(engineVersion),
        tags: tags(`${name}-params`),
      },
      parent,
    );

    // Created before the instance so the exported log gets a retention instead of RDS's never-expire default.
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-postgresql-log`,
      {
        name: `/aws/rds/instance/${identifier}/postgresql`,
        retentionInDays: args.logRetentionDays ?? 90,
        tags: tags(`${name}-postgresql-log`),
      },
      parent,
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring-role`,
      {
        assumeRolePolicy: serviceTrustPolicy({ service: "monitoring.rds.amazonaws.com" }),
        tags: tags(`${name}-monitoring-role`),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      {
        role: monitoringRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      },
      parent,
    );

    this.instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier,
        engine: "postgres",
        engineVersion,
        instanceClass: this.instanceClass,
        dbName: this.databaseName,
        port: this.port,
        username: this.masterUsername,
        // RDS generates, stores and rotates the master password in Secrets Manager: no password in code, config or state.
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: this.kmsKey.arn,
        iamDatabaseAuthenticationEnabled: true,
        parameterGroupName: this.parameterGroup.name,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        publiclyAccessible: false,
        multiAz: args.multiAz ?? true,
        storageType: "gp3",
        allocatedStorage: allocatedStorageGb,
        maxAllocatedStorage: maxAllocatedStorageGb,
        storageEncrypted: true,
        kmsKeyId: this.kmsKey.arn,
        backupRetentionPeriod: backupRetentionDays,
        backupWindow: "02:00-03:00",
        maintenanceWindow: "sun:03:30-sun:04:30",
        copyTagsToSnapshot: true,
        deleteAutomatedBackups: false,
        deletionProtection: args.deletionProtection ?? true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${identifier}-final`,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: this.kmsKey.arn,
        performanceInsightsRetentionPeriod: 7,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        applyImmediately: false,
        tags: tags(identifier),
      },
      { parent: this, dependsOn: [this.logGroup] },
    );

    this.subnetGroupName = subnetGroup.name;
    this.identifier = this.instance.identifier;
    this.arn = this.instance.arn;
    this.address = this.instance.address;
    this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets?.[0]?.secretArn);

    this.registerOutputs({
      identifier: this.identifier,
      arn: this.arn,
      address: this.address,
      port: this.port,
    });
  }
}
