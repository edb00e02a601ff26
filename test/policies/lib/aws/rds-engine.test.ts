import {
  engineFamily,
  engineMajor,
  isAuroraEngine,
  RDS_ENGINE_NAMES,
} from "../../../../policies/lib/aws/rds-engine";

describe("rds-engine", () => {
  it("gives every RDS engine name a family", () => {
    for (const name of RDS_ENGINE_NAMES)
      expect({ name, family: engineFamily(name) !== undefined }).toEqual({ name, family: true });
  });

  it.each([
    ["postgres", "postgres"],
    ["aurora-postgresql", "postgres"],
    ["Postgres", "postgres"],
    ["mysql", "mysql"],
    ["aurora-mysql", "mysql"],
    ["aurora", "mysql"],
    ["mariadb", "mariadb"],
    ["oracle-se2-cdb", "oracle"],
    ["custom-oracle-ee", "oracle"],
    ["sqlserver-web", "sqlserver"],
    ["db2-ae", "db2"],
  ])("reads %s as %s", (engine, family) => {
    expect(engineFamily(engine)).toBe(family);
  });

  it("knows no family for an unset or foreign engine", () => {
    expect(engineFamily(undefined)).toBeUndefined();
    expect(engineFamily("")).toBeUndefined();
    expect(engineFamily("cockroachdb")).toBeUndefined();
  });

  it("tells Aurora engines and reads the leading number of a version", () => {
    expect(isAuroraEngine("aurora-postgresql")).toBe(true);
    expect(isAuroraEngine("postgres")).toBe(false);
    expect(engineMajor("16.8")).toBe(16);
    expect(engineMajor(" 8.0.39")).toBe(8);
    expect(engineMajor("latest")).toBeUndefined();
    expect(engineMajor(undefined)).toBeUndefined();
  });
});
