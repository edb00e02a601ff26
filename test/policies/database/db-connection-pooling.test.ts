import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "db-connection-pooling";
const NO_POOLER =
  "Put an RDS Proxy (with an aws.rds.ProxyTarget naming this database) or a pgBouncer, PgCat or Odyssey container whose settings name this database in front of it.";
const db: ResourceSpec = {
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { engine: "postgres", identifier: UNKNOWN },
};
/** A database as a stack export (or a program with literal names) shows it: its address is known. */
const knownDb = (name: string, address: string): ResourceSpec => ({
  type: "aws:rds/instance:Instance",
  name,
  props: { engine: "postgres", identifier: name, address, endpoint: `${address}:5432` },
});
const ORDERS_HOST = "orders.c9akciq32.eu-west-1.rds.amazonaws.com";
const BILLING_HOST = "billing.c9akciq32.eu-west-1.rds.amazonaws.com";
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
const task = (
  containers: Record<string, unknown>[],
  refs: Record<string, string[]> = {},
  name = "api",
): ResourceSpec => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name,
  props: { containerDefinitions: JSON.stringify(containers) },
  refs,
});
const pgbouncer = (host: string, image = "public.ecr.aws/bitnami/pgbouncer:1.23.1") => ({
  name: "pool",
  image,
  environment: [
    { name: "PGBOUNCER_DATABASE", value: "app" },
    { name: "POSTGRESQL_HOST", value: host },
  ],
});
const run = async (specs: ResourceSpec[]) => findingsOf(await analyze(specs), POLICY);

