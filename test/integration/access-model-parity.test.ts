// No server needed: the SQL the integration test applies (accessModelSql) and the @pulumi/postgresql
// resources the DatabaseAccess component registers come from the same model and say the same thing.
// Each is reduced to the same list of facts, which must be equal.
import {
  type AccessModel,
  accessModelSql,
  APP_ROLE,
  MIGRATOR_ROLE,
} from "../../stacks/components/database-access";
import { declaredDatabase } from "./program";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

const T = {
  role: "postgresql:index/role:Role",
  schema: "postgresql:index/schema:Schema",
  grant: "postgresql:index/grant:Grant",
  defaultPrivileges: "postgresql:index/defaultPrivileges:DefaultPrivileges",
  extension: "postgresql:index/extension:Extension",
  provider: "pulumi:providers:postgresql",
  component: "prodready:databaseAccess:DatabaseAccess",
};

const privileges = (list: string[]) => [...list].sort().join(",");

/** Facts stated by the model itself. */
function modelFacts(model: AccessModel, passwordRoles: string[]): string[] {
  const facts: string[] = [];
  for (const role of model.roles) {
    facts.push(
      `role ${role.name} login=${role.login} superuser=${role.superuser} createrole=${role.createRole} createdb=${role.createDatabase} replication=${role.replication} bypassrls=${role.bypassRowLevelSecurity} inherit=${role.inherit} connlimit=${role.connectionLimit}`,
    );
    if (role.statementTimeoutMs > 0)
      facts.push(`role ${role.name} set statement_timeout=${role.statementTimeoutMs}`);
    if (role.idleInTransactionSessionTimeoutMs > 0)
      facts.push(
        `role ${role.name} set idle_in_transaction_session_timeout=${role.idleInTransactionSessionTimeoutMs}`,
      );
    if (role.searchPath.length > 0)
      facts.push(`role ${role.name} set search_path=${role.searchPath.join(",")}`);
    if (passwordRoles.includes(role.name)) facts.push(`role ${role.name} password`);
  }
  facts.push(`schema ${model.database}.${model.schema.name} owner=${model.schema.owner}`);
  for (const grant of model.grants) {
    const target = grant.objectType === "database" ? model.database : `${model.database}.${grant.schema}`;
    facts.push(`grant ${grant.role} ${grant.objectType} ${target} ${privileges(grant.privileges)}`);
  }
  for (const entry of model.defaultPrivileges)
    facts.push(
      `default ${entry.role} ${entry.objectType} ${model.database}.${entry.schema} owner=${entry.owner} ${privileges(entry.privileges)}`,
    );
  for (const extension of model.extensions)
    facts.push(`extension ${model.database} ${extension.name} schema=${extension.schema}`);
  return facts.sort();
}

