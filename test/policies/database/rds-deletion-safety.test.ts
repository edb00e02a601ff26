import { analyze, findingsOf, secret, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-deletion-safety";
const baseline = {
  engine: "postgres",
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "orders-final",
  copyTagsToSnapshot: true,
};
const instance = (changes: Record<string, unknown> = {}) => spec(INSTANCE, "db", baseline, changes);
const cluster = (changes: Record<string, unknown> = {}) =>
  spec(CLUSTER, "aurora", { ...baseline, engine: "aurora-postgresql" }, changes);

describe(POLICY, () => {
  it("passes protected instances and clusters that keep a final snapshot", async () => {
    expect(findingsOf(await analyze([instance(), cluster()]), POLICY)).toEqual([]);
  });

  it("fails deletionProtection false", async () => {
    expect(findingsOf(await analyze([instance({ deletionProtection: false })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set deletionProtection to true so an update or destroy cannot delete the database.",
      ],
    ]);
  });

  it("fails an unset deletionProtection on a cluster", async () => {
    expect(findingsOf(await analyze([cluster({ deletionProtection: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Set deletionProtection to true so an update or destroy cannot delete the database.",
      ],
    ]);
  });

  it("fails skipFinalSnapshot true", async () => {
    expect(findingsOf(await analyze([instance({ skipFinalSnapshot: true })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set skipFinalSnapshot to false and set finalSnapshotIdentifier so deleting the database keeps a final snapshot.",
      ],
    ]);
  });

  it("fails a missing finalSnapshotIdentifier (also when skipFinalSnapshot is left to its default false)", async () => {
    expect(
      findingsOf(
        await analyze([
          instance({ finalSnapshotIdentifier: undefined }),
          cluster({ skipFinalSnapshot: undefined, finalSnapshotIdentifier: undefined }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Set finalSnapshotIdentifier; with skipFinalSnapshot false the provider cannot delete the database without it.",
      ],
      [
        "violation",
        "mandatory",
        "db",
        "Set finalSnapshotIdentifier; with skipFinalSnapshot false the provider cannot delete the database without it.",
      ],
    ]);
  });

  it("does not ask a read replica for a final snapshot", async () => {
    const replica = instance({
      replicateSourceDb: UNKNOWN,
      engine: undefined,
      skipFinalSnapshot: true,
      finalSnapshotIdentifier: undefined,
    });
    expect(findingsOf(await analyze([replica]), POLICY)).toEqual([]);
  });

  it("fails copyTagsToSnapshot unset", async () => {
    expect(findingsOf(await analyze([instance({ copyTagsToSnapshot: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set copyTagsToSnapshot to true so snapshots keep the database's tags (owner, backup selection, cost).",
      ],
    ]);
  });

  it("reports every independent failure", async () => {
    expect(
      findingsOf(
        await analyze([
          instance({ deletionProtection: false, skipFinalSnapshot: true, copyTagsToSnapshot: false }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set copyTagsToSnapshot to true so snapshots keep the database's tags (owner, backup selection, cost).",
      ],
      [
        "violation",
        "mandatory",
        "db",
        "Set deletionProtection to true so an update or destroy cannot delete the database.",
      ],
      [
        "violation",
        "mandatory",
        "db",
        "Set skipFinalSnapshot to false and set finalSnapshotIdentifier so deleting the database keeps a final snapshot.",
      ],
    ]);
  });

  it("reports unknowns as unverified and still checks the rest", async () => {
    expect(
      findingsOf(
        await analyze([
          instance({
            deletionProtection: UNKNOWN,
            finalSnapshotIdentifier: UNKNOWN,
            copyTagsToSnapshot: false,
          }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] deletionProtection is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] finalSnapshotIdentifier is not known until deploy; enforced at deploy.",
      ],
      [
        "violation",
        "mandatory",
        "db",
        "Set copyTagsToSnapshot to true so snapshots keep the database's tags (owner, backup selection, cost).",
      ],
    ]);
  });

  describe("remediation", () => {
    const remediate = { all: "mandatory", [POLICY]: "remediate" };

    it("sets copyTagsToSnapshot and nothing else, keeping secrets", async () => {
      const result = await analyze(
        [instance({ copyTagsToSnapshot: false, password: secret("hunter2-not-real") })],
        { config: remediate },
      );
      expect(result.remediations).toEqual([
        {
          policyName: POLICY,
          urn: "urn:pulumi:test::prodready::aws:rds/instance:Instance::db",
          changedKeys: ["copyTagsToSnapshot"],
        },
      ]);
      expect(findingsOf(result, POLICY)).toEqual([]);
    });

    it("leaves deletion settings to the author", async () => {
      const result = await analyze([cluster({ copyTagsToSnapshot: undefined, deletionProtection: false })], {
        config: remediate,
      });
      expect(result.remediations.map((r) => r.changedKeys)).toEqual([["copyTagsToSnapshot"]]);
      expect(findingsOf(result, POLICY)).toEqual([
        // The SDK reports a remediate-level violation as mandatory.
        [
          "violation",
          "mandatory",
          "aurora",
          "Set deletionProtection to true so an update or destroy cannot delete the database.",
        ],
      ]);
    });

    it("does nothing to a compliant or unknown copyTagsToSnapshot", async () => {
      const result = await analyze([instance(), cluster({ copyTagsToSnapshot: UNKNOWN })], {
        config: remediate,
      });
      expect(result.remediations).toEqual([]);
    });
  });
});
