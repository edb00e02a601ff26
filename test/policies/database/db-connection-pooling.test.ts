import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "db-connection-pooling";
const db: ResourceSpec = {
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { engine: "postgres", identifier: UNKNOWN },
};
const proxy = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: "aws:rds/proxy:Proxy",
  name: "proxy",
  props: { engineFamily: "POSTGRESQL", requireTls: true, name: UNKNOWN, ...props },
});
const target: ResourceSpec = {
  type: "aws:rds/proxyTarget:ProxyTarget",
  name: "target",
  props: { dbInstanceIdentifier: UNKNOWN, dbProxyName: UNKNOWN, targetGroupName: "default" },
  refs: { dbInstanceIdentifier: ["db"], dbProxyName: ["proxy"] },
};

describe(POLICY, () => {
  it("passes a database behind an RDS Proxy that requires TLS", async () => {
    expect(findingsOf(await analyze([db, proxy(), target]), POLICY)).toEqual([]);
  });

  it("passes a database when a pgBouncer sidecar runs in the stack", async () => {
    const task: ResourceSpec = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "django",
      props: {
        containerDefinitions: JSON.stringify([
          { name: "pgbouncer", image: "public.ecr.aws/bitnami/pgbouncer:1.23.1" },
        ]),
      },
    };
    expect(findingsOf(await analyze([db, task]), POLICY)).toEqual([]);
  });

  it("fails a database with no pooler", async () => {
    expect(findingsOf(await analyze([db]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Put an RDS Proxy (with an aws.rds.ProxyTarget naming this database) or a pgBouncer sidecar in front of it.",
      ],
    ]);
  });

  it("fails a proxy that does not require TLS", async () => {
    expect(findingsOf(await analyze([db, proxy({ requireTls: false }), target]), POLICY)).toEqual([
      ["violation", "mandatory", "db", "Set requireTls to true on the RDS Proxy in front of this database."],
    ]);
  });

  it("joins by identifier when no dependency was recorded (stack exports of other tools)", async () => {
    const known: ResourceSpec[] = [
      { ...db, props: { engine: "postgres", identifier: "orders-db" } },
      proxy({ name: "orders-proxy" }),
      { ...target, refs: {}, props: { dbInstanceIdentifier: "orders-db", dbProxyName: "orders-proxy" } },
    ];
    expect(findingsOf(await analyze(known), POLICY)).toEqual([]);
  });

  it("reports an unknown requireTls as unverified", async () => {
    expect(findingsOf(await analyze([db, proxy({ requireTls: UNKNOWN }), target]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] requireTls is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("reports a task definition whose containers are unknown at preview as unverified, on the task definition", async () => {
    const task: ResourceSpec = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "django",
      props: { containerDefinitions: UNKNOWN },
    };
    expect(findingsOf(await analyze([db, proxy(), target, task]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "django",
        "[unverified at preview] containerDefinitions is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("ignores stacks without PostgreSQL", async () => {
    expect(findingsOf(await analyze([{ ...db, props: { engine: "mysql" } }]), POLICY)).toEqual([]);
  });
});