/** Facts stated by the SQL, parsed back; a statement this parser does not recognise fails the test. */
function sqlFacts(statements: string[], database: string): string[] {
  const facts: string[] = [];
  const unquote = (identifier: string) => identifier.replace(/^"|"$/g, "").replace(/""/g, '"');
  const identifiers = (list: string) => list.split(/\s*,\s*/).map(unquote);
  for (const statement of statements) {
    let match: RegExpExecArray | null;
    if ((match = /^CREATE ROLE ("[^"]+") WITH (.*)$/.exec(statement))) {
      const name = unquote(match[1]);
      const words = match[2];
      const flag = (on: string) =>
        words.split(" ").includes(on) ? true : words.split(" ").includes(`NO${on}`) ? false : "unset";
      const limit = /CONNECTION LIMIT (-?\d+)/.exec(words)?.[1] ?? "unset";
      facts.push(
        `role ${name} login=${flag("LOGIN")} superuser=${flag("SUPERUSER")} createrole=${flag("CREATEROLE")} createdb=${flag("CREATEDB")} replication=${flag("REPLICATION")} bypassrls=${flag("BYPASSRLS")} inherit=${flag("INHERIT")} connlimit=${limit}`,
      );
      if (/ PASSWORD '/.test(words)) facts.push(`role ${name} password`);
    } else if ((match = /^ALTER ROLE ("[^"]+") SET (\w+) = (.+)$/.exec(statement))) {
      const value = match[2] === "search_path" ? identifiers(match[3]).join(",") : match[3];
      facts.push(`role ${unquote(match[1])} set ${match[2]}=${value}`);
    } else if ((match = /^CREATE SCHEMA IF NOT EXISTS ("[^"]+") AUTHORIZATION ("[^"]+")$/.exec(statement))) {
      facts.push(`schema ${database}.${unquote(match[1])} owner=${unquote(match[2])}`);
    } else if (
      (match =
        /^GRANT ([A-Z, ]+) ON (DATABASE|SCHEMA|ALL TABLES IN SCHEMA|ALL SEQUENCES IN SCHEMA) ("[^"]+") TO ("[^"]+")$/.exec(
          statement,
        ))
    ) {
      const kind = {
        DATABASE: "database",
        SCHEMA: "schema",
        "ALL TABLES IN SCHEMA": "table",
        "ALL SEQUENCES IN SCHEMA": "sequence",
      }[match[2]]!;
      const target = kind === "database" ? unquote(match[3]) : `${database}.${unquote(match[3])}`;
      facts.push(`grant ${unquote(match[4])} ${kind} ${target} ${privileges(match[1].split(/\s*,\s*/))}`);
    } else if (
      (match =
        /^ALTER DEFAULT PRIVILEGES FOR ROLE ("[^"]+") IN SCHEMA ("[^"]+") GRANT ([A-Z, ]+) ON (TABLES|SEQUENCES) TO ("[^"]+")$/.exec(
          statement,
        ))
    ) {
      const kind = match[4] === "TABLES" ? "table" : "sequence";
      facts.push(
        `default ${unquote(match[5])} ${kind} ${database}.${unquote(match[2])} owner=${unquote(match[1])} ${privileges(match[3].split(/\s*,\s*/))}`,
      );
    } else if ((match = /^CREATE EXTENSION IF NOT EXISTS ("[^"]+") WITH SCHEMA ("[^"]+")$/.exec(statement))) {
      facts.push(`extension ${database} ${unquote(match[1])} schema=${unquote(match[2])}`);
    } else {
      throw new Error(`sqlFacts does not understand: ${statement}`);
    }
  }
  return facts.sort();
}

/** Facts stated by the registered @pulumi/postgresql resources; an unexpected resource type fails the test. */
function resourceFacts(registrations: Registration[]): string[] {
  const facts: string[] = [];
  for (const { type, inputs } of registrations) {
    switch (type) {
      case T.role:
        facts.push(
          `role ${inputs.name} login=${inputs.login} superuser=${inputs.superuser} createrole=${inputs.createRole} createdb=${inputs.createDatabase} replication=${inputs.replication} bypassrls=${inputs.bypassRowLevelSecurity} inherit=${inputs.inherit} connlimit=${inputs.connectionLimit}`,
        );
        // The provider treats 0 and an empty list as "not set".
        if (inputs.statementTimeout)
          facts.push(`role ${inputs.name} set statement_timeout=${inputs.statementTimeout}`);
        if (inputs.idleInTransactionSessionTimeout)
          facts.push(
            `role ${inputs.name} set idle_in_transaction_session_timeout=${inputs.idleInTransactionSessionTimeout}`,
          );
        if (inputs.searchPaths?.length)
          facts.push(`role ${inputs.name} set search_path=${inputs.searchPaths.join(",")}`);
        if (inputs.password !== undefined) facts.push(`role ${inputs.name} password`);
        break;
      case T.schema:
        facts.push(`schema ${inputs.database}.${inputs.name} owner=${inputs.owner}`);
        break;
      case T.grant: {
        const target =
          inputs.objectType === "database" ? inputs.database : `${inputs.database}.${inputs.schema}`;
        // An empty objects list is "every object of the type", which is what ALL TABLES/SEQUENCES IN SCHEMA says.
        expect(inputs.objects ?? []).toEqual([]);
        facts.push(`grant ${inputs.role} ${inputs.objectType} ${target} ${privileges(inputs.privileges)}`);
        break;
      }
      case T.defaultPrivileges:
        facts.push(
          `default ${inputs.role} ${inputs.objectType} ${inputs.database}.${inputs.schema} owner=${inputs.owner} ${privileges(inputs.privileges)}`,
        );
        break;
      case T.extension:
        facts.push(`extension ${inputs.database} ${inputs.name} schema=${inputs.schema}`);
        break;
      case T.provider:
      case T.component:
        break;
      default:
        throw new Error(`resourceFacts does not know ${type}; the SQL renderer may be missing it too.`);
    }
  }
  return facts.sort();
}

/** Runs the DatabaseAccess component under Pulumi mocks and returns what it registered. */
async function registerDatabaseAccess(
  model: AccessModel,
  passwords: Record<string, string>,
): Promise<Registration[]> {
  const registrations: Registration[] = [];
  await jest.isolateModulesAsync(async () => {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => {
          throw new Error(`DatabaseAccess called ${args.token}; it should need no data source.`);
        },
      },
      "prodready",
      "production",
      true,
    );
    const { DatabaseAccess } =
      require("../../stacks/components/database-access") as typeof import("../../stacks/components/database-access");
    new DatabaseAccess("database-access", {
      model,
      connection: { host: "db.example.internal", username: "prodready_deployer", region: "eu-west-1" },
      passwords,
    });
    await pulumi.runtime.disconnect();
  });
  return registrations;
}

