/**
 * A task definition whose containerDefinitions are unknown at preview gets one unverified finding,
 * from ecs-logging, naming every policy it holds up; the list comes from the policies' metadata, and
 * this test proves the metadata names exactly the policies that read container definitions.
 */
import { analyze, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { policies } from "../../../policies/pack";
import { containerDefinitionPolicies } from "../../../policies/lib/define";
import { MALFORMED_DEFINITIONS } from "../../../policies/lib/aws/ecs-container";
import { SERVICE, task } from "./fixtures";

const service: ResourceSpec = {
  type: SERVICE,
  name: "api",
  props: { taskDefinition: UNKNOWN, desiredCount: 2, launchType: "FARGATE" },
  refs: { taskDefinition: ["app"] },
};
const db: ResourceSpec = {
  type: "aws:rds/instance:Instance",
  name: "db",
  props: { engine: "postgres", identifier: "app-db" },
};

describe("task definitions whose containers are unknown at preview", () => {
  it("get one unverified finding, from ecs-logging, naming the policies it holds up", async () => {
    const result = await analyze([task(UNKNOWN), service, db]);
    const onTask = result.findings.filter((f) => f.resourceName === "app");
    expect(onTask.map((f) => [f.policyName, f.category, f.enforcementLevel])).toEqual([
      ["ecs-logging", "unverified", "advisory"],
    ]);
    const holders = containerDefinitionPolicies();
    expect(onTask[0].message).toBe(
      `[unverified at preview] containerDefinitions (judged by ${holders.join(", ")}) is not known until deploy; enforced at deploy.`,
    );
    expect(holders).toEqual(
      expect.arrayContaining([
        "django-production-settings",
        "nextjs-production-settings",
        "ecs-logging",
        "ecs-container-hardening",
        "db-connection-pooling",
      ]),
    );
  });

  it("names exactly the pack's policies that read container definitions (each fails closed on malformed ones)", async () => {
    const result = await analyze([task("[not json"), service]);
    const readers = result.findings
      .filter((f) => f.message === MALFORMED_DEFINITIONS)
      .map((f) => f.policyName);
    // db-connection-pooling reads them too, but leaves malformed definitions to the container policies.
    expect(new Set(containerDefinitionPolicies())).toEqual(new Set([...readers, "db-connection-pooling"]));
    for (const name of containerDefinitionPolicies())
      expect(policies.map((policy) => policy.name)).toContain(name);
  });
});

describe("the Django and Next.js policies on containers they do not recognise", () => {
  it("ignore a Go API and a Node (Express) API, whatever their settings", async () => {
    const goApi = {
      name: "orders",
      image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:2.1.0",
      entryPoint: ["/app/orders-server"],
      environment: [
        { name: "DEBUG", value: "true" },
        { name: "ALLOWED_HOSTS", value: "*" },
        { name: "LOG_LEVEL", value: "DEBUG" },
      ],
    };
    const nodeApi = {
      name: "gateway",
      image: "node:20-alpine",
      command: ["node", "dist/server.js"],
      environment: [
        { name: "NODE_ENV", value: "development" },
        { name: "DEBUG", value: "express:*" },
        { name: "CORS_ALLOWED_ORIGINS", value: "*" },
      ],
    };
    const result = await analyze([task([goApi, nodeApi])]);
    const judged = result.findings.filter((f) =>
      ["django-production-settings", "nextjs-production-settings"].includes(f.policyName),
    );
    expect(judged).toEqual([]);
    // The app-neutral container policies still judge them (no logConfiguration here), in one finding.
    expect(result.findings.filter((f) => f.policyName === "ecs-logging").map((f) => f.message)).toEqual([
      "Set logConfiguration on containers orders and gateway to the awslogs driver (with an awslogs-group) or awsfirelens; it has none, so its logs are lost.",
    ]);
  });
});
