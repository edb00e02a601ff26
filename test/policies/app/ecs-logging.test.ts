import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { djangoContainer, nextjsContainer, task } from "./fixtures";

const POLICY = "ecs-logging";
/** The policies whose metadata says they judge container definitions (see unknown-container-definitions.test.ts). */
const HOLDERS =
  "db-connection-pooling, django-production-settings, ecs-container-hardening, ecs-error-tracking, ecs-health-checks, ecs-logging, ecs-no-plaintext-secrets, nextjs-production-settings";
const fails = (message: string) => ["violation", "mandatory", "app", message];

describe(POLICY, () => {
  it("passes containers logging to CloudWatch through awslogs", async () => {
    expect(findingsOf(await analyze([task([djangoContainer(), nextjsContainer()])]), POLICY)).toEqual([]);
  });

  it("passes FireLens", async () => {
    const container = djangoContainer({
      logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } },
    });
    expect(findingsOf(await analyze([task([container])]), POLICY)).toEqual([]);
  });

  it("fails every container without a logConfiguration, sidecars included", async () => {
    const sidecar = { name: "xray", image: "amazon/aws-xray-daemon:3.3", essential: false };
    expect(findingsOf(await analyze([task([djangoContainer(), sidecar])]), POLICY)).toEqual([
      fails(
        "Set logConfiguration on container xray to the awslogs driver (with an awslogs-group) or awsfirelens; it has none, so its logs are lost.",
      ),
    ]);
  });

  it("fails awslogs without a log group", async () => {
    const container = djangoContainer({
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "eu-west-1" } },
    });
    expect(findingsOf(await analyze([task([container])]), POLICY)).toEqual([
      fails("Set the awslogs-group option of the awslogs logConfiguration on container django; it is unset."),
    ]);
  });

  it("fails other drivers and a missing driver", async () => {
    const jsonFile = djangoContainer({ logConfiguration: { logDriver: "json-file" } });
    const noDriver = nextjsContainer({ logConfiguration: { options: {} } });
    expect(findingsOf(await analyze([task([jsonFile, noDriver])]), POLICY)).toEqual([
      fails(
        "Set logConfiguration.logDriver on container django to awslogs (with an awslogs-group) or awsfirelens; it uses another driver.",
      ),
      fails(
        "Set logConfiguration.logDriver on container nextjs to awslogs (with an awslogs-group) or awsfirelens; it is unset.",
      ),
    ]);
  });

  it("reports definitions built from outputs as unverified and malformed ones as failing", async () => {
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        `[unverified at preview] containerDefinitions (judged by ${HOLDERS}) is not known until deploy; enforced at deploy.`,
      ],
    ]);
    expect(findingsOf(await analyze([task("[")]), POLICY)).toEqual([
      fails(
        "Set containerDefinitions to a JSON array of container definitions; it does not parse as one, so this policy cannot check it.",
      ),
    ]);
  });
});
