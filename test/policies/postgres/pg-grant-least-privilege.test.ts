import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "pg-grant-least-privilege";
const GRANT = "postgresql:index/grant:Grant";
const DEFAULT_PRIVILEGES = "postgresql:index/defaultPrivileges:DefaultPrivileges";
const grant = (changes: Record<string, unknown> = {}): ResourceSpec =>
  spec(
    GRANT,
    "grant",
    {
      database: "prodready",
      role: "app",
      schema: "app",
      objectType: "table",
      objects: [],
      privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
    },
    changes,
  );
const defaults = (changes: Record<string, unknown> = {}): ResourceSpec =>
  spec(
    DEFAULT_PRIVILEGES,
    "defaults",
    {
      database: "prodready",
      role: "app",
      owner: "migrator",
      schema: "app",
      objectType: "table",
      privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
    },
    changes,
  );

describe(POLICY, () => {
  it("passes the application's row access on every object type", async () => {
    const grants = [
      grant(),
      spec(GRANT, "seq", {
        database: "prodready",
        role: "app",
        schema: "app",
        objectType: "sequence",
        privileges: ["USAGE", "SELECT"],
      }),
      spec(GRANT, "schema", {
        database: "prodready",
        role: "app",
        schema: "app",
        objectType: "schema",
        privileges: ["USAGE"],
      }),
      spec(GRANT, "connect", {
        database: "prodready",
        role: "app",
        objectType: "database",
        privileges: ["CONNECT"],
      }),
      defaults(),
      defaults({ objectType: "sequence", privileges: ["usage", "select"] }),
    ];
    const result = await analyze(grants.map((g, i) => ({ ...g, name: `${g.name}-${i}` })));
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it("passes revoking everything from PUBLIC", async () => {
    expect(
      findingsOf(
        await analyze([grant({ role: "public", objectType: "schema", schema: "public", privileges: [] })]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("fails a grant to PUBLIC", async () => {
    expect(findingsOf(await analyze([grant({ role: "PUBLIC", privileges: ["SELECT"] })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "grant",
        'Grant these privileges to a named role, not to PUBLIC (role "public" means every role).',
      ],
    ]);
  });

  it("fails default privileges for PUBLIC", async () => {
    expect(findingsOf(await analyze([defaults({ role: "public", privileges: ["SELECT"] })]), POLICY)).toEqual(
      [
        [
          "violation",
          "mandatory",
          "defaults",
          'Grant these privileges to a named role, not to PUBLIC (role "public" means every role).',
        ],
      ],
    );
  });

  it("fails ALL on a database, for any role", async () => {
    expect(
      findingsOf(
        await analyze([
          grant({
            role: "migrator",
            objectType: "database",
            schema: undefined,
            privileges: ["ALL PRIVILEGES"],
          }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "grant",
        "Grant specific privileges on the database (CONNECT, and TEMPORARY or CREATE only to the roles that need them) instead of ALL.",
      ],
    ]);
  });

  it("fails withGrantOption", async () => {
    expect(findingsOf(await analyze([grant({ role: "migrator", withGrantOption: true })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "grant",
        "Set withGrantOption to false; the grantee must not pass these privileges on.",
      ],
    ]);
  });

  it("fails schema-changing privileges for the application role", async () => {
    expect(
      findingsOf(
        await analyze([grant({ privileges: ["SELECT", "TRUNCATE", "REFERENCES", "TRIGGER"] })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "grant",
        "Grant application roles only SELECT, INSERT, UPDATE, DELETE on table; remove TRUNCATE, REFERENCES, TRIGGER.",
      ],
    ]);
  });

  it("fails TRUNCATE, REFERENCES and TRIGGER on tables in default privileges too, in any spelling", async () => {
    expect(
      findingsOf(
        await analyze([defaults({ privileges: ["select", "insert", " truncate", "References", "TRIGGER"] })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "defaults",
        "Grant application roles only SELECT, INSERT, UPDATE, DELETE on table; remove TRUNCATE, REFERENCES, TRIGGER.",
      ],
    ]);
    // REFERENCES on columns is as much a schema change as on the table.
    expect(
      findingsOf(
        await analyze([grant({ objectType: "column", columns: ["id"], privileges: ["REFERENCES"] })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "grant",
        "Grant application roles only SELECT, INSERT, UPDATE on column; remove REFERENCES.",
      ],
    ]);
  });

  it("fails CREATE on the schema and ALL on tables for the application role", async () => {
    const result = await analyze([
      grant({ objectType: "schema", privileges: ["USAGE", "CREATE"] }),
      defaults({ privileges: ["ALL"] }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "defaults",
        "Grant application roles only SELECT, INSERT, UPDATE, DELETE on table; remove ALL.",
      ],
      ["violation", "mandatory", "grant", "Grant application roles only USAGE on schema; remove CREATE."],
    ]);
  });

  it("fails TEMPORARY on the database and EXECUTE on functions for the application role", async () => {
    const result = await analyze([
      grant({ objectType: "database", schema: undefined, privileges: ["CONNECT", "TEMPORARY"] }),
      defaults({ objectType: "function", privileges: ["EXECUTE"] }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "defaults",
        "Grant application roles no privileges on function; remove EXECUTE.",
      ],
      [
        "violation",
        "mandatory",
        "grant",
        "Grant application roles only CONNECT on database; remove TEMPORARY.",
      ],
    ]);
  });

  it("does not echo unrecognized privilege text", async () => {
    expect(findingsOf(await analyze([grant({ privileges: ["SELECT", "s3cr3t-ish text"] })]), POLICY)).toEqual(
      [
        [
          "violation",
          "mandatory",
          "grant",
          "Grant application roles only SELECT, INSERT, UPDATE, DELETE on table; remove an unrecognized privilege.",
        ],
      ],
    );
  });

  it("honours appRoles", async () => {
    const config = { all: "mandatory", [POLICY]: { appRoles: ["web", "worker"] } };
    const result = await analyze(
      [
        grant({ privileges: ["TRUNCATE"] }),
        { ...grant({ role: "worker", privileges: ["TRUNCATE"] }), name: "worker" },
      ],
      { config },
    );
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "worker",
        "Grant application roles only SELECT, INSERT, UPDATE, DELETE on table; remove TRUNCATE.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([grant({ role: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "grant",
        "[unverified at preview] role is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "grant",
        "[unverified at preview] role is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      findingsOf(await analyze([grant({ privileges: [UNKNOWN], withGrantOption: UNKNOWN })]), POLICY),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "grant",
        "[unverified at preview] privileges[0] is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "grant",
        "[unverified at preview] withGrantOption is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
