import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, CLUSTER_INSTANCE, INSTANCE, spec } from "./rds-fixtures";

const POLICY = "rds-multi-az";
const instance = (changes: Record<string, unknown> = {}) =>
  spec(INSTANCE, "db", { engine: "postgres", multiAz: true }, changes);
const aurora = (changes: Record<string, unknown> = {}) =>
  spec(CLUSTER, "aurora", { engine: "aurora-postgresql", clusterIdentifier: "orders" }, changes);
const member = (name: string, changes: Record<string, unknown> = {}): ResourceSpec =>
  spec(
    CLUSTER_INSTANCE,
    name,
    { engine: "aurora-postgresql", clusterIdentifier: UNKNOWN, instanceClass: "db.r6g.large" },
    changes,
    { clusterIdentifier: ["aurora"] },
  );

describe(POLICY, () => {
  it("passes a Multi-AZ instance and an Aurora cluster with two instances", async () => {
    expect(
      findingsOf(await analyze([instance(), aurora(), member("aurora-1"), member("aurora-2")]), POLICY),
    ).toEqual([]);
  });

  it("fails multiAz unset or false", async () => {
    const other = spec(INSTANCE, "db2", { engine: "postgres", multiAz: "false" });
    expect(findingsOf(await analyze([instance({ multiAz: undefined }), other]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Set multiAz to true so a standby in another Availability Zone takes over when the primary fails.",
      ],
      [
        "violation",
        "mandatory",
        "db2",
        "Set multiAz to true so a standby in another Availability Zone takes over when the primary fails.",
      ],
    ]);
  });

  it("does not judge read replicas", async () => {
    expect(
      findingsOf(await analyze([instance({ multiAz: false, replicateSourceDb: "orders-primary" })]), POLICY),
    ).toEqual([]);
  });

  it("fails an Aurora cluster with a single instance", async () => {
    expect(findingsOf(await analyze([aurora(), member("aurora-1")]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Run at least 2 aws.rds.ClusterInstance members in this Aurora cluster so a reader in another Availability Zone can take over; it has 1.",
      ],
    ]);
  });

  it("joins cluster instances by identifier when no dependency was recorded", async () => {
    const byName = (name: string) =>
      spec(CLUSTER_INSTANCE, name, {
        engine: "aurora-postgresql",
        clusterIdentifier: "orders",
        instanceClass: "db.r6g.large",
      });
    expect(findingsOf(await analyze([aurora(), byName("aurora-1"), byName("aurora-2")]), POLICY)).toEqual([]);
  });

  it("fails Aurora instances pinned to one zone", async () => {
    const pinned = [
      member("aurora-1", { availabilityZone: "eu-west-1a" }),
      member("aurora-2", { availabilityZone: "eu-west-1a" }),
    ];
    expect(findingsOf(await analyze([aurora(), ...pinned]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Place this Aurora cluster's instances in at least 2 Availability Zones; they use 1.",
      ],
    ]);
  });

  it("honours minimumAzs", async () => {
    const config = { all: "mandatory", [POLICY]: { minimumAzs: 3 } };
    expect(
      findingsOf(await analyze([aurora(), member("aurora-1"), member("aurora-2")], { config }), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "aurora",
        "Run at least 3 aws.rds.ClusterInstance members in this Aurora cluster so a reader in another Availability Zone can take over; it has 2.",
      ],
    ]);
  });

  it("passes Multi-AZ DB clusters and Aurora Serverless v1 by construction", async () => {
    const multiAzCluster = spec(CLUSTER, "maz", {
      engine: "postgres",
      dbClusterInstanceClass: "db.m6gd.large",
    });
    const serverless = spec(CLUSTER, "sls", { engine: "aurora-postgresql", engineMode: "serverless" });
    expect(findingsOf(await analyze([multiAzCluster, serverless]), POLICY)).toEqual([]);
  });

  it("reports unknowns as unverified", async () => {
    const zoneUnknown = [member("aurora-1", { availabilityZone: UNKNOWN }), member("aurora-2")];
    expect(
      findingsOf(await analyze([instance({ multiAz: UNKNOWN }), aurora(), ...zoneUnknown]), POLICY),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "aurora",
        "[unverified at preview] availabilityZone is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] multiAz is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