describe("the access model's SQL and its @pulumi/postgresql resources", () => {
  const { model } = declaredDatabase("production");
  const passwords = { [MIGRATOR_ROLE]: "migrator-password", [APP_ROLE]: "app-password" };
  const loginRolesWithSecrets = model.roles
    .filter((role) => role.passwordFromSecret)
    .map((role) => role.name);
  let registrations: Registration[];

  beforeAll(async () => {
    registrations = await registerDatabaseAccess(model, passwords);
  });

  test("the SQL says exactly what the model says", () => {
    expect(sqlFacts(accessModelSql(model, passwords), model.database)).toEqual(
      modelFacts(model, loginRolesWithSecrets),
    );
  });

  test("the registered resources say exactly what the model says", () => {
    expect(resourceFacts(registrations)).toEqual(modelFacts(model, loginRolesWithSecrets));
  });

  test("so the SQL the integration test applies and the resources the program registers agree", () => {
    expect(sqlFacts(accessModelSql(model, passwords), model.database)).toEqual(resourceFacts(registrations));
  });

  test("one resource per model entry, every privilege resource on the model's database", () => {
    const count = (type: string) => registrations.filter((registration) => registration.type === type).length;
    expect(count(T.role)).toBe(model.roles.length);
    expect(count(T.schema)).toBe(1);
    expect(count(T.grant)).toBe(model.grants.length);
    expect(count(T.defaultPrivileges)).toBe(model.defaultPrivileges.length);
    expect(count(T.extension)).toBe(model.extensions.length);
    for (const registration of registrations.filter((candidate) =>
      /^postgresql:index\//.test(candidate.type),
    ))
      if (registration.type !== T.role) expect(registration.inputs.database).toBe(model.database);
  });

  test("the comparison notices a difference (a model change that only one side picked up)", () => {
    const changed: AccessModel = {
      ...model,
      roles: model.roles.map((role, index) =>
        index === 0 ? { ...role, connectionLimit: role.connectionLimit + 1 } : role,
      ),
    };
    expect(sqlFacts(accessModelSql(changed, passwords), model.database)).not.toEqual(
      resourceFacts(registrations),
    );
  });
});
