import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { CLUSTER, defined, INSTANCE, spec } from "../database/rds-fixtures";

const POLICY = "backup-plan-coverage";
const VAULT = "aws:backup/vault:Vault";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";

const db = (changes: Record<string, unknown> = {}, name = "db") =>
  spec(
    INSTANCE,
    name,
    { engine: "postgres", identifier: "orders", tags: { backup: "daily", team: "orders" } },
    changes,
  );
const vault = (changes: Record<string, unknown> = {}, name = "vault") =>
  spec(VAULT, name, { name: "orders-vault", kmsKeyArn: UNKNOWN }, changes);
const rule = (changes: Record<string, unknown> = {}) =>
  defined({
    ruleName: "daily",
    schedule: "cron(0 3 * * ? *)",
    targetVaultName: UNKNOWN,
    lifecycle: { deleteAfter: 35 },
    ...changes,
  });
const plan = (rules: unknown[] = [rule()], refs: Record<string, string[]> = { rules: ["vault"] }) =>
  spec(PLAN, "plan", { name: "orders-plan", rules }, {}, refs);
const selection = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { planId: ["plan"], resources: ["db"] },
): ResourceSpec =>
  spec(
    SELECTION,
    "selection",
    { name: "orders", iamRoleArn: UNKNOWN, planId: UNKNOWN, resources: [UNKNOWN] },
    changes,
    refs,
  );
const stack = (...overrides: ResourceSpec[]) => {
  const byName = new Map([db(), vault(), plan(), selection()].map((r) => [r.name, r]));
  for (const r of overrides) byName.set(r.name, r);
  return [...byName.values()];
};

const NOT_SELECTED =
  "Select this database in an aws.backup.Selection (resources: [db.arn], or tags it carries) of an AWS Backup plan.";
const RETENTION = (days: number) =>
  `Give the backup plan that selects this database a rule with lifecycle.deleteAfter of at least ${days} days.`;
const VAULT_KMS =
  "Send this database's backups to an aws.backup.Vault declared in the stack with kmsKeyArn set.";
const unverified = (path: string) => [
  "unverified",
  "advisory",
  "db",
  `[unverified at preview] ${path} is not known until deploy; enforced at deploy.`,
];

