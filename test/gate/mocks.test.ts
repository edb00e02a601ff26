/**
 * The capture's answers, without running a program: the built-in data-source table, the --mocks
 * file (schema, matching, the snippet printed for what is unanswered) and deploy-mode outputs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { builtInAnswer } from "../../gate/capture/data-sources";
import { deployOutputs, valueByName } from "../../gate/capture/computed-outputs";
import { answerInvoke, loadMocksFile, mocksSnippet } from "../../gate/capture/mocks-file";
import { emptyUnanswered, invoke, MockContext, newResource } from "../../gate/capture/mocks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-mocks-"));
function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

function context(overrides: Partial<MockContext> = {}): MockContext {
  return {
    preview: false,
    region: "eu-west-1",
    answers: {},
    declaredOutputs: () => [],
    unanswered: emptyUnanswered(),
    ...overrides,
  };
}

describe("the built-in data-source table", () => {
  it("computes a policy document from its arguments", () => {
    const answer = builtInAnswer({ region: "eu-west-1" }, "aws:iam/getPolicyDocument:getPolicyDocument", {
      statements: [
        {
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::b/*"],
          principals: [{ type: "*", identifiers: ["*"] }],
        },
      ],
    });
    expect(JSON.parse(answer!.json as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"], Principal: "*" },
      ],
    });
  });

  it("answers engine versions, zones and public parameters from their arguments", () => {
    const region = { region: "ap-southeast-2" };
    expect(
      builtInAnswer(region, "aws:rds/getEngineVersion:getEngineVersion", {
        engine: "mysql",
        version: "8.0.36",
      }),
    ).toMatchObject({ version: "8.0.36", parameterGroupFamily: "mysql8.0" });
    expect(builtInAnswer(region, "aws:index/getAvailabilityZones:getAvailabilityZones", {})).toMatchObject({
      names: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"],
      zoneIds: ["apse2-az1", "apse2-az2", "apse2-az3"],
    });
    expect(
      builtInAnswer(region, "aws:ssm/getParameter:getParameter", {
        name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      })?.value,
    ).toMatch(/^ami-0[0-9a-f]{16}$/);
  });

  it("does not invent what only the account knows", () => {
    expect(
      builtInAnswer({ region: "eu-west-1" }, "aws:ssm/getParameter:getParameter", { name: "/app/db" }),
    ).toBe(undefined);
    expect(
      builtInAnswer({ region: "eu-west-1" }, "aws:secretsmanager/getSecretVersion:getSecretVersion", {
        secretId: "x",
      }),
    ).toBe(undefined);
    expect(
      builtInAnswer({ region: "eu-west-1" }, "aws:cloudfront/getCachePolicy:getCachePolicy", {
        name: "mine",
      }),
    ).toBe(undefined);
  });
});

describe("the --mocks file", () => {
  it("answers invokes by token, matching on the arguments it names", () => {
    const mocks = loadMocksFile(
      file(
        "answers.yaml",
        [
          "invokes:",
          "  aws:ssm/getParameter:getParameter:",
          "    - args: { name: /app/a }",
          "      result: { value: first }",
          "    - result: { value: any-other }",
        ].join("\n"),
      ),
    );
    expect(answerInvoke(mocks, "aws:ssm/getParameter:getParameter", { name: "/app/a" })).toEqual({
      value: "first",
    });
    expect(answerInvoke(mocks, "aws:ssm/getParameter:getParameter", { name: "/app/b" })).toEqual({
      value: "any-other",
    });
    // The file's answer wins over the table; what neither answers is recorded and answered empty.
    const ctx = context({
      answers: { invokes: { "aws:index/getRegion:getRegion": [{ result: { name: "mine" } }] } },
    });
    expect(invoke(ctx, "aws:index/getRegion:getRegion", {})).toEqual({ name: "mine" });
    expect(invoke(ctx, "aws:kms/getKey:getKey", { keyId: "alias/app" })).toEqual({});
    expect(invoke(ctx, "aws:kms/getKey:getKey", { keyId: "alias/app" })).toEqual({});
    expect(ctx.unanswered.invokes).toEqual([
      { token: "aws:kms/getKey:getKey", args: { keyId: "alias/app" } },
    ]);
  });

  it("reads JSON too, and gives stack references and resource outputs", () => {
    const mocks = loadMocksFile(
      file(
        "answers.json",
        JSON.stringify({
          stackReferences: { "acme/net/prod": { outputs: { vpcId: "vpc-1" } } },
          resources: { "aws:eks/cluster:Cluster": { outputs: { endpoint: "https://mine" } } },
        }),
      ),
    );
    const ctx = context({ answers: mocks });
    expect(
      newResource(ctx, {
        type: "pulumi:pulumi:StackReference",
        name: "net",
        inputs: { name: "acme/net/prod" },
      }).state,
    ).toEqual({ name: "acme/net/prod", outputs: { vpcId: "vpc-1" }, secretOutputNames: [] });
    expect(newResource(ctx, { type: "aws:eks/cluster:Cluster", name: "k", inputs: {} }).state.endpoint).toBe(
      "https://mine",
    );
    expect(ctx.unanswered.stackReferences).toEqual([]);
  });

  it.each([
    [
      "missing.yaml",
      undefined,
      /the mocks file .*missing\.yaml does not exist or cannot be read; fix --mocks/,
    ],
    ["bad.yaml", "invokes: [unclosed", /is not valid YAML or JSON \(.*\); fix the file/],
    [
      "unknown-key.yaml",
      "stacks: {}",
      /the top level has an unknown key "stacks"; see "The mocks file" in docs\/gate\.md/,
    ],
    [
      "no-result.yaml",
      "invokes:\n  aws:ssm/getParameter:getParameter:\n    - args: { name: x }\n",
      /\/invokes\/aws:ssm\/getParameter:getParameter\/0 must have required property 'result'/,
    ],
    [
      "bad-token.yaml",
      "invokes:\n  getVpc: []\n",
      /\/invokes has a key "getVpc" that is not a type token like aws:ec2\/getVpc:getVpc/,
    ],
    ["not-object.yaml", "resources:\n  aws:s3/bucket:Bucket:\n    outputs: 3\n", /outputs must be object/],
  ])("rejects %s with one line naming what is wrong", (name, text, message) => {
    const target = text === undefined ? path.join(dir, name) : file(name, text);
    expect(() => loadMocksFile(target)).toThrow(message);
    try {
      loadMocksFile(target);
    } catch (error) {
      expect((error as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("prints a snippet that is itself a valid mocks file once its TODOs are filled", () => {
    const snippet = mocksSnippet({
      stackReferences: [{ stack: "acme/network/prod", outputs: ["vpcId", "privateSubnetIds"] }],
      invokes: [
        { token: "aws:ssm/getParameter:getParameter", args: { name: "/batch/queue-url" } },
        { token: "aws:kms/getKey:getKey", args: {} },
      ],
    });
    expect(yaml.load(snippet)).toEqual({
      stackReferences: { "acme/network/prod": { outputs: { vpcId: "TODO", privateSubnetIds: "TODO" } } },
      invokes: {
        "aws:ssm/getParameter:getParameter": [
          { args: { name: "/batch/queue-url" }, result: { value: "TODO" } },
        ],
        "aws:kms/getKey:getKey": [{ result: { TODO: "the fields the program reads" } }],
      },
    });
    // Loaded as written (toBeTruthy() passed for the {} an empty file loads as).
    const filled = snippet.replace(/TODO/g, "filled");
    expect(loadMocksFile(file("snippet.yaml", filled))).toEqual(yaml.load(filled));
    expect(Object.keys(loadMocksFile(file("snippet.yaml", filled)))).toEqual(["stackReferences", "invokes"]);
  });
});

describe("deploy-mode outputs", () => {
  const declared = [
    "arn",
    "endpoint",
    "certificateAuthority",
    "identities",
    "vpcConfig",
    "tagsAll",
    "clusterId",
  ];

  it("gives an EKS cluster a URL endpoint and base64 PEM certificate data", () => {
    const outputs = deployOutputs(
      "aws:eks/cluster:Cluster",
      "main",
      { tags: { team: "x" } },
      declared,
      "us-east-1",
    );
    expect(outputs.endpoint).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
    const pem = Buffer.from((outputs.certificateAuthority as { data: string }).data, "base64").toString();
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(outputs.arn).toMatch(/^arn:aws:eks:us-east-1:123456789012:cluster\/main-[0-9a-f]{7}$/);
    expect(outputs.tagsAll).toEqual({ team: "x" });
    for (const name of declared) expect(outputs[name]).toBeDefined();
  });

  it("gives an RDS instance an endpoint host:port for its engine", () => {
    const outputs = deployOutputs(
      "aws:rds/instance:Instance",
      "db",
      { engine: "mysql" },
      ["endpoint", "address"],
      "eu-west-1",
    );
    expect(outputs.endpoint).toMatch(/^db-[0-9a-f]{7}\.abcdefghijkl\.eu-west-1\.rds\.amazonaws\.com:3306$/);
  });

  it("shapes other declared outputs by their names", () => {
    const subject = { type: "awsx:ec2:Vpc", name: "net", physical: "net-1", region: "us-east-1", inputs: {} };
    expect(valueByName("privateSubnetIds", subject)).toEqual([
      expect.stringMatching(/^subnet-0/),
      expect.stringMatching(/^subnet-0/),
      expect.stringMatching(/^subnet-0/),
    ]);
    expect(valueByName("vpcId", subject)).toMatch(/^vpc-0[0-9a-f]{16}$/);
    expect(valueByName("defaultSecurityGroupId", subject)).toMatch(/^sg-0/);
    expect(valueByName("taskRoleArn", subject)).toMatch(/^arn:aws:/);
    expect(valueByName("serviceUrl", subject)).toMatch(/^https:\/\//);
    expect(valueByName("port", subject)).toBe(443);
    expect(valueByName("kubeconfig", subject)).toBe("net-1-kubeconfig");
  });

  it("keeps inputs over computed values, and preview answers inputs only", () => {
    const ctx = context({ declaredOutputs: () => ["arn", "name"] });
    const deploy = newResource(ctx, {
      type: "aws:sqs/queue:Queue",
      name: "jobs",
      inputs: { name: "jobs-queue" },
    });
    expect(deploy.state).toMatchObject({
      name: "jobs-queue",
      arn: "arn:aws:sqs:eu-west-1:123456789012:jobs-queue",
      url: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-queue",
    });
    expect(
      newResource({ ...ctx, preview: true }, { type: "aws:sqs/queue:Queue", name: "jobs", inputs: { a: 1 } }),
    ).toEqual({ id: undefined, state: { a: 1 } });
  });
});
