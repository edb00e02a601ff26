import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";

/** A PostgreSQL role. None of them may ever be superuser, create roles or create databases. */
export interface AccessRole {
  name: string;
  /** Can authenticate (a user) or not (a group role granted to people). */
  login: boolean;
  superuser: false;
  createRole: false;
  createDatabase: false;
  replication: false;
  bypassRowLevelSecurity: false;
  inherit: boolean;
  /** Concurrent sessions allowed; -1 is unlimited. */
  connectionLimit: number;
  /** statement_timeout set on the role, in ms (role settings do not pin RDS Proxy sessions, client `SET`s do); 0 is none. */
  statementTimeoutMs: number;
  /** idle_in_transaction_session_timeout set on the role, in ms; 0 is none. */
  idleInTransactionSessionTimeoutMs: number;
  /** search_path set on the role. */
  searchPath: string[];
  /** Its password comes from the Secrets Manager secret of this role (login roles only). */
  passwordFromSecret: boolean;
}

export type AccessObjectType = "database" | "schema" | "table" | "sequence";

/** Privileges on existing objects: all objects of the type in the schema (or the database itself). */
export interface AccessGrant {
  role: string;
  objectType: AccessObjectType;
  /** The schema for schema/table/sequence grants; absent for database grants. */
  schema?: string;
  privileges: string[];
}

/** Privileges on objects `owner` creates later in `schema` (ALTER DEFAULT PRIVILEGES). */
export interface AccessDefaultPrivilege {
  role: string;
  owner: string;
  schema: string;
  objectType: "table" | "sequence";
  privileges: string[];
}

export interface AccessExtension {
  name: string;
  schema: string;
}

/** The database access model, as data: what the program provisions and what a test applies as SQL. */
export interface AccessModel {
  database: string;
  schema: { name: string; owner: string };
  roles: AccessRole[];
  grants: AccessGrant[];
  defaultPrivileges: AccessDefaultPrivilege[];
  extensions: AccessExtension[];
}

export interface AccessModelInput {
  /** The application database. */
  database: string;
  /** The application schema, owned by the migrator. Default: "app". */
  schema?: string;
  /** Most concurrent sessions of the app role (the poolers' total). Default: -1 (unlimited). */
  appConnectionLimit?: number;
}

export const MIGRATOR_ROLE = "migrator";
export const APP_ROLE = "app";
export const READONLY_ROLE = "readonly";
const DML = ["SELECT", "INSERT", "UPDATE", "DELETE"];

/**
 * Least privilege for Django: the migrator owns the schema and runs migrations; the app role can only
 * read and write rows (also of tables the migrator creates later); readonly can only read.
 */
