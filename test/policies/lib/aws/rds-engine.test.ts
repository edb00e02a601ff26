import {
  END_OF_STANDARD_SUPPORT,
  engineFamily,
  engineLine,
  engineMajor,
  familyMajor,
  isAuroraEngine,
  RDS_ENGINE_NAMES,
  supportMajor,
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

  it.each([
    ["mysql", "8.0.35", "8.0"],
    ["mysql", "5.7", "5.7"],
    ["mysql", "8.4.3", "8.4"],
    ["mariadb", "10.11.9", "10.11"],
    ["postgres", "15.4", "15"],
    ["postgres", "16", "16"],
    ["postgres", "9.6.24", "9.6"],
    ["aurora-mysql", "5.7.mysql_aurora.2.11.2", "5.7"],
    ["aurora-mysql", "8.0.mysql_aurora.3.05.2", "8.0"],
    ["aurora", "5.6.10a", "5.6"],
    ["aurora-postgresql", "16.4", "16"],
  ])("dates %s %s on its major %s", (engine, version, major) => {
    const line = engineLine(engine)!;
    expect(supportMajor(line, version)).toBe(major);
    expect(END_OF_STANDARD_SUPPORT[`${line} ${major}`]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("has no major for a version without one, and no calendar for commercial engines", () => {
    expect(supportMajor("mysql", "8")).toBeUndefined();
    expect(supportMajor("postgres", "latest")).toBeUndefined();
    expect(supportMajor("postgres", "9")).toBeUndefined();
    expect(engineLine("oracle-ee")).toBeUndefined();
    expect(engineLine("sqlserver-se")).toBeUndefined();
    expect(engineLine(undefined)).toBeUndefined();
  });

  it("reads the major a parameter group family pins", () => {
    expect(familyMajor("mysql5.7")).toEqual({ line: "mysql", major: "5.7" });
    expect(familyMajor("postgres16")).toEqual({ line: "postgres", major: "16" });
    expect(familyMajor("aurora-mysql8.0")).toEqual({ line: "aurora-mysql", major: "8.0" });
    expect(familyMajor("aurora5.6")).toEqual({ line: "aurora-mysql", major: "5.6" });
    expect(familyMajor("mariadb10.11")).toEqual({ line: "mariadb", major: "10.11" });
    expect(familyMajor("oracle-ee-19")).toBeUndefined();
    expect(familyMajor(undefined)).toBeUndefined();
  });
});
