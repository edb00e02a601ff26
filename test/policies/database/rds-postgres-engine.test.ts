import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-postgres-engine";
const instance = (changes: Record<string, unknown> = {}) =>
  spec(INSTANCE, "db", { engine: "postgres", instanceClass: "db.t4g.medium" }, changes);
const cluster = (changes: Record<string, unknown> = {}) =>
  spec(CLUSTER, "aurora", { engine: "aurora-postgresql" }, changes);

describe(POLICY, () => {
  it("passes RDS for PostgreSQL and Aurora PostgreSQL", async () => {
    expect(findingsOf(await analyze([instance(), cluster()]), POLICY)).toEqual([]);
  });

  it("fails an instance running another engine", async () => {
    expect(findingsOf(await analyze([instance({ engine: "mysql" })]), POLICY)).toEqual([
      ["violation", "mandatory", "db", 'Set engine to one of postgres, aurora-postgresql; it is "mysql".'],
    ]);
  });

  it("fails an Aurora MySQL cluster", async () => {
    expect(findingsOf(await analyze([cluster({ engine: "aurora-mysql" })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        'Set engine to one of postgres, aurora-postgresql; it is "aurora-mysql".',
      ],
    ]);
  });

  it("fails an unset engine", async () => {
    expect(findingsOf(await analyze([instance({ engine: undefined })]), POLICY)).toEqual([
      ["violation", "mandatory", "db", "Set engine to one of postgres, aurora-postgresql; it is unset."],
    ]);
  });

  it("does not quote an engine value that is not an engine name", async () => {
    expect(findingsOf(await analyze([instance({ engine: "postgres; DROP TABLE x" })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set engine to one of postgres, aurora-postgresql; it is a different value.",
      ],
    ]);
  });

  it("passes a read replica that inherits its source's engine", async () => {
    expect(
      findingsOf(await analyze([instance({ engine: undefined, replicateSourceDb: UNKNOWN })]), POLICY),
    ).toEqual([]);
  });

  it("honours allowedEngines", async () => {
    const config = { all: "mandatory", [POLICY]: { allowedEngines: ["aurora-postgresql"] } };
    expect(findingsOf(await analyze([instance(), cluster()], { config }), POLICY)).toEqual([
      ["violation", "mandatory", "db", 'Set engine to one of aurora-postgresql; it is "postgres".'],
    ]);
  });

  it("reports an unknown engine as unverified", async () => {
    expect(findingsOf(await analyze([instance({ engine: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] engine is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on odd input", async () => {
    expect(findingsOf(await analyze([instance({ engine: 42 })]), POLICY)).toEqual([
      ["violation", "mandatory", "db", "Set engine to one of postgres, aurora-postgresql; it is unset."],
    ]);
  });
});