export function buildAccessModel(input: AccessModelInput): AccessModel {
  const schema = input.schema ?? "app";
  const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
  if (!identifier.test(input.database))
    throw new Error(`databaseName must be a lower-case PostgreSQL identifier; got ${input.database}.`);
  if (!identifier.test(schema))
    throw new Error(`schema must be a lower-case PostgreSQL identifier; got ${schema}.`);
  if (schema === "public")
    throw new Error(
      "schema must not be public: PostgreSQL 15+ gives nobody CREATE there, and the migrator must own its schema.",
    );
  const role = (name: string, settings: Partial<AccessRole>): AccessRole => ({
    name,
    login: true,
    superuser: false,
    createRole: false,
    createDatabase: false,
    replication: false,
    bypassRowLevelSecurity: false,
    inherit: true,
    connectionLimit: -1,
    statementTimeoutMs: 0,
    idleInTransactionSessionTimeoutMs: 0,
    searchPath: [schema],
    passwordFromSecret: true,
    ...settings,
  });
  return {
    database: input.database,
    schema: { name: schema, owner: MIGRATOR_ROLE },
    roles: [
      // Migrations may rewrite large tables: no statement timeout, but few sessions.
      role(MIGRATOR_ROLE, { connectionLimit: 5, idleInTransactionSessionTimeoutMs: 600_000 }),
      role(APP_ROLE, {
        connectionLimit: input.appConnectionLimit ?? -1,
        statementTimeoutMs: 30_000,
        idleInTransactionSessionTimeoutMs: 60_000,
      }),
      // A group role: people get it granted and log in as themselves.
      role(READONLY_ROLE, { login: false, passwordFromSecret: false }),
    ],
    grants: [
      { role: MIGRATOR_ROLE, objectType: "database", privileges: ["CONNECT"] },
      { role: APP_ROLE, objectType: "database", privileges: ["CONNECT"] },
      { role: APP_ROLE, objectType: "schema", schema, privileges: ["USAGE"] },
      { role: APP_ROLE, objectType: "table", schema, privileges: DML },
      { role: APP_ROLE, objectType: "sequence", schema, privileges: ["USAGE", "SELECT"] },
      { role: READONLY_ROLE, objectType: "database", privileges: ["CONNECT"] },
      { role: READONLY_ROLE, objectType: "schema", schema, privileges: ["USAGE"] },
      { role: READONLY_ROLE, objectType: "table", schema, privileges: ["SELECT"] },
      { role: READONLY_ROLE, objectType: "sequence", schema, privileges: ["SELECT"] },
    ],
    defaultPrivileges: [
      { role: APP_ROLE, owner: MIGRATOR_ROLE, schema, objectType: "table", privileges: DML },
      {
        role: APP_ROLE,
        owner: MIGRATOR_ROLE,
        schema,
        objectType: "sequence",
        privileges: ["USAGE", "SELECT"],
      },
      { role: READONLY_ROLE, owner: MIGRATOR_ROLE, schema, objectType: "table", privileges: ["SELECT"] },
      { role: READONLY_ROLE, owner: MIGRATOR_ROLE, schema, objectType: "sequence", privileges: ["SELECT"] },
    ],
    extensions: [{ name: "pg_stat_statements", schema: "public" }],
  };
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
const PLURAL: Record<"table" | "sequence", string> = { table: "TABLES", sequence: "SEQUENCES" };

/**
 * The model as SQL statements, in dependency order, for a superuser (or a CREATEROLE member of the
 * owner) on a real PostgreSQL. Passwords are optional: roles without one cannot log in yet.
 */
export function accessModelSql(model: AccessModel, passwords: Record<string, string> = {}): string[] {
  const statements: string[] = [];
  for (const role of model.roles) {
    const attributes = [
      role.login ? "LOGIN" : "NOLOGIN",
      "NOSUPERUSER",
      "NOCREATEROLE",
      "NOCREATEDB",
      "NOREPLICATION",
      "NOBYPASSRLS",
      role.inherit ? "INHERIT" : "NOINHERIT",
      `CONNECTION LIMIT ${role.connectionLimit}`,
    ];
    const password = passwords[role.name];
    if (password !== undefined) attributes.push(`PASSWORD ${quoteLiteral(password)}`);
    statements.push(`CREATE ROLE ${quoteIdentifier(role.name)} WITH ${attributes.join(" ")}`);
    const setting = (name: string, value: string) =>
      statements.push(`ALTER ROLE ${quoteIdentifier(role.name)} SET ${name} = ${value}`);
    if (role.statementTimeoutMs > 0) setting("statement_timeout", String(role.statementTimeoutMs));
    if (role.idleInTransactionSessionTimeoutMs > 0)
      setting("idle_in_transaction_session_timeout", String(role.idleInTransactionSessionTimeoutMs));
    if (role.searchPath.length > 0) setting("search_path", role.searchPath.map(quoteIdentifier).join(", "));
  }
  statements.push(
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(model.schema.name)} AUTHORIZATION ${quoteIdentifier(model.schema.owner)}`,
  );
  for (const grant of model.grants) {
    const privileges = grant.privileges.join(", ");
    const target = {
      database: `DATABASE ${quoteIdentifier(model.database)}`,
      schema: `SCHEMA ${quoteIdentifier(grant.schema ?? "")}`,
      table: `ALL TABLES IN SCHEMA ${quoteIdentifier(grant.schema ?? "")}`,
      sequence: `ALL SEQUENCES IN SCHEMA ${quoteIdentifier(grant.schema ?? "")}`,
    }[grant.objectType];
    statements.push(`GRANT ${privileges} ON ${target} TO ${quoteIdentifier(grant.role)}`);
  }
  for (const entry of model.defaultPrivileges) {
    statements.push(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdentifier(entry.owner)} IN SCHEMA ${quoteIdentifier(entry.schema)} GRANT ${entry.privileges.join(", ")} ON ${PLURAL[entry.objectType]} TO ${quoteIdentifier(entry.role)}`,
    );
  }
  for (const extension of model.extensions) {
    statements.push(
      `CREATE EXTENSION IF NOT EXISTS ${quoteIdentifier(extension.name)} WITH SCHEMA ${quoteIdentifier(extension.schema)}`,
    );
  }
  return statements;
}

export interface DatabaseAccessArgs {
  /** The access model to provision (from buildAccessModel). Required. */
  model: AccessModel;
  /** How the deployer reaches the database. Required. */
  connection: {
    /** Database host: the instance endpoint, or a tunnel's local end. */
    host: pulumi.Input<string>;
    /** Default: 5432. */
    port?: pulumi.Input<number>;
    /** A role with CREATEROLE (member of rds_superuser and rds_iam), bootstrapped once; see docs/architecture.md. */
    username: string;
    /** AWS region of the instance, for the IAM authentication token. */
    region: string;
    /** PEM bundle that signs the server certificate (the RDS CA bundle). Default: the system trust store. */
    sslRootCert?: string;
  };
  /** Password of each login role whose model entry has passwordFromSecret. Required for those roles. */
  passwords: Record<string, pulumi.Input<string>>;
}

