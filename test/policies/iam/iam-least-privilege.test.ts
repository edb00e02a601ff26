import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "iam-least-privilege";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const MANAGED_POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

const document = (...statements: unknown[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });
const scoped = {
  Effect: "Allow",
  Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
  Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
};
const trust = document({
  Effect: "Allow",
  Principal: { Service: "lambda.amazonaws.com" },
  Action: "sts:AssumeRole",
});
const role = (changes: Record<string, unknown> = {}) =>
  spec(ROLE, "api-role", { name: "orders-api", assumeRolePolicy: trust }, changes);
const rolePolicy = (policy: unknown, name = "api-policy") =>
  spec(ROLE_POLICY, name, { role: UNKNOWN, policy }, {}, { role: ["api-role"] });

describe(POLICY, () => {
  it("passes scoped documents in every place a document can be", async () => {
    const result = await analyze([
      role({ inlinePolicies: [{ name: "read", policy: document(scoped) }] }),
      rolePolicy(document(scoped, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
      spec(MANAGED_POLICY, "managed", { policy: document(scoped) }),
      spec("aws:iam/userPolicy:UserPolicy", "user-policy", { user: "ci", policy: document(scoped) }),
      // A Deny of everything is not a grant.
      spec("aws:iam/groupPolicy:GroupPolicy", "group-policy", {
        group: "ops",
        policy: document({ Effect: "Deny", Action: "*", Resource: "*" }),
      }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it.each([
    ["Action *", { Effect: "Allow", Action: "*", Resource: "*" }, "allows * on every resource"],
    [
      "service:*",
      { Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: ["*"] },
      "allows s3:* on every resource",
    ],
    [
      "NotAction",
      { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      "allows every action NotAction does not list on every resource",
    ],
    [
      "NotResource",
      { Effect: "Allow", Action: "dynamodb:*", NotResource: "arn:aws:dynamodb:*:*:table/audit" },
      "allows dynamodb:* on every resource",
    ],
  ])("fails a role policy whose statement allows %s on every resource", async (_case, statement, text) => {
    expect(findingsOf(await analyze([role(), rolePolicy(document(scoped, statement))]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "api-policy",
        `Scope this role policy's document: Statement[1] ${text}; list the actions and resource ARNs the workload needs.`,
      ],
    ]);
  });

  it("reads a single statement object, an object document and inline role policies", async () => {
    const admin = { Effect: "Allow", Action: "*", Resource: "*" };
    const result = await analyze([
      role({
        inlinePolicies: [
          { name: "ok", policy: document(scoped) },
          { name: "admin", policy: JSON.stringify({ Statement: admin }) },
        ],
      }),
      spec(MANAGED_POLICY, "managed", { policy: { Version: "2012-10-17", Statement: [admin] } }),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "managed",
        "Scope this policy's document: Statement[0] allows * on every resource; list the actions and resource ARNs the workload needs.",
      ],
      [
        "violation",
        "mandatory",
        "api-role",
        "Scope the inline policy inlinePolicies[1].policy of this role: Statement allows * on every resource; list the actions and resource ARNs the workload needs.",
      ],
    ]);
  });

  it("exempts break-glass roles, their role policies and managed policies attached only to them", async () => {
    const admin = document({ Effect: "Allow", Action: "*", Resource: "*" });
    const breakGlass = spec(ROLE, "break-glass", {
      name: "ops-break-glass",
      inlinePolicies: [{ name: "a", policy: admin }],
    });
    const onBreakGlass = spec(ROLE_POLICY, "bg-policy", { role: "ops-break-glass", policy: admin });
    const managed = spec(MANAGED_POLICY, "admin", { policy: admin, arn: UNKNOWN });
    const attach = (name: string, roleName: string) =>
      spec(ATTACHMENT, name, { role: roleName, policyArn: UNKNOWN }, {}, { policyArn: ["admin"] });
    const config = { all: "mandatory", [POLICY]: { breakGlassRoles: ["*-break-glass"] } };
    expect(
      findingsOf(
        await analyze([breakGlass, onBreakGlass, managed, attach("attach-bg", "ops-break-glass")], {
          config,
        }),
        POLICY,
      ),
    ).toEqual([]);
    // Attached to a workload role as well: judged.
    expect(
      findingsOf(
        await analyze([managed, attach("attach-bg", "ops-break-glass"), attach("attach-api", "orders-api")], {
          config,
        }),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "admin",
        "Scope this policy's document: Statement[0] allows * on every resource; list the actions and resource ARNs the workload needs.",
      ],
    ]);
    // Without configuration nothing is a break-glass role.
    expect(findingsOf(await analyze([breakGlass]), POLICY)).toHaveLength(1);
  });

  it("fails a document that is not JSON", async () => {
    expect(findingsOf(await analyze([role(), rolePolicy("{not json")]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "api-policy",
        "Fix this role policy's document: it is not a JSON policy document, so its grants cannot be verified.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([role(), rolePolicy(UNKNOWN)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api-policy",
        "[unverified at preview] policy is not known until deploy; enforced at deploy.",
      ],
    ]);
    const partlyKnown = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:*", Resource: UNKNOWN }],
    };
    expect(
      findingsOf(await analyze([spec(MANAGED_POLICY, "managed", { policy: partlyKnown })]), POLICY),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "managed",
        "[unverified at preview] policy.Statement[0].Resource is not known until deploy; enforced at deploy.",
      ],
    ]);
    // An unknown resource with a scoped action is not a broad grant.
    const scopedUnknown = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }] };
    expect(
      findingsOf(await analyze([spec(MANAGED_POLICY, "managed", { policy: scopedUnknown })]), POLICY),
    ).toEqual([]);
  });

  it("does not throw on malformed statements", async () => {
    const odd = JSON.stringify({
      Statement: [null, 3, { Effect: 5 }, { Effect: "Allow", Action: [null, 7], Resource: {} }],
    });
    expect(
      findingsOf(await analyze([rolePolicy(odd), role({ inlinePolicies: [null, { name: "x" }] })]), POLICY),
    ).toEqual([]);
  });
});