describe(POLICY, () => {
  it("passes a database selected by ARN into a plan that keeps 35 days in an encrypted vault", async () => {
    expect(findingsOf(await analyze(stack()), POLICY)).toEqual([]);
  });

  it("fails a database no selection covers", async () => {
    expect(findingsOf(await analyze([db(), vault(), plan()]), POLICY)).toEqual([
      ["violation", "mandatory", "db", NOT_SELECTED],
    ]);
  });

  it("fails a database when the selection names another one", async () => {
    const other = db({ identifier: "billing" }, "db2");
    const result = await analyze(
      stack(
        other,
        selection(
          { resources: [UNKNOWN, "arn:aws:rds:eu-west-1:123456789012:db:legacy"] },
          { planId: ["plan"], resources: ["db2"] },
        ),
      ),
    );
    expect(findingsOf(result, POLICY)).toEqual([["violation", "mandatory", "db", NOT_SELECTED]]);
  });

  describe("by ARN pattern, when no dependency was recorded", () => {
    const byArn = (resources: unknown[]) => selection({ resources }, { planId: ["plan"] });

    it("matches a wildcard", async () => {
      expect(findingsOf(await analyze(stack(byArn(["*"]))), POLICY)).toEqual([]);
    });

    it("matches the identifier in a db ARN pattern", async () => {
      expect(findingsOf(await analyze(stack(byArn(["arn:aws:rds:*:*:db:ord*"]))), POLICY)).toEqual([]);
    });

    it("matches a known ARN (stack exports carry outputs)", async () => {
      const exported = db({ arn: "arn:aws:rds:eu-west-1:123456789012:db:orders" });
      expect(
        findingsOf(
          await analyze(stack(exported, byArn(["arn:aws:rds:eu-west-1:123456789012:db:orders"]))),
          POLICY,
        ),
      ).toEqual([]);
    });

    it("does not let a cluster pattern select an instance", async () => {
      expect(findingsOf(await analyze(stack(byArn(["arn:aws:rds:*:*:cluster:*"]))), POLICY)).toEqual([
        ["violation", "mandatory", "db", NOT_SELECTED],
      ]);
    });

    it("reports an autonamed identifier as unverified", async () => {
      expect(
        findingsOf(
          await analyze(stack(db({ identifier: undefined }), byArn(["arn:aws:rds:*:*:db:orders"]))),
          POLICY,
        ),
      ).toEqual([unverified("identifier")]);
    });

    it("reports unknown entries without recorded dependencies as unverified", async () => {
      expect(findingsOf(await analyze(stack(byArn([UNKNOWN]))), POLICY)).toEqual([
        unverified("resources[0]"),
      ]);
    });
  });

  it("honours notResources", async () => {
    const excluded = selection(
      { resources: ["*"], notResources: [UNKNOWN] },
      { planId: ["plan"], notResources: ["db"] },
    );
    expect(findingsOf(await analyze(stack(excluded)), POLICY)).toEqual([
      ["violation", "mandatory", "db", NOT_SELECTED],
    ]);
  });

  describe("by tags", () => {
    const byTag = (value: string) =>
      selection(
        { resources: undefined, selectionTags: [{ type: "STRINGEQUALS", key: "backup", value }] },
        { planId: ["plan"] },
      );

    it("accepts selectionTags matching the database's tags", async () => {
      expect(findingsOf(await analyze(stack(byTag("daily"))), POLICY)).toEqual([]);
    });

    it("fails selectionTags the database does not carry", async () => {
      expect(findingsOf(await analyze(stack(byTag("weekly"))), POLICY)).toEqual([
        ["violation", "mandatory", "db", NOT_SELECTED],
      ]);
    });

    it("reports unknown tags as unverified", async () => {
      expect(findingsOf(await analyze(stack(db({ tags: UNKNOWN }), byTag("daily"))), POLICY)).toEqual([
        unverified("tags"),
      ]);
    });

    const withConditions = (conditions: unknown[]) =>
      selection({ resources: ["*"], conditions }, { planId: ["plan"] });

    it("applies conditions on top of the resources", async () => {
      const match = withConditions([
        {
          stringEquals: [{ key: "aws:ResourceTag/backup", value: "daily" }],
          stringNotLikes: [{ key: "aws:ResourceTag/team", value: "test*" }],
        },
      ]);
      expect(findingsOf(await analyze(stack(match)), POLICY)).toEqual([]);
      const miss = withConditions([{ stringLikes: [{ key: "aws:ResourceTag/team", value: "bill*" }] }]);
      expect(findingsOf(await analyze(stack(miss)), POLICY)).toEqual([
        ["violation", "mandatory", "db", NOT_SELECTED],
      ]);
    });
  });

  it("fails retention below minimumRetentionDays", async () => {
    expect(findingsOf(await analyze(stack(plan([rule({ lifecycle: { deleteAfter: 7 } })]))), POLICY)).toEqual(
      [["violation", "mandatory", "db", RETENTION(14)]],
    );
  });

  it("fails a rule without lifecycle (no retention policy)", async () => {
    expect(findingsOf(await analyze(stack(plan([rule({ lifecycle: undefined })]))), POLICY)).toEqual([
      ["violation", "mandatory", "db", RETENTION(14)],
    ]);
  });

  it("honours minimumRetentionDays", async () => {
    const config = { all: "mandatory", [POLICY]: { minimumRetentionDays: 40 } };
    expect(findingsOf(await analyze(stack(), { config }), POLICY)).toEqual([
      ["violation", "mandatory", "db", RETENTION(40)],
    ]);
  });

  it("fails a vault without kmsKeyArn", async () => {
    expect(findingsOf(await analyze(stack(vault({ kmsKeyArn: undefined }))), POLICY)).toEqual([
      ["violation", "mandatory", "db", VAULT_KMS],
    ]);
  });

  it("fails a target vault the stack does not declare", async () => {
    expect(
      findingsOf(await analyze(stack(plan([rule({ targetVaultName: "Default" })], {}))), POLICY),
    ).toEqual([["violation", "mandatory", "db", VAULT_KMS]]);
  });

  it("matches the target vault by name", async () => {
    expect(
      findingsOf(await analyze(stack(plan([rule({ targetVaultName: "orders-vault" })], {}))), POLICY),
    ).toEqual([]);
  });

  it("needs one rule with both the retention and the encrypted vault", async () => {
    const plain = vault({ name: "plain-vault", kmsKeyArn: undefined }, "plain");
    const split = plan(
      [
        rule({ targetVaultName: "plain-vault" }),
        rule({ ruleName: "short", targetVaultName: "orders-vault", lifecycle: { deleteAfter: 3 } }),
      ],
      {},
    );
    expect(findingsOf(await analyze(stack(plain, split)), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Give one rule of the backup plan that selects this database both lifecycle.deleteAfter of at least 14 days and an encrypted target vault.",
      ],
    ]);
  });

  it("fails a selection whose plan the stack does not declare", async () => {
    expect(
      findingsOf(await analyze(stack(selection({ planId: "1234-abcd" }, { resources: ["db"] }))), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db",
        "Declare the backup plan that selects this database in the stack, so its retention and vault can be verified.",
      ],
    ]);
  });

  it("covers Aurora clusters", async () => {
    const aurora = spec(CLUSTER, "aurora", {
      engine: "aurora-postgresql",
      clusterIdentifier: "orders-aurora",
    });
    const byArn = selection({ resources: ["arn:aws:rds:*:*:cluster:orders-*"] }, { planId: ["plan"] });
    expect(findingsOf(await analyze([aurora, vault(), plan(), byArn]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([aurora, vault(), plan()]), POLICY)).toEqual([
      ["violation", "mandatory", "aurora", NOT_SELECTED],
    ]);
  });

  it("ignores read replicas", async () => {
    const replica = db({ engine: undefined, replicateSourceDb: "orders" }, "replica");
    expect(findingsOf(await analyze([replica]), POLICY)).toEqual([]);
  });

  it("judges every engine: a MySQL database selected is covered, one left out is not", async () => {
    expect(findingsOf(await analyze(stack(db({ engine: "mysql" }))), POLICY)).toEqual([]);
    const mariadb = db({ engine: "mariadb", identifier: "shop" }, "shop");
    expect(findingsOf(await analyze([...stack(db({ engine: "mysql" })), mariadb]), POLICY)).toEqual([
      ["violation", "mandatory", "shop", NOT_SELECTED],
    ]);
  });

  it("reports a database whose engine is unknown as unverified", async () => {
    expect(findingsOf(await analyze(stack(db({ engine: UNKNOWN }))), POLICY)).toEqual([unverified("engine")]);
  });

  it("reports unknowns in the plan as unverified", async () => {
    expect(
      findingsOf(await analyze(stack(plan([rule({ lifecycle: { deleteAfter: UNKNOWN } })]))), POLICY),
    ).toEqual([unverified("rules[0].lifecycle.deleteAfter")]);
    expect(findingsOf(await analyze(stack(plan([rule()], {}))), POLICY)).toEqual([
      unverified("rules[0].targetVaultName"),
    ]);
    expect(findingsOf(await analyze(stack(selection({}, { resources: ["db"] }))), POLICY)).toEqual([
      unverified("planId"),
    ]);
  });

  it("does not throw on malformed input", async () => {
    const odd = plan([null, 5, { lifecycle: "x", targetVaultName: 3 }], {});
    expect(
      findingsOf(
        await analyze(
          stack(odd, selection({ conditions: [null, { stringEquals: "x" }], selectionTags: [7] })),
        ),
        POLICY,
      ),
    ).toEqual([
      ["violation", "mandatory", "db", RETENTION(14)],
      ["violation", "mandatory", "db", VAULT_KMS],
    ]);
  });
});