/** Roles, schema, grants, default privileges and extensions in PostgreSQL, derived from the access model. */
export class DatabaseAccess extends pulumi.ComponentResource {
  public readonly provider: postgresql.Provider;
  public readonly roles: Record<string, postgresql.Role>;
  public readonly schema: postgresql.Schema;

  constructor(name: string, args: DatabaseAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:databaseAccess:DatabaseAccess", name, {}, opts);

    const { model } = args;
    for (const role of model.roles) {
      if (role.superuser || role.createRole || role.createDatabase) {
        throw new Error(
          `DatabaseAccess model role ${role.name} must not be superuser, createrole or createdb.`,
        );
      }
      if (role.passwordFromSecret && args.passwords[role.name] === undefined) {
        throw new Error(
          `DatabaseAccess passwords.${role.name} is required: the model gives role ${role.name} a password from its secret.`,
        );
      }
    }
    if (!model.roles.some((role) => role.name === model.schema.owner)) {
      throw new Error(
        `DatabaseAccess model schema owner ${model.schema.owner} must be one of the model's roles.`,
      );
    }

    // IAM authentication: the deployer has no password anywhere; the token comes from the runner's AWS credentials.
    this.provider = new postgresql.Provider(
      `${name}-provider`,
      {
        host: args.connection.host,
        port: args.connection.port ?? 5432,
        database: model.database,
        username: args.connection.username,
        awsRdsIamAuth: true,
        awsRdsIamRegion: args.connection.region,
        sslmode: "verify-full",
        sslrootcert: args.connection.sslRootCert,
        superuser: false,
        connectTimeout: 15,
        maxConnections: 4,
      },
      { parent: this },
    );
    const options = { parent: this, provider: this.provider };

    this.roles = {};
    for (const role of model.roles) {
      this.roles[role.name] = new postgresql.Role(
        `${name}-role-${role.name}`,
        {
          name: role.name,
          login: role.login,
          superuser: role.superuser,
          createRole: role.createRole,
          createDatabase: role.createDatabase,
          replication: role.replication,
          bypassRowLevelSecurity: role.bypassRowLevelSecurity,
          inherit: role.inherit,
          connectionLimit: role.connectionLimit,
          statementTimeout: role.statementTimeoutMs,
          idleInTransactionSessionTimeout: role.idleInTransactionSessionTimeoutMs,
          searchPaths: role.searchPath,
          password: role.passwordFromSecret ? pulumi.secret(args.passwords[role.name]) : undefined,
        },
        {
          ...options,
          // The rotation Lambda changes the app password later; the provider cannot read it back anyway.
          ignoreChanges: ["password"],
        },
      );
    }
    const roleName = (name_: string) => {
      const role = this.roles[name_];
      if (!role)
        throw new Error(`DatabaseAccess model refers to role ${name_}, which the model does not define.`);
      return role.name;
    };

    this.schema = new postgresql.Schema(
      `${name}-schema-${model.schema.name}`,
      {
        name: model.schema.name,
        database: model.database,
        owner: roleName(model.schema.owner),
        ifNotExists: true,
        dropCascade: false,
      },
      options,
    );

    // The model's own schema is referenced as the resource output so grants wait for it.
    const schemaName = (schema: string | undefined) =>
      schema === model.schema.name ? this.schema.name : schema;
    for (const grant of model.grants) {
      const objectScope = grant.objectType === "database" ? "" : `-${grant.schema}`;
      new postgresql.Grant(
        `${name}-grant-${grant.role}-${grant.objectType}${objectScope}`,
        {
          database: model.database,
          role: roleName(grant.role),
          objectType: grant.objectType,
          schema: grant.objectType === "database" ? undefined : schemaName(grant.schema),
          privileges: grant.privileges,
        },
        options,
      );
    }
    for (const entry of model.defaultPrivileges) {
      new postgresql.DefaultPrivileges(
        `${name}-default-${entry.role}-${entry.objectType}-${entry.schema}`,
        {
          database: model.database,
          role: roleName(entry.role),
          owner: roleName(entry.owner),
          schema: schemaName(entry.schema),
          objectType: entry.objectType,
          privileges: entry.privileges,
        },
        options,
      );
    }
    for (const extension of model.extensions) {
      new postgresql.Extension(
        `${name}-extension-${extension.name}`,
        {
          name: extension.name,
          database: model.database,
          schema: extension.schema,
        },
        options,
      );
    }

    this.registerOutputs({ schema: this.schema.name, roles: Object.keys(this.roles) });
  }
}
