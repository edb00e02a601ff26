import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptionKey } from "./kms";
import * as random from "@pulumi/random";

/** Secrets Manager names, fixed before deploy so task definitions can reference them at preview. */
export interface SecretNames {
  djangoSecretKey: string;
  nextauthSecret: string;
  appDatabaseCredentials: string;
  migratorDatabaseCredentials: string;
  sentryDsnDjango: string;
  sentryDsnNextjs: string;
}

/** The name of every secret of a stack: `prodready/<stack>/<purpose>`. */
export function secretNames(stack: string): SecretNames {
  const prefix = `prodready/${stack}`;
  return {
    djangoSecretKey: `${prefix}/django-secret-key`,
    nextauthSecret: `${prefix}/nextauth-secret`,
    appDatabaseCredentials: `${prefix}/app-db-credentials`,
    migratorDatabaseCredentials: `${prefix}/migrator-db-credentials`,
    sentryDsnDjango: `${prefix}/sentry-dsn-django`,
    sentryDsnNextjs: `${prefix}/sentry-dsn-nextjs`,
  };
}

/**
 * A reference ECS can resolve for one JSON key of a secret. ECS needs the ARN form for JSON keys; a
 * partial ARN (without the random suffix) is known before deploy.
 */
export function secretJsonKeyReference(
  region: string,
  accountId: string,
  secretName: string,
  jsonKey: string,
): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${secretName}:${jsonKey}::`;
}

/** SAR application that rotates a PostgreSQL user's secret by alternating two users (no failed logins mid-rotation). */
export const POSTGRES_MULTI_USER_ROTATION_APP = {
  applicationId:
    "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
  semanticVersion: "1.1.671",
};

/** Rotates a role's own password in place: no clone role, so objects it creates keep one owner. */
export const POSTGRES_SINGLE_USER_ROTATION_APP = {
  applicationId:
    "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
  semanticVersion: "1.1.671",
};

export interface SecretsArgs {
  /** Days a deleted secret stays recoverable, 7 to 30. Default: 30. */
  recoveryWindowInDays?: number;
  /** Database the credential secrets point at (rotation connects to it directly). Required. */
  database: {
    address: pulumi.Input<string>;
    port: number;
    name: string;
    /** The RDS-managed master secret: the multi-user rotation uses it to alter the app users. */
    masterUserSecretArn: pulumi.Input<string | undefined>;
    /** KMS key that encrypts the master secret. */
    masterUserSecretKmsKeyArn: pulumi.Input<string>;
  };
  /** Where the rotation Lambda runs: private subnets and a security group the database admits. Required. */
  rotation: {
    subnetIds: pulumi.Input<string>[];
    securityGroupId: pulumi.Input<string>;
    /** Days between rotations of the app role's password. Default: 30. */
    automaticallyAfterDays?: number;
  };
  /** Django Sentry DSN from a config secret; absent means the value is set out of band. Default: none. */
  sentryDsnDjango?: pulumi.Input<string>;
  /** Next.js Sentry DSN from a config secret; absent means the value is set out of band. Default: none. */
  sentryDsnNextjs?: pulumi.Input<string>;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** Secrets Manager secrets for the application: generated with @pulumi/random or taken from config secrets, never literals. */
export class Secrets extends pulumi.ComponentResource {
  public readonly names: SecretNames;
  public readonly kmsKey: aws.kms.Key;
  public readonly secrets: Record<keyof SecretNames, aws.secretsmanager.Secret>;
  /** Every secret ARN, for the IAM policies of the readers. */
  public readonly secretArns: pulumi.Output<string>[];
  public readonly appDatabaseUser = "app";
  public readonly migratorDatabaseUser = "migrator";
  public readonly appDatabasePassword: pulumi.Output<string>;
  public readonly migratorDatabasePassword: pulumi.Output<string>;
  public readonly appCredentialsRotation: aws.secretsmanager.SecretRotation;
  public readonly migratorCredentialsRotation: aws.secretsmanager.SecretRotation;

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:secrets:Secrets", name, {}, opts);

    const recoveryWindowInDays = args.recoveryWindowInDays ?? 30;
    if (!(
      Number.isInteger(recoveryWindowInDays) &&
      recoveryWindowInDays >= 7 &&
      recoveryWindowInDays <= 30
    )) {
      throw new Error(
        `Secrets recoveryWindowInDays must be from 7 to 30 so a deleted secret can be recovered; got ${recoveryWindowInDays}.`,
      );
    }
    const rotationDays = args.rotation.automaticallyAfterDays ?? 30;
    if (!(Number.isInteger(rotationDays) && rotationDays >= 1 && rotationDays <= 365)) {
      throw new Error(`Secrets rotation.automaticallyAfterDays must be from 1 to 365; got ${rotationDays}.`);
    }
    const stack = pulumi.getStack();
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };
    this.names = secretNames(stack);

    this.kmsKey = encryptionKey(
      `${name}-key`,
      {
        description: `Secrets Manager secrets of prodready-${stack}`,
        alias: `alias/prodready-${stack}-secrets`,
        tags: args.tags,
      },
      parent,
    );

    const descriptions: Record<keyof SecretNames, string> = {
      djangoSecretKey: "Django SECRET_KEY",
      nextauthSecret: "NextAuth NEXTAUTH_SECRET",
      appDatabaseCredentials: "PostgreSQL credentials of the app role (DML only), rotated",
      migratorDatabaseCredentials:
        "PostgreSQL credentials of the migrator role (owns the schema, runs migrations)",
      sentryDsnDjango: "Sentry DSN of the Django service (set from config or out of band)",
      sentryDsnNextjs: "Sentry DSN of the Next.js service (set from config or out of band)",
    };
    const secret = (key: keyof SecretNames) =>
      new aws.secretsmanager.Secret(
        `${name}-${key}`,
        {
          name: this.names[key],
          description: descriptions[key],
          kmsKeyId: this.kmsKey.arn,
          recoveryWindowInDays,
          tags: tags(this.names[key]),
        },
        parent,
      );
    this.secrets = {
      djangoSecretKey: secret("djangoSecretKey"),
      nextauthSecret: secret("nextauthSecret"),
      appDatabaseCredentials: secret("appDatabaseCredentials"),
      migratorDatabaseCredentials: secret("migratorDatabaseCredentials"),
      sentryDsnDjango: secret("sentryDsnDjango"),
      sentryDsnNextjs: secret("sentryDsnNextjs"),
    };
    this.secretArns = Object.values(this.secrets).map((created) => created.arn);

    // Generated once and kept in state (encrypted): stable across deploys, different per stack.
    const password = (purpose: string, length: number) =>
      new random.RandomPassword(`${name}-${purpose}`, { length, special: false }, parent);
    const djangoSecretKey = password("django-secret-key", 64);
    const nextauthSecret = password("nextauth-secret", 48);
    const appPassword = password("app-db-password", 40);
    const migratorPassword = password("migrator-db-password", 40);
    this.appDatabasePassword = appPassword.result;
    this.migratorDatabasePassword = migratorPassword.result;

    const version = (key: keyof SecretNames, value: pulumi.Input<string>, rotated = false) =>
      new aws.secretsmanager.SecretVersion(
        `${name}-${key}-value`,
        {
          secretId: this.secrets[key].id,
          secretString: pulumi.secret(value),
        },
        {
          parent: this,
          // Once rotation owns a secret, a later deploy must not put the first password back.
          ignoreChanges: rotated ? ["secretString", "versionStages"] : [],
        },
      );
    version("djangoSecretKey", djangoSecretKey.result);
    version("nextauthSecret", nextauthSecret.result);
    const credentials = (username: string, passwordValue: pulumi.Output<string>, withMaster: boolean) =>
      pulumi.jsonStringify({
        engine: "postgres",
        host: args.database.address,
        port: args.database.port,
        dbname: args.database.name,
        username,
        password: passwordValue,
        ...(withMaster ? { masterarn: args.database.masterUserSecretArn } : {}),
      });
    const appVersion = version(
      "appDatabaseCredentials",
      credentials(this.appDatabaseUser, appPassword.result, true),
      true,
    );
    const migratorVersion = version(
      "migratorDatabaseCredentials",
      credentials(this.migratorDatabaseUser, migratorPassword.result, false),
      true,
    );
    // Without a DSN in config the secret exists (tasks reference it by name) and its value is put in out of band.
    if (args.sentryDsnDjango !== undefined) version("sentryDsnDjango", args.sentryDsnDjango);
    if (args.sentryDsnNextjs !== undefined) version("sentryDsnNextjs", args.sentryDsnNextjs);

    const region = aws.getRegionOutput({}, parent);
    const rotationApp = (suffix: string, app: typeof POSTGRES_MULTI_USER_ROTATION_APP, master: boolean) => {
      const functionName = `prodready-${stack}-pg-rotation${suffix}`;
      return new aws.serverlessrepository.CloudFormationStack(
        `${name}-rotation-app${suffix}`,
        {
          name: functionName,
          applicationId: app.applicationId,
          semanticVersion: app.semanticVersion,
          capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
          parameters: {
            endpoint: pulumi.interpolate`https://secretsmanager.${region.region}.amazonaws.com`,
            functionName,
            vpcSubnetIds: pulumi.output(args.rotation.subnetIds).apply((ids) => ids.join(",")),
            vpcSecurityGroupIds: args.rotation.securityGroupId,
            kmsKeyArn: this.kmsKey.arn,
            ...(master
              ? {
                  masterSecretArn: pulumi.output(args.database.masterUserSecretArn).apply((arn) => arn ?? ""),
                  masterSecretKmsKeyArn: args.database.masterUserSecretKmsKeyArn,
                }
              : {}),
          },
          tags: tags(functionName),
        },
        parent,
      );
    };
    const lambdaArn = (app: aws.serverlessrepository.CloudFormationStack) =>
      app.outputs.apply((outputs) => outputs?.["RotationLambdaARN"]);

    // The app role rotates by alternating users (no failed connection while its pool recycles).
    this.appCredentialsRotation = new aws.secretsmanager.SecretRotation(
      `${name}-app-credentials-rotation`,
      {
        secretId: this.secrets.appDatabaseCredentials.id,
        rotationLambdaArn: lambdaArn(rotationApp("", POSTGRES_MULTI_USER_ROTATION_APP, true)),
        rotationRules: { automaticallyAfterDays: rotationDays },
        // The first rotation waits for the schedule: the app role is created by DatabaseAccess after this secret.
        rotateImmediately: false,
      },
      { parent: this, dependsOn: [appVersion] },
    );
    // The migrator rotates in place: a multi-user clone would own the tables it creates and break the default privileges.
    this.migratorCredentialsRotation = new aws.secretsmanager.SecretRotation(
      `${name}-migrator-credentials-rotation`,
      {
        secretId: this.secrets.migratorDatabaseCredentials.id,
        rotationLambdaArn: lambdaArn(rotationApp("-single-user", POSTGRES_SINGLE_USER_ROTATION_APP, false)),
        rotationRules: { automaticallyAfterDays: rotationDays },
        rotateImmediately: false,
      },
      { parent: this, dependsOn: [migratorVersion] },
    );

    this.registerOutputs({
      names: this.names,
      secretArns: this.secretArns,
      kmsKeyArn: this.kmsKey.arn,
    });
  }
}
