import {
  accessModelSql,
  APP_ROLE,
  buildAccessModel,
  MIGRATOR_ROLE,
  READONLY_ROLE,
} from "../../../stacks/components/database-access";

const model = buildAccessModel({ database: "prodready", appConnectionLimit: 180 });
const role = (name: string) => model.roles.find((candidate) => candidate.name === name)!;

describe("buildAccessModel", () => {
  test("three roles, none superuser, createrole or createdb", () => {
    expect(model.roles.map((candidate) => candidate.name)).toEqual([MIGRATOR_ROLE, APP_ROLE, READONLY_ROLE]);
    for (const candidate of model.roles) {
      expect(candidate).toMatchObject({
        superuser: false,
        createRole: false,
        createDatabase: false,
        replication: false,
        bypassRowLevelSecurity: false,
      });
    }
  });

  test("the migrator owns the app schema", () => {
    expect(model.schema).toEqual({ name: "app", owner: MIGRATOR_ROLE });
  });

  test("the app role has DML only, on existing and future tables of the migrator", () => {
    const grants = model.grants.filter((grant) => grant.role === APP_ROLE);
    expect(grants).toEqual([
      { role: APP_ROLE, objectType: "database", privileges: ["CONNECT"] },
      { role: APP_ROLE, objectType: "schema", schema: "app", privileges: ["USAGE"] },
      {
        role: APP_ROLE,
        objectType: "table",
        schema: "app",
        privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
      },
      { role: APP_ROLE, objectType: "sequence", schema: "app", privileges: ["USAGE", "SELECT"] },
    ]);
    expect(model.defaultPrivileges.filter((entry) => entry.role === APP_ROLE)).toEqual([
      {
        role: APP_ROLE,
        owner: MIGRATOR_ROLE,
        schema: "app",
        objectType: "table",
        privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
      },
      {
        role: APP_ROLE,
        owner: MIGRATOR_ROLE,
        schema: "app",
        objectType: "sequence",
        privileges: ["USAGE", "SELECT"],
      },
    ]);
    const everything = [
      ...grants,
      ...model.defaultPrivileges.filter((entry) => entry.role === APP_ROLE),
    ].flatMap((grant) => grant.privileges);
    for (const forbidden of ["CREATE", "TRUNCATE", "REFERENCES", "TRIGGER", "ALL", "TEMPORARY"])
      expect(everything).not.toContain(forbidden);
  });

  test("readonly can only read and cannot log in itself", () => {
    const privileges = [...model.grants, ...model.defaultPrivileges]
      .filter((grant) => grant.role === READONLY_ROLE)
      .flatMap((grant) => grant.privileges);
    expect(new Set(privileges)).toEqual(new Set(["CONNECT", "USAGE", "SELECT"]));
    expect(role(READONLY_ROLE).login).toBe(false);
  });

  test("timeouts live on the app role (a session SET would pin RDS Proxy connections)", () => {
    expect(role(APP_ROLE)).toMatchObject({
      statementTimeoutMs: 30000,
      idleInTransactionSessionTimeoutMs: 60000,
      connectionLimit: 180,
      searchPath: ["app"],
    });
  });

  test("pg_stat_statements is installed", () => {
    expect(model.extensions).toEqual([{ name: "pg_stat_statements", schema: "public" }]);
  });

  test("is plain data", () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  test("refuses the public schema and odd identifiers", () => {
    expect(() => buildAccessModel({ database: "prodready", schema: "public" })).toThrow(
      /schema must not be public/,
    );
    expect(() => buildAccessModel({ database: "Prod-Ready" })).toThrow(
      "databaseName must be a lower-case PostgreSQL identifier; got Prod-Ready.",
    );
  });
});

describe("accessModelSql", () => {
  const statements = accessModelSql(model, { app: "it's-secret", migrator: "m" });

  test("creates roles with every attribute spelled out", () => {
    expect(statements[0]).toBe(
      `CREATE ROLE "migrator" WITH LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 5 PASSWORD 'm'`,
    );
    expect(statements).toContain(`ALTER ROLE "app" SET statement_timeout = 30000`);
  });

  test("quotes password literals", () => {
    expect(statements.find((statement) => statement.startsWith(`CREATE ROLE "app"`))).toContain(
      `PASSWORD 'it''s-secret'`,
    );
  });

  test("orders roles, schema, grants, default privileges, extensions", () => {
    const firstIndex = (prefix: string) => statements.findIndex((statement) => statement.startsWith(prefix));
    expect(firstIndex("CREATE ROLE")).toBeLessThan(firstIndex("CREATE SCHEMA"));
    expect(firstIndex("CREATE SCHEMA")).toBeLessThan(firstIndex("GRANT"));
    expect(firstIndex("GRANT")).toBeLessThan(firstIndex("ALTER DEFAULT PRIVILEGES"));
    expect(firstIndex("ALTER DEFAULT PRIVILEGES")).toBeLessThan(firstIndex("CREATE EXTENSION"));
    expect(statements).toContain(`CREATE SCHEMA IF NOT EXISTS "app" AUTHORIZATION "migrator"`);
    expect(statements).toContain(
      `ALTER DEFAULT PRIVILEGES FOR ROLE "migrator" IN SCHEMA "app" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "app"`,
    );
    expect(statements).toContain(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "app" TO "app"`);
  });

  test("roles without a password are created unable to authenticate", () => {
    expect(accessModelSql(model)[0]).not.toContain("PASSWORD");
  });
});
