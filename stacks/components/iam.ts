// Trust policies of the service roles: one shape for every tier, so a confused-deputy condition is
// added the same way wherever the service supports it.

/**
 * The trust policy that lets one AWS service assume a role. With `sourceAccount`, only on behalf of
 * that account (aws:SourceAccount), so another account's resources cannot use the role.
 */
export function serviceTrustPolicy(input: { service: string; sourceAccount?: string }): string {
  if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(input.service))
    throw new Error(
      `A trust policy names a service principal such as ecs-tasks.amazonaws.com; got ${input.service}.`,
    );
  if (input.sourceAccount !== undefined && !/^\d{12}$/.test(input.sourceAccount))
    throw new Error(
      `A trust policy's sourceAccount is a 12-digit AWS account id; got ${input.sourceAccount}.`,
    );
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: input.service },
        Action: "sts:AssumeRole",
        ...(input.sourceAccount
          ? { Condition: { StringEquals: { "aws:SourceAccount": input.sourceAccount } } }
          : {}),
      },
    ],
  });
}
