import { analyze, findingsOf, ResourceSpec, secret, UNKNOWN } from "../../helpers/pack";

const POLICY = "no-plaintext-secrets";
const LAMBDA = "aws:lambda/function:Function";
const AKIA = "AKIAIOSFODNN7EXAMPLE";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const fails = (name: string, kind: string, path: string) => [
  "violation",
  "mandatory",
  name,
  `Remove the value that looks like ${kind} at ${path}: keep it in Secrets Manager (or a Pulumi secret) and pass a reference instead.`,
];
const lambda = (variables: Record<string, unknown>): ResourceSpec => ({
  type: LAMBDA,
  name: "fn",
  props: { runtime: "python3.12", handler: "app.handler", role: UNKNOWN, environment: { variables } },
});
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config: { all: "mandatory", [POLICY]: config } } : {}), POLICY);

describe(POLICY, () => {
  it("passes resources without literal secrets, references and unknowns included", async () => {
    const specs: ResourceSpec[] = [
      lambda({
        DATABASE_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
        API_URL: "https://api.example.com",
        TOKEN: UNKNOWN,
      }),
      {
        type: "aws:rds/instance:Instance",
        name: "db",
        props: { engine: "postgres", username: "app", password: UNKNOWN, tags: { Team: "platform" } },
      },
      {
        type: "aws:s3/bucket:Bucket",
        name: "media",
        props: { bucket: "media", tags: { Commit: "0123456789abcdef0123456789abcdef01234567" } },
      },
    ];
    expect(await run(specs)).toEqual([]);
  });

  it.each<[string, string]>([
    ["credentials in a URL", "postgres://app:hunter2-but-longer@db.internal:5432/app"],
    ["credentials in a URL", "https://hooks.example.com/notify?password=hunter2"],
    [
      "a private key",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----",
    ],
    ["a GitHub token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"],
    ["a Slack token", "xoxp-1234567890-0987654321-abcdef"],
    ["a Stripe live secret key", "rk_live_0123456789abcdefABCDEF"],
  ])("fails %s in any input, without echoing it", async (kind, value) => {
    const result = await analyze([lambda({ SETTING: value })]);
    expect(findingsOf(result, POLICY)).toEqual([fails("fn", kind, "environment.variables.SETTING")]);
    expect(JSON.stringify(result.findings)).not.toContain(value.slice(0, 12));
  });

  it("fails an AWS access key pair: the id alone, and the secret next to it", async () => {
    expect(await run([lambda({ AWS_ACCESS_KEY_ID: AKIA, AWS_SECRET_ACCESS_KEY: AWS_SECRET })])).toEqual([
      [
        "violation",
        "mandatory",
        "fn",
        "Remove the 2 values that look like secrets at environment.variables.AWS_ACCESS_KEY_ID (an AWS access key id) and environment.variables.AWS_SECRET_ACCESS_KEY (an AWS secret access key): keep them in Secrets Manager (or a Pulumi secret) and pass references instead.",
      ],
    ]);
  });

  it("does not take a 40-character token for an AWS secret key without an access key id", async () => {
    expect(await run([lambda({ CHECKSUM: AWS_SECRET })])).toEqual([]);
  });

  it("still sees a value passed as a Pulumi secret (Analyze unwraps secrets)", async () => {
    expect(await run([lambda({ SETTING: secret("postgres://app:hunter2-but-longer@db:5432/app") })])).toEqual(
      [fails("fn", "credentials in a URL", "environment.variables.SETTING")],
    );
  });

  it("walks JSON documents held in strings, for precise paths", async () => {
    const taskDefinition: ResourceSpec = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "app",
      props: {
        family: "app",
        containerDefinitions: JSON.stringify([
          { name: "web", environment: [{ name: "GH", value: "ghp_0123456789abcdefghijklmnopqrstuvwxyz" }] },
        ]),
      },
    };
    expect(await run([taskDefinition])).toEqual([
      fails("app", "a GitHub token", "containerDefinitions(json)[0].environment[0].value"),
    ]);
  });

  it("covers resources of every type, user data and tags included", async () => {
    const instance: ResourceSpec = {
      type: "aws:ec2/instance:Instance",
      name: "bastion",
      props: {
        ami: "ami-123",
        userData: "#!/bin/sh\nexport SLACK=xoxb-1234567890-abcdefghij\n",
        tags: { Name: "bastion" },
      },
    };
    const customType: ResourceSpec = {
      type: "acme:index/widget:Widget",
      name: "widget",
      props: { settings: [{ key: "sk_live_0123456789abcdefABCDEF" }] },
    };
    expect(await run([instance, customType])).toEqual([
      fails("widget", "a Stripe live secret key", "settings[0].key"),
      fails("bastion", "a Slack token", "userData"),
    ]);
  });

  it("does not echo a key that is itself shaped like a secret", async () => {
    const bucket: ResourceSpec = {
      type: "aws:s3/bucket:Bucket",
      name: "media",
      props: { tags: { ghp_0123456789abcdefghijklmnopqrstuvwxyz: "x" } },
    };
    expect(await run([bucket])).toEqual([]);
    bucket.props.tags = {
      ghp_0123456789abcdefghijklmnopqrstuvwxyz: "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
    };
    expect(await run([bucket])).toEqual([fails("media", "a GitHub token", "tags[<key>]")]);
  });

  it("passes placeholders and masked passwords in URLs", async () => {
    const variables = {
      A: "postgres://app:${DB_PASSWORD}@db:5432/app",
      B: "postgres://app:{{password}}@db/app",
      C: "https://user:****@example.com",
      D: "redis://cache:6379/0",
    };
    expect(await run([lambda(variables)])).toEqual([]);
  });

  it("skips the inputs whose purpose is to hold a secret, and provider resources", async () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
    const specs: ResourceSpec[] = [
      {
        type: "aws:secretsmanager/secretVersion:SecretVersion",
        name: "v",
        props: {
          secretId: UNKNOWN,
          secretString: JSON.stringify({ url: "postgres://app:pw-literal@db/app" }),
        },
      },
      { type: "aws:ssm/parameter:Parameter", name: "p", props: { type: "SecureString", value: pem } },
      {
        type: "aws:acm/certificate:Certificate",
        name: "cert",
        props: { privateKey: pem, certificateBody: "-----BEGIN CERTIFICATE-----" },
      },
      {
        type: "pulumi:providers:aws",
        name: "default",
        props: { region: "eu-west-1", accessKey: AKIA, secretKey: AWS_SECRET },
      },
    ];
    expect(await run(specs)).toEqual([]);
  });

  it("fails a secret in a plain String SSM parameter", async () => {
    const parameter: ResourceSpec = {
      type: "aws:ssm/parameter:Parameter",
      name: "p",
      props: { type: "String", value: "xoxb-1234567890-abcdefghij" },
    };
    expect(await run([parameter])).toEqual([fails("p", "a Slack token", "value")]);
  });

  it("honours secretInputs from config", async () => {
    const config = { secretInputs: { [LAMBDA]: ["environment"] } };
    expect(await run([lambda({ SETTING: "xoxb-1234567890-abcdefghij" })], config)).toEqual([]);
  });

  it("adds configured secretInputs to the defaults instead of replacing them", async () => {
    const slack = "xoxb-1234567890-abcdefghij";
    const version: ResourceSpec = {
      type: "aws:secretsmanager/secretVersion:SecretVersion",
      name: "v",
      props: { secretId: UNKNOWN, secretString: slack, secretBinary: slack },
    };
    const instance: ResourceSpec = {
      type: "aws:rds/instance:Instance",
      name: "db",
      props: { password: slack, username: slack },
    };
    // A new type, and a new input for a type the defaults already list.
    const config = {
      secretInputs: { [LAMBDA]: ["environment"], "aws:rds/instance:Instance": ["username"] },
    };
    expect(await run([lambda({ SETTING: slack }), version, instance], config)).toEqual([]);
    // The same resources without the config: the defaults alone skip the SecretVersion and the password.
    expect(await run([lambda({ SETTING: slack }), version, instance])).toEqual([
      fails("fn", "a Slack token", "environment.variables.SETTING"),
      fails("db", "a Slack token", "username"),
    ]);
  });

  it("reports one finding per resource, naming at most ten values and counting the rest", async () => {
    const variables = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`V${String(i).padStart(2, "0")}`, "xoxb-1234567890-abcdefghij"]),
    );
    const named = Array.from({ length: 10 }, (_, i) => `environment.variables.V0${i} (a Slack token)`);
    expect(await run([lambda(variables)])).toEqual([
      [
        "violation",
        "mandatory",
        "fn",
        `Remove the 12 values that look like secrets at ${named.join(", ")} and 2 more: keep them in Secrets Manager (or a Pulumi secret) and pass references instead.`,
      ],
    ]);
  });
});
