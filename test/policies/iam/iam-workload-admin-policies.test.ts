import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "iam-workload-admin-policies";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const MANAGED_POLICY = "aws:iam/policy:Policy";

const trust = (service: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
const role = (changes: Record<string, unknown> = {}) =>
  spec(
    ROLE,
    "task-role",
    { name: "orders-task", assumeRolePolicy: trust("ecs-tasks.amazonaws.com") },
    changes,
  );
const attach = (policyArn: string, name = "attach") =>
  spec(ATTACHMENT, name, { role: UNKNOWN, policyArn }, {}, { role: ["task-role"] });
const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe(POLICY, () => {
  it("passes workload roles with scoped service-role policies", async () => {
    const result = await analyze([
      role({ managedPolicyArns: [aws("service-role/AmazonECSTaskExecutionRolePolicy")] }),
      attach(aws("service-role/AWSLambdaBasicExecutionRole")),
    ]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it.each([
    ["AdministratorAccess", aws("AdministratorAccess")],
    ["PowerUserAccess", aws("PowerUserAccess")],
    ["AmazonDynamoDBFullAccess", aws("AmazonDynamoDBFullAccess")],
  ])("fails %s attached with a RolePolicyAttachment", async (name, arn) => {
    expect(findingsOf(await analyze([role(), attach(arn)]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "task-role",
        `Detach the AWS-managed ${name} policy (aws.iam.RolePolicyAttachment attach) from this role: ecs-tasks.amazonaws.com assumes it, so workload code holds administrator or full-service access. Attach a policy scoped to the actions and resources it needs.`,
      ],
    ]);
  });

  it("fails managedPolicyArns and the exclusive attachments resource, joined by role name", async () => {
    const exclusive = spec(
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
      "exclusive",
      {
        roleName: "orders-task",
        policyArns: [aws("AmazonS3FullAccess")],
      },
    );
    const result = await analyze([
      role({
        assumeRolePolicy: trust("lambda.amazonaws.com"),
        managedPolicyArns: [aws("AdministratorAccess")],
      }),
      exclusive,
    ]);
    expect(findingsOf(result, POLICY).map((finding) => finding[3].split(":")[0])).toEqual([
      "Detach the AWS-managed AdministratorAccess policy (managedPolicyArns) from this role",
      "Detach the AWS-managed AmazonS3FullAccess policy (aws.iam.RolePolicyAttachmentsExclusive exclusive) from this role",
    ]);
  });

  it("passes roles no workload assumes, break-glass roles and customer-managed policies", async () => {
    const ciRole = role({ assumeRolePolicy: trust("codebuild.amazonaws.com") });
    expect(findingsOf(await analyze([ciRole, attach(aws("AdministratorAccess"))]), POLICY)).toEqual([]);
    const config = { all: "mandatory", [POLICY]: { breakGlassRoles: ["orders-*"] } };
    expect(
      findingsOf(await analyze([role(), attach(aws("AdministratorAccess"))], { config }), POLICY),
    ).toEqual([]);
    const customer = spec(MANAGED_POLICY, "custom", { policy: "{}", arn: UNKNOWN });
    const toCustomer = spec(
      ATTACHMENT,
      "attach",
      { role: UNKNOWN, policyArn: UNKNOWN },
      {},
      {
        role: ["task-role"],
        policyArn: ["custom"],
      },
    );
    expect(findingsOf(await analyze([role(), customer, toCustomer]), POLICY)).toEqual([]);
  });

  it("judges roles of services added in config", async () => {
    const config = { all: "mandatory", [POLICY]: { workloadServices: ["batch.amazonaws.com"] } };
    const batch = role({ assumeRolePolicy: trust("batch.amazonaws.com") });
    expect(
      findingsOf(await analyze([batch, attach(aws("AdministratorAccess"))], { config }), POLICY),
    ).toHaveLength(1);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([role(), attach(UNKNOWN)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "task-role",
        "[unverified at preview] aws.iam.RolePolicyAttachment attach.policyArn is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      findingsOf(
        await analyze([role({ assumeRolePolicy: UNKNOWN }), attach(aws("AdministratorAccess"))]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "task-role",
        "[unverified at preview] assumeRolePolicy is not known until deploy; enforced at deploy.",
      ],
    ]);
    // An unknown trust policy alone does not matter when no administrator policy is attached.
    expect(findingsOf(await analyze([role({ assumeRolePolicy: UNKNOWN })]), POLICY)).toEqual([]);
  });

  it("does not throw on malformed input", async () => {
    const odd = role({ assumeRolePolicy: "{", managedPolicyArns: [null, 5, aws("AdministratorAccess")] });
    expect(findingsOf(await analyze([odd]), POLICY)).toEqual([]);
    const oddTrust = role({
      assumeRolePolicy: JSON.stringify({ Statement: { Effect: "Allow", Principal: "*" } }),
      managedPolicyArns: [aws("AdministratorAccess")],
    });
    expect(findingsOf(await analyze([oddTrust]), POLICY)).toEqual([]);
  });
});