describe(POLICY, () => {
  it("passes a database behind an RDS Proxy that requires TLS", async () => {
    expect(await run([db, proxy(), target])).toEqual([]);
  });

  it("fails a database with no pooler", async () => {
    expect(await run([db])).toEqual([["violation", "mandatory", "db", NO_POOLER]]);
  });

  it("fails a proxy that does not require TLS", async () => {
    expect(await run([db, proxy({ requireTls: false }), target])).toEqual([
      ["violation", "mandatory", "db", "Set requireTls to true on the RDS Proxy in front of this database."],
    ]);
  });

  it("joins by identifier when no dependency was recorded (stack exports of other tools)", async () => {
    const known: ResourceSpec[] = [
      { ...db, props: { engine: "postgres", identifier: "orders-db" } },
      proxy({ name: "orders-proxy" }),
      { ...target, refs: {}, props: { dbInstanceIdentifier: "orders-db", dbProxyName: "orders-proxy" } },
    ];
    expect(await run(known)).toEqual([]);
  });

  it("reports an unknown requireTls as unverified", async () => {
    expect(await run([db, proxy({ requireTls: UNKNOWN }), target])).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] requireTls is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  describe("a pooler container covers the database it points at", () => {
    it("passes a pgBouncer whose settings name the database's address, in any registry or tag form", async () => {
      for (const image of [
        "pgbouncer",
        "edoburu/pgbouncer:v1.23.1-p2",
        "public.ecr.aws/bitnami/pgbouncer:1.23.1",
        "registry.example.com:5000/platform/pgbouncer@sha256:0f9a2c",
        "ghcr.io/postgresml/pgcat:v1.2.0",
        "docker.io/library/odyssey:1.3",
      ]) {
        expect(await run([knownDb("orders", ORDERS_HOST), task([pgbouncer(ORDERS_HOST, image)])])).toEqual(
          [],
        );
      }
    });

    it("recognises a pooler by the program it starts, directly or in a shell script", async () => {
      const started = (entry: Record<string, unknown>) => [
        { name: "pool", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/base:3", ...entry },
      ];
      const command = ["/usr/bin/pgbouncer", `--host=${ORDERS_HOST}`];
      const script = ["sh", "-c", `render-config && exec pgbouncer -u nobody /etc/pool.ini # ${ORDERS_HOST}`];
      for (const containers of [started({ command }), started({ entryPoint: script })]) {
        expect(await run([knownDb("orders", ORDERS_HOST), task(containers)])).toEqual([]);
      }
    });

    it("does not take a pgBouncer exporter (or an image merely containing the word) for a pooler", async () => {
      for (const image of [
        "prometheuscommunity/pgbouncer-exporter:v0.9.0",
        "quay.io/prometheus/prometheus-pgbouncer-exporter:1.0",
        "acme/pgbouncer-config-renderer:2",
      ]) {
        expect(await run([knownDb("orders", ORDERS_HOST), task([pgbouncer(ORDERS_HOST, image)])])).toEqual([
          ["violation", "mandatory", "orders", NO_POOLER],
        ]);
      }
      const exporterCommand = [
        { name: "exporter", image: "acme/tools:1", command: ["pgbouncer_exporter", `--host=${ORDERS_HOST}`] },
      ];
      expect(await run([knownDb("orders", ORDERS_HOST), task(exporterCommand)])).toEqual([
        ["violation", "mandatory", "orders", NO_POOLER],
      ]);
    });

    it("covers only the database it points at, not every database in the stack", async () => {
      expect(
        await run([
          knownDb("orders", ORDERS_HOST),
          knownDb("billing", BILLING_HOST),
          task([pgbouncer(`${ORDERS_HOST}:5432`)]),
        ]),
      ).toEqual([["violation", "mandatory", "billing", NO_POOLER]]);
      // A longer host name that merely contains the address is not the database.
      expect(
        await run([knownDb("orders", ORDERS_HOST), task([pgbouncer(`replica-${ORDERS_HOST}.example`)])]),
      ).toEqual([["violation", "mandatory", "orders", NO_POOLER]]);
    });

    it("follows a Route 53 name for the database (as our own program's pgbouncer mode does)", async () => {
      const record: ResourceSpec = {
        type: "aws:route53/record:Record",
        name: "db-record",
        props: { name: "db.prodready.internal", type: "CNAME", records: [UNKNOWN], zoneId: UNKNOWN },
        refs: { records: ["db"] },
      };
      expect(await run([db, record, task([pgbouncer("db.prodready.internal")])])).toEqual([]);
      expect(await run([db, record, task([pgbouncer("other.prodready.internal")])])).toEqual([
        [
          "unverified",
          "advisory",
          "db",
          "[unverified at preview] address is not known until deploy; enforced at deploy.",
        ],
      ]);
    });

    it("follows the dependency the engine recorded when the settings come from the database's outputs", async () => {
      expect(
        await run([
          knownDb("orders", ORDERS_HOST),
          task([pgbouncer("$(DB_HOST)")], { containerDefinitions: ["orders"] }),
        ]),
      ).toEqual([]);
    });

    it("reports unverified, never a pass, when the pooler's target cannot be matched at preview", async () => {
      expect(await run([db, task([pgbouncer(ORDERS_HOST)])])).toEqual([
        [
          "unverified",
          "advisory",
          "db",
          "[unverified at preview] address is not known until deploy; enforced at deploy.",
        ],
      ]);
    });
  });

  it("reports a database as unverified, not failed, when a task's containers are unknown at preview; the task itself is the container policies' finding", async () => {
    const hidden: ResourceSpec = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "django",
      props: { containerDefinitions: UNKNOWN },
    };
    expect(await run([db, hidden])).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] containerDefinitions of task definition django is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([db, proxy(), target, hidden])).toEqual([]);
  });

  it("reports an unknown engine as unverified when nothing pools the database, and passes it when something does", async () => {
    const unknownEngine = { ...db, props: { ...db.props, engine: UNKNOWN } };
    expect(await run([unknownEngine])).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] engine is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([unknownEngine, proxy(), target])).toEqual([]);
  });

  it("reports unverified when a proxy target's database is neither known nor recorded", async () => {
    expect(await run([db, proxy(), { ...target, refs: { dbProxyName: ["proxy"] } }])).toEqual([
      [
        "unverified",
        "advisory",
        "db",
        "[unverified at preview] dbInstanceIdentifier of an aws.rds.ProxyTarget is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("ignores MySQL, MariaDB and Aurora MySQL databases", async () => {
    for (const engine of ["mysql", "mariadb", "aurora-mysql"])
      expect(await run([{ ...db, props: { engine } }])).toEqual([]);
  });
});
