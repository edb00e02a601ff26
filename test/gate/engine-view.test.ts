import { buildEngineView, durationSeconds } from "../../gate/engine/view";
import type { Registration } from "../../gate/capture/registration";
import {
  specialResourceSig as RESOURCE_SIG,
  specialSecretSig as SECRET_SIG,
  specialSigKey as SECRET_SIG_KEY,
  unknownValue as UNKNOWN,
} from "@pulumi/pulumi/runtime/rpc";

function registration(
  partial: Partial<Registration> & Pick<Registration, "type" | "name" | "mockUrn">,
): Registration {
  return {
    custom: true,
    remote: false,
    parent: "",
    inputs: {},
    outputs: {},
    id: "",
    dependencies: [],
    propertyDependencies: {},
    provider: "",
    version: "",
    protect: false,
    ignoreChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
    customTimeouts: { create: "", update: "", delete: "" },
    ...partial,
  };
}

const stack = registration({
  type: "pulumi:pulumi:Stack",
  name: "app-prod",
  mockUrn: "m:stack",
  custom: false,
});
const component = registration({
  type: "acme:data:Database",
  name: "orders",
  mockUrn: "m:comp",
  parent: "m:stack",
  custom: false,
});
const nested = registration({
  type: "acme:data:Replica",
  name: "replica",
  mockUrn: "m:nested",
  parent: "m:comp",
  custom: false,
});
const ref = (urn: string, id?: string) => ({
  [SECRET_SIG_KEY]: RESOURCE_SIG,
  urn,
  ...(id !== undefined ? { id } : {}),
  packageVersion: "",
});

const ctx = {
  project: "app",
  stack: "prod",
  config: { "aws:region": "eu-west-1", "aws:defaultTags": '{"tags":{"a":"b"}}', "app:domain": "x" },
  preview: true,
};

describe("engine view", () => {
  it("computes engine URNs with parent-qualified types", () => {
    const db = registration({
      type: "aws:rds/instance:Instance",
      name: "db",
      mockUrn: "m:db",
      parent: "m:nested",
      version: "7.48.0",
    });
    const view = buildEngineView([stack, component, nested, db], ctx);
    expect(view.map((r) => r.urn)).toEqual([
      "urn:pulumi:prod::app::pulumi:pulumi:Stack::app-prod",
      "urn:pulumi:prod::app::acme:data:Database::orders",
      "urn:pulumi:prod::app::acme:data:Database$acme:data:Replica::replica",
      "urn:pulumi:prod::app::pulumi:providers:aws::default_7_48_0",
      "urn:pulumi:prod::app::acme:data:Database$acme:data:Replica$aws:rds/instance:Instance::db",
    ]);
    expect(view[4].parent).toBe("urn:pulumi:prod::app::acme:data:Database$acme:data:Replica::replica");
  });

  it("synthesises default providers from the package's stack config, once per version", () => {
    const a = registration({
      type: "aws:s3/bucket:Bucket",
      name: "a",
      mockUrn: "m:a",
      parent: "m:stack",
      version: "7.48.0",
    });
    const b = registration({
      type: "aws:s3/bucket:Bucket",
      name: "b",
      mockUrn: "m:b",
      parent: "m:stack",
      version: "7.48.0",
    });
    const view = buildEngineView([stack, a, b], ctx);
    const providers = view.filter((r) => r.type === "pulumi:providers:aws");
    expect(providers).toHaveLength(1);
    expect(providers[0].properties).toEqual({
      region: "eu-west-1",
      defaultTags: '{"tags":{"a":"b"}}',
      version: "7.48.0",
    });
    expect(view.find((r) => r.name === "b")!.provider).toEqual({
      urn: "urn:pulumi:prod::app::pulumi:providers:aws::default_7_48_0",
      type: "pulumi:providers:aws",
      name: "default_7_48_0",
      properties: { region: "eu-west-1", defaultTags: '{"tags":{"a":"b"}}', version: "7.48.0" },
    });
  });

  it("attaches explicit providers with their inputs", () => {
    const provider = registration({
      type: "pulumi:providers:postgresql",
      name: "pg",
      mockUrn: "m:pg",
      parent: "m:stack",
      inputs: { sslmode: "verify-full" },
    });
    const role = registration({
      type: "postgresql:index/role:Role",
      name: "app",
      mockUrn: "m:role",
      parent: "m:stack",
      provider: `m:pg::${UNKNOWN}`,
    });
    const view = buildEngineView([stack, provider, role], ctx);
    expect(view.find((r) => r.name === "app")!.provider).toEqual({
      urn: "urn:pulumi:prod::app::pulumi:providers:postgresql::pg",
      type: "pulumi:providers:postgresql",
      name: "pg",
      properties: { sslmode: "verify-full" },
    });
  });

  it("collapses resource references, keeps unknowns and secrets, drops internal keys", () => {
    const bucket = registration({
      type: "aws:s3/bucket:Bucket",
      name: "bucket",
      mockUrn: "m:bucket",
      parent: "m:stack",
    });
    const user = registration({
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "policy",
      mockUrn: "m:policy",
      parent: "m:stack",
      inputs: {
        bucket: ref("m:bucket"),
        owner: ref("m:comp"),
        policy: UNKNOWN,
        token: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
        __defaults: [],
        nested: { __meta: 1, keep: null },
      },
      dependencies: ["m:bucket"],
      propertyDependencies: { bucket: ["m:bucket"] },
    });
    const [, , , , policy] = buildEngineView([stack, component, bucket, user], ctx);
    expect(policy.properties).toEqual({
      bucket: UNKNOWN, // a custom resource's id is unknown at preview
      owner: "urn:pulumi:prod::app::acme:data:Database::orders", // a component collapses to its URN
      policy: UNKNOWN,
      token: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
      nested: { keep: null },
    });
    expect(policy.propertyDependencies).toEqual({
      bucket: ["urn:pulumi:prod::app::aws:s3/bucket:Bucket::bucket"],
    });
  });

  it("uses real ids and outputs in deploy mode", () => {
    const bucket = registration({
      type: "aws:s3/bucket:Bucket",
      name: "bucket",
      mockUrn: "m:bucket",
      parent: "m:stack",
      id: "bucket-123",
      outputs: { arn: "arn:aws:s3:::bucket-123" },
    });
    const user = registration({
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "policy",
      mockUrn: "m:policy",
      parent: "m:stack",
      inputs: { bucket: ref("m:bucket", "bucket-123") },
    });
    const view = buildEngineView([stack, bucket, user], { ...ctx, preview: false });
    expect(view.find((r) => r.name === "policy")!.properties).toEqual({ bucket: "bucket-123" });
    expect(view.find((r) => r.name === "bucket")!.outputs).toEqual({
      arn: "arn:aws:s3:::bucket-123",
      id: "bucket-123",
    });
  });

  it("parses custom timeouts as the engine does", () => {
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("45s")).toBe(45);
    expect(durationSeconds("")).toBe(0);
  });
});
