/**
 * No policy echoes a secret: distinctive canary values, plain and in Pulumi secret envelopes, in
 * environment variables, passwords, URLs with credentials, known token formats and policy JSON, are
 * planted across every resource type the pack routes (at every property its policies read, and in
 * documents there); no finding's message or description may contain any of them.
 */
import { analyze, ResourceSpec, secret } from "../helpers/pack";
import { djangoContainer, nextjsContainer, task, withEnv } from "./app/fixtures";
import { ALL_TYPE_TOKENS, EXTRA_TYPE_TOKENS, KEYS_BY_TYPE } from "./pack-inputs";

/** Every canary carries this marker (case-insensitively), so one search finds any of them. */
const MARKER = "q7f3a9cz";

const CANARIES = [
  `canary-${MARKER}-plain`,
  `postgres://app:${MARKER}-pw@db.internal:5432/app`,
  `https://hooks.example.com/notify?token=${MARKER}`,
  `AKIA${MARKER.toUpperCase()}00000000`,
  `${MARKER}AbCdEfGhIjKlMnOpQrStUvWxYz012345`,
  `-----BEGIN RSA PRIVATE KEY-----\n${MARKER}\n-----END RSA PRIVATE KEY-----`,
  `ghp_${MARKER}0123456789abcdefghijklmnopqr`,
  `xoxb-${MARKER}-1234567890`,
  `sk_live_${MARKER}01234567`,
  `http://${MARKER}.local:8000`,
  `${MARKER}, *, http://${MARKER}.example.com`,
];

const canary = (i: number) => CANARIES[i % CANARIES.length];

/** Names a message may legitimately echo (a resource's own identifiers), so no canary is planted there. */
const isIdentifier = (key: string) =>
  /^(name|namePrefix|family|bucket|id|arn|identifier)$|(Name|Identifier|Id|Arn)$/.test(key) ||
  /^[A-Z0-9_]+$/.test(key);

/** A canary in one of the forms a property can hold: plain, secret, a list, an object, a JSON document. */
function planted(keys: readonly string[], seed: number): unknown {
  const key = (offset: number) => keys[(seed + offset) % keys.length];
  const forms = [
    canary(seed),
    secret(canary(seed)),
    [canary(seed), secret(canary(seed + 1))],
    { [key(1)]: canary(seed), [key(2)]: { [key(3)]: secret(canary(seed + 1)) } },
    JSON.stringify({ [key(1)]: canary(seed), [key(2)]: [canary(seed + 1)] }),
    JSON.stringify([{ [key(1)]: canary(seed), environment: [{ name: key(2), value: canary(seed + 1) }] }]),
  ];
  return forms[seed % forms.length];
}

function everywhere(round: number): ResourceSpec[] {
  return [...ALL_TYPE_TOKENS, ...EXTRA_TYPE_TOKENS].map((type, i) => {
    const keys = KEYS_BY_TYPE.get(type)!;
    const props = Object.fromEntries(
      keys.filter((key) => !isIdentifier(key)).map((key, j) => [key, planted(keys, i * 7 + j + round)]),
    );
    return { type, name: `r${i}`, props };
  });
}

