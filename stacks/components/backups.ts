import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";
import { encryptionKey } from "./kms";

export interface BackupsArgs {
  /** The database to back up (pass the instance's arn Output). Required. */
  database: { arn: pulumi.Input<string>; subnetGroupName?: pulumi.Input<string> };
  /** Days AWS Backup keeps each daily snapshot, 1 to 35. Default: 14. */
  retentionDays?: number;
  /** Days between the restore tests' candidate window and now. Default: 7. */
  restoreTestWindowDays?: number;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** AWS Backup for the database: an encrypted vault, a daily plan, and a weekly restore test that proves the backups restore. */
export class Backups extends pulumi.ComponentResource {
  public readonly vault: aws.backup.Vault;
  public readonly plan: aws.backup.Plan;
  public readonly selection: aws.backup.Selection;
  public readonly restoreTestingPlan: aws.backup.RestoreTestingPlan;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:backups:Backups", name, {}, opts);

    const retentionDays = args.retentionDays ?? 14;
    if (!(Number.isInteger(retentionDays) && retentionDays >= 1 && retentionDays <= 35)) {
      throw new Error(`Backups retentionDays must be a whole number from 1 to 35; got ${retentionDays}.`);
    }
    const windowDays = args.restoreTestWindowDays ?? 7;
    if (!(Number.isInteger(windowDays) && windowDays >= 1 && windowDays <= 365)) {
      throw new Error(
        `Backups restoreTestWindowDays must be a whole number from 1 to 365; got ${windowDays}.`,
      );
    }
    const stack = pulumi.getStack();
    const prefix = `prodready-${stack}`;
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };

    const key = encryptionKey(
      `${name}-key`,
      { description: `AWS Backup vault of ${prefix}`, alias: `alias/${prefix}-backup`, tags: args.tags },
      parent,
    );

    this.vault = new aws.backup.Vault(
      `${name}-vault`,
      {
        name: prefix,
        kmsKeyArn: key.arn,
        forceDestroy: false,
        tags: tags(prefix),
      },
      parent,
    );

    this.plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: `${prefix}-database`,
        rules: [
          {
            ruleName: "daily-snapshot",
            targetVaultName: this.vault.name,
            schedule: "cron(0 3 * * ? *)",
            startWindow: 60,
            completionWindow: 360,
            // Snapshots only: RDS automated backups already give point-in-time recovery, and continuous mode would take over their window and retention.
            enableContinuousBackup: false,
            lifecycle: { deleteAfter: retentionDays },
            recoveryPointTags: { ...args.tags },
          },
        ],
        tags: tags(`${prefix}-database`),
      },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "AWS Backup backs up, restores and restore-tests the prodready database",
        assumeRolePolicy: serviceTrustPolicy({ service: "backup.amazonaws.com" }),
        tags: tags(`${name}-role`),
      },
      parent,
    );
    for (const [label, policy] of [
      ["backup", "AWSBackupServiceRolePolicyForBackup"],
      ["restore", "AWSBackupServiceRolePolicyForRestores"],
    ]) {
      new aws.iam.RolePolicyAttachment(
        `${name}-role-${label}`,
        {
          role: role.name,
          policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
        },
        parent,
      );
    }

    this.selection = new aws.backup.Selection(
      `${name}-selection`,
      {
        name: `${prefix}-database`,
        planId: this.plan.id,
        iamRoleArn: role.arn,
        resources: [args.database.arn],
      },
      parent,
    );

    // Restore testing: AWS Backup restores the latest recovery point weekly, then deletes the copy.
    this.restoreTestingPlan = new aws.backup.RestoreTestingPlan(
      `${name}-restore-testing`,
      {
        // Restore testing plan names allow only letters, digits and underscores.
        name: `${prefix.replace(/-/g, "_")}_database`,
        scheduleExpression: "cron(0 5 ? * SAT *)",
        startWindowHours: 24,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [this.vault.arn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: windowDays,
        },
        tags: tags(`${prefix}-restore-testing`),
      },
      parent,
    );
    new aws.backup.RestoreTestingSelection(
      `${name}-restore-testing-selection`,
      {
        name: `${prefix.replace(/-/g, "_")}_database`,
        restoreTestingPlanName: this.restoreTestingPlan.name,
        protectedResourceType: "RDS",
        iamRoleArn: role.arn,
        protectedResourceArns: [args.database.arn],
        validationWindowHours: 4,
        restoreMetadataOverrides: args.database.subnetGroupName
          ? { dbSubnetGroupName: args.database.subnetGroupName }
          : undefined,
      },
      parent,
    );

    this.registerOutputs({
      vaultName: this.vault.name,
      planId: this.plan.id,
      restoreTestingPlanName: this.restoreTestingPlan.name,
    });
  }
}
