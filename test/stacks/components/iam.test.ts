import { serviceTrustPolicy } from "../../../stacks/components/iam";

describe("serviceTrustPolicy", () => {
  test("one service may assume the role, nothing else", () => {
    expect(JSON.parse(serviceTrustPolicy({ service: "backup.amazonaws.com" }))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
  });

  test("with a source account, only on behalf of that account (no confused deputy)", () => {
    const policy = JSON.parse(
      serviceTrustPolicy({ service: "ecs-tasks.amazonaws.com", sourceAccount: "123456789012" }),
    );
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  test("refuses what is not a service principal or not an account id", () => {
    expect(() => serviceTrustPolicy({ service: "arn:aws:iam::123456789012:root" })).toThrow(
      "A trust policy names a service principal such as ecs-tasks.amazonaws.com; got arn:aws:iam::123456789012:root.",
    );
    expect(() => serviceTrustPolicy({ service: "ecs-tasks.amazonaws.com", sourceAccount: "12345" })).toThrow(
      "A trust policy's sourceAccount is a 12-digit AWS account id; got 12345.",
    );
  });
});