/** Resources as a real program writes them, with canaries where secrets and settings go. */
function realistic(): ResourceSpec[] {
  const django = withEnv(djangoContainer({ user: canary(0), image: canary(1) }), {
    DEBUG: canary(0),
    ALLOWED_HOSTS: canary(10),
    CORS_ALLOWED_ORIGINS: canary(10),
    CSRF_TRUSTED_ORIGINS: canary(9),
    DATABASE_URL: canary(1),
    SECRET_KEY: canary(0),
    UPSTREAM: canary(3),
    AWS_SECRET_ACCESS_KEY: canary(4),
    LOG_LEVEL: canary(0),
    SENTRY_DSN: canary(2),
  });
  const nextjs = withEnv(
    nextjsContainer({ logConfiguration: { logDriver: canary(0), options: { "awslogs-group": canary(0) } } }),
    {
      NEXT_PUBLIC_APP_URL: canary(9),
      NEXT_PUBLIC_DJANGO_API: canary(2),
      NEXTAUTH_URL: canary(0),
      NEXTAUTH_SECRET: canary(6),
      NODE_ENV: canary(0),
      GITHUB: canary(6),
    },
  );
  const policyDocument = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: canary(0) },
        Action: "s3:GetObject",
        Resource: canary(1),
        Condition: { StringEquals: { "aws:Referer": canary(7) } },
      },
    ],
  });
  const taskDefinition = task([django, nextjs]);
  return [
    taskDefinition,
    {
      ...task([django]),
      name: "secret-task",
      props: {
        ...task([django]).props,
        containerDefinitions: secret(task([django]).props.containerDefinitions),
      },
    },
    {
      type: "aws:rds/instance:Instance",
      name: "db",
      props: {
        engine: canary(2),
        password: canary(0),
        username: canary(0),
        backupRetentionPeriod: canary(0),
      },
    },
    {
      type: "aws:rds/cluster:Cluster",
      name: "aurora",
      props: {
        engine: "aurora-postgresql",
        masterPassword: secret(canary(1)),
        masterUsername: secret(canary(0)),
      },
    },
    {
      type: "aws:secretsmanager/secret:Secret",
      name: "db-credentials",
      props: { description: canary(1), recoveryWindowInDays: 0 },
    },
    {
      type: "aws:secretsmanager/secretVersion:SecretVersion",
      name: "db-credentials-v",
      props: { secretString: secret(JSON.stringify({ url: canary(1) })) },
    },
    { type: "aws:ssm/parameter:Parameter", name: "param", props: { type: "String", value: canary(5) } },
    { type: "aws:iam/policy:Policy", name: "policy", props: { policy: policyDocument } },
    {
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "bucket-policy",
      props: { bucket: "media", policy: policyDocument },
    },
    {
      type: "aws:lambda/function:Function",
      name: "fn",
      props: { environment: { variables: { DATABASE_URL: canary(1), TOKEN: secret(canary(8)) } } },
    },
    {
      type: "aws:ec2/instance:Instance",
      name: "bastion",
      props: { userData: `#!/bin/sh\nexport PGPASSWORD=${canary(0)}\ncurl ${canary(2)}\n` },
    },
    {
      type: "pulumi:providers:postgresql",
      name: "pg",
      props: { host: canary(0), password: secret(canary(0)), sslmode: canary(0), superuser: canary(0) },
    },
    {
      type: "postgresql:index/role:Role",
      name: "app-role",
      props: { name: "app", password: canary(0), login: canary(0) },
    },
    {
      type: "aws:ecs/service:Service",
      name: "api",
      props: {
        taskDefinition: "app",
        desiredCount: canary(0),
        deploymentCircuitBreaker: { enable: canary(0), rollback: canary(0) },
      },
      refs: { taskDefinition: ["app"] },
    },
  ];
}

describe("no policy echoes a secret", () => {
  it.each([
    ["realistic resources at preview", () => realistic(), true],
    ["realistic resources at deploy", () => realistic(), false],
    ["canaries at every property of every type", () => everywhere(0), true],
    ["canaries at every property of every type, rotated", () => everywhere(3), false],
  ])("%s", async (_case, specs, dryRun) => {
    const result = await analyze(specs(), { dryRun });
    const leaks = result.findings
      .filter((f) => `${f.message}\n${f.description}`.toLowerCase().includes(MARKER))
      .map((f) => `${f.policyName} on ${f.resourceName}: ${f.message}`);
    expect(leaks).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it("did look at the canaries: the secret policies report them (by kind, not value)", async () => {
    const result = await analyze(realistic());
    const policiesReporting = new Set(
      result.findings.filter((f) => f.category === "violation").map((f) => f.policyName),
    );
    expect([...policiesReporting]).toEqual(
      expect.arrayContaining([
        "no-plaintext-secrets",
        "ecs-no-plaintext-secrets",
        "django-production-settings",
        "nextjs-production-settings",
      ]),
    );
  });
});
