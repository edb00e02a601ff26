import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";

const POLICY = "rds-backup-retention";
const baseline = {
  engine: "postgres",
  backupRetentionPeriod: 14,
};
const instance = (props: Record<string, unknown>) => ({
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { ...baseline, ...props },
});

describe(POLICY, () => {
  it("passes a compliant instance", async () => {
    expect(findingsOf(await analyze([instance({})]), POLICY)).toEqual([]);
  });

  it("fails retention below the configured minimum", async () => {
    const result = await analyze([instance({ backupRetentionPeriod: 3 })], {
      config: { all: "mandatory", [POLICY]: { minimumDays: 14 } },
    });
    expect(findingsOf(result, POLICY)).toEqual([
      ["violation", "mandatory", "db", "Set backupRetentionPeriod to at least 14 days; it is 3."],
    ]);
  });

  it("fails an unset retention", async () => {
    const { backupRetentionPeriod: _omit, ...props } = baseline;
    const result = await analyze([{ type: "aws:rds/instance:Instance", name: "db", props }]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set backupRetentionPeriod to at least 7 days; it is unset, which the provider treats as no automated backups.",
      ],
    ]);
  });

  it("covers Aurora clusters too", async () => {
    const result = await analyze([
      { type: "aws:rds/cluster:Cluster", name: "aurora", props: { backupRetentionPeriod: 1 } },
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      ["violation", "mandatory", "aurora", "Set backupRetentionPeriod to at least 7 days; it is 1."],
    ]);
  });

  it("exempts read replicas", async () => {
    const result = await analyze([instance({ backupRetentionPeriod: 0, replicateSourceDb: "primary" })]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it("reports an unknown retention as unverified, not passed", async () => {
    const result = await analyze([instance({ backupRetentionPeriod: UNKNOWN })]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] backupRetentionPeriod is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("honours an active exemption and reports it", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { exemptions: [{ name: "db", reason: "legacy import", expires: "2999-01-01" }] },
    };
    const result = await analyze([instance({ backupRetentionPeriod: 1 })], { config });
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "exempt",
        "advisory",
        "db",
        "[exempt] until 2999-01-01 (legacy import): Set backupRetentionPeriod to at least 7 days; it is 1.",
      ],
    ]);
  });

  it("stops exempting once the exemption expired", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { exemptions: [{ urn: "*::db", reason: "legacy import", expires: "2020-01-01" }] },
    };
    const result = await analyze([instance({ backupRetentionPeriod: 1 })], { config });
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set backupRetentionPeriod to at least 7 days; it is 1. (Its exemption expired on 2020-01-01: fix the resource or renew the exemption.)",
      ],
    ]);
  });

  it("rejects an invalid threshold like the engine does", async () => {
    await expect(analyze([instance({})], { config: { [POLICY]: { minimumDays: "seven" } } })).rejects.toThrow(
      /validating policy config: production-readiness 0\.1\.0: rds-backup-retention: \/minimumDays must be integer/,
    );
  });
});
