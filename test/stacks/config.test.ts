import * as pulumi from "@pulumi/pulumi";
import { ConfigError, configDefaults, parseConfig } from "../../stacks/config";
import { stackConfig } from "./harness";

const production = () => stackConfig("production");
const dev = () => stackConfig("dev");

function errorOf(raw: Record<string, unknown>, stack: string): string {
  try {
    parseConfig(raw, stack);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("parseConfig accepted the config");
}

describe("parseConfig", () => {
  test.each(["dev", "staging", "production"])("accepts the committed %s stack file", (stack) => {
    // Each stack file names its policy profile for the gate; the program accepts and ignores the key.
    expect(stackConfig(stack)["prodready:profile"]).toBe(stack);
    const config = parseConfig(stackConfig(stack), stack);
    expect(config.stack).toBe(stack);
    expect(config.region).toBe("eu-west-1");
    expect(config.tags).toEqual({ app: "prodready", environment: stack });
    expect(config.privateZoneName).toBe("internal.prodready.example");
  });

  test("reads the production file with the checklist's production values", () => {
    const config = parseConfig(production(), "production");
    expect(config).toMatchObject({
      isProduction: true,
      appDomain: "app.prodready.example",
      apiDomain: "api.prodready.example",
      availabilityZoneCount: 3,
      natGatewayPerAz: true,
      databaseMultiAz: true,
      databaseDeletionProtection: true,
      backupRetentionDays: 14,
      connectionPooling: "rds-proxy",
      djangoDesiredCount: 3,
      nextjsDesiredCount: 2,
      postgresEngineVersion: "16.8",
    });
    expect(config.sentryDsnDjango).toBeUndefined();
  });

  test("converts Pulumi's string values to numbers and booleans", () => {
    const config = parseConfig(dev(), "dev");
    expect(config.availabilityZoneCount).toBe(2);
    expect(config.natGatewayPerAz).toBe(false);
    expect(config.djangoMaxCount).toBe(2);
  });

  test("stops with one line naming the key, the problem and the fix", () => {
    const message = errorOf({ ...production(), "prodready:backupRetentionDays": "3" }, "production");
    expect(message).toBe(
      "prodready:backupRetentionDays must be at least 14 in production; got 3. Set it in stacks/Pulumi.production.yaml.",
    );
  });

  test.each([
    [
      "prodready:databaseMultiAz",
      "false",
      "prodready:databaseMultiAz must be true in production (a single-AZ database is a single point of failure); got false. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:natGatewayPerAz",
      "false",
      "prodready:natGatewayPerAz must be true in production (one NAT gateway makes every AZ depend on one); got false. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:djangoDesiredCount",
      "1",
      "prodready:djangoDesiredCount must be at least 2 in production (one task is a single point of failure); got 1. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:nextjsDesiredCount",
      "1",
      "prodready:nextjsDesiredCount must be at least 2 in production (one task is a single point of failure); got 1. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:connectionPooling",
      "none",
      "prodready:connectionPooling must be rds-proxy or pgbouncer in production (connection pooling is on the checklist); got none. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:databaseDeletionProtection",
      "false",
      "prodready:databaseDeletionProtection must be true in production; got false. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:logLevel",
      "DEBUG",
      "prodready:logLevel must be INFO or quieter in production (debug logs leak request data); got DEBUG. Set it in stacks/Pulumi.production.yaml.",
    ],
    [
      "prodready:availabilityZoneCount",
      "1",
      "prodready:availabilityZoneCount must be at least 2 (RDS subnet groups and Multi-AZ need two zones); got 1. Set it in stacks/Pulumi.production.yaml.",
    ],
  ])("production refuses %s=%s", (key, value, expected) => {
    expect(errorOf({ ...production(), [key]: value }, "production")).toBe(expected);
  });

  test("dev may run smaller than production: single-AZ database, one task, no pooler, short retention", () => {
    const config = parseConfig(
      {
        ...dev(),
        "prodready:connectionPooling": "none",
        "prodready:backupRetentionDays": "3",
        "prodready:logLevel": "DEBUG",
      },
      "dev",
    );
    expect(config).toMatchObject({
      databaseMultiAz: false,
      djangoDesiredCount: 1,
      connectionPooling: "none",
      backupRetentionDays: 3,
    });
  });

  test("production defaults meet the checklist when keys are left out", () => {
    const minimal = Object.fromEntries(
      Object.entries(production()).filter(([key]) =>
        [
          "aws:region",
          "prodready:hostedZoneId",
          "prodready:hostedZoneName",
          "prodready:appDomain",
          "prodready:apiDomain",
          "prodready:originDomain",
          "prodready:djangoImage",
          "prodready:nextjsImage",
        ].includes(key),
      ),
    );
    const config = parseConfig(minimal, "production");
    expect(config).toMatchObject(configDefaults(true));
    expect(config.backupRetentionDays).toBeGreaterThanOrEqual(14);
    expect(config.databaseMultiAz && config.natGatewayPerAz && config.databaseDeletionProtection).toBe(true);
  });

  test("a missing required key says what it is", () => {
    const raw = dev();
    delete raw["prodready:appDomain"];
    expect(errorOf(raw, "dev")).toBe(
      "prodready:appDomain must be the public hostname of the Next.js app, e.g. app.prodready.example; got nothing. Set it in stacks/Pulumi.dev.yaml.",
    );
  });

  test("a misspelt key is refused with the likely intended key", () => {
    expect(errorOf({ ...dev(), "prodready:backupRetention": "7" }, "dev")).toBe(
      "prodready:backupRetention is not a setting this program reads (did you mean prodready:backupRetentionDays?); got 7. Remove or rename it in stacks/Pulumi.dev.yaml.",
    );
  });

  test("images must be pinned", () => {
    const message = errorOf(
      {
        ...dev(),
        "prodready:djangoImage": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/prodready-django:latest",
      },
      "dev",
    );
    expect(message).toMatch(
      /^prodready:djangoImage must pin the Django image to a version, not :latest; got /,
    );
  });

  test("pgbouncer pooling needs the sidecar image", () => {
    const raw = dev();
    delete raw["prodready:pgbouncerImage"];
    expect(errorOf(raw, "dev")).toBe(
      "prodready:pgbouncerImage is required when connectionPooling is pgbouncer; got nothing. Set it in stacks/Pulumi.dev.yaml.",
    );
  });

  test("domains must live in the hosted zone", () => {
    expect(errorOf({ ...dev(), "prodready:apiDomain": "api.elsewhere.example" }, "dev")).toBe(
      "prodready:apiDomain must be a name inside the hosted zone prodready.example; got api.elsewhere.example. Set it in stacks/Pulumi.dev.yaml.",
    );
  });

  test("a bad secret is reported without echoing it", () => {
    const message = errorOf(
      { ...dev(), "prodready:sentryDsnDjango": "http://leaked-key@sentry.example/1" },
      "dev",
    );
    expect(message).toBe(
      "prodready:sentryDsnDjango must be an https:// Sentry DSN; got a value that is not shown because it is secret. Set it in stacks/Pulumi.dev.yaml.",
    );
    expect(message).not.toContain("leaked-key");
  });

  test("Sentry DSNs from config become secrets", async () => {
    const config = parseConfig(
      { ...dev(), "prodready:sentryDsnDjango": "https://abc@o1.ingest.sentry.io/2" },
      "dev",
    );
    // A secret Output carrying the DSN (toBeDefined() passed for a plain string too).
    const dsn = config.sentryDsnDjango!;
    expect(pulumi.Output.isInstance(dsn)).toBe(true);
    expect(await pulumi.isSecret(dsn)).toBe(true);
    expect(await new Promise((resolve) => dsn.apply(resolve))).toBe("https://abc@o1.ingest.sentry.io/2");
    expect(config.sentryDsnNextjs).toBeUndefined();
  });

  test("the region is required", () => {
    const raw = dev();
    delete raw["aws:region"];
    expect(errorOf(raw, "dev")).toBe(
      "aws:region must be an AWS region such as eu-west-1; got nothing. Set it in stacks/Pulumi.dev.yaml.",
    );
  });

  test("every message is a single line", () => {
    const message = errorOf({ ...production(), "prodready:wafRateLimit": "5" }, "production");
    expect(message).not.toContain("\n");
    expect(message).toBe(
      "prodready:wafRateLimit must be at least 100 requests per 5 minutes per client; got 5. Set it in stacks/Pulumi.production.yaml.",
    );
  });
});
