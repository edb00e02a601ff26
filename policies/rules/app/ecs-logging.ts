import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { BLOCK, BlockFaults } from "../../lib/findings";
import { obj, str } from "../../lib/values";
import {
  containersOrSkip,
  MALFORMED_DEFINITIONS,
  unknownContainerDefinitions,
} from "../../lib/aws/ecs-container";

export const ecsLogging = resourcePolicy({
  name: "ecs-logging",
  description:
    "Checks that every container of an ECS task definition ships its logs to an aggregator: the awslogs driver with an awslogs-group, or FireLens (awsfirelens).",
  severity: "medium",
  checklist: ["backend.logging.production-logging", "devops.monitoring.log-aggregation"],
  remediationSteps:
    'Give each container a logConfiguration: {logDriver: "awslogs", options: {"awslogs-group": <log group name>, "awslogs-region": <region>, "awslogs-stream-prefix": <container>}} with an aws.cloudwatch.LogGroup that sets a retention, or {logDriver: "awsfirelens"} with a FireLens log router.',
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { violation, check, unverified }) {
    const list = containersOrSkip(props);
    if (!list) return unverified(unknownContainerDefinitions());
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const faults = new BlockFaults(["container", "containers"]);
    for (const container of list.containers) {
      const fail = faults.for(container.label);
      check(() => {
        const path = `${container.path}.logConfiguration`;
        const logConfiguration = obj(container.props.logConfiguration, path);
        const driver = logConfiguration ? str(logConfiguration.logDriver, `${path}.logDriver`) : undefined;
        const where = BLOCK;
        if (!logConfiguration) {
          fail(
            `Set logConfiguration on ${where} to the awslogs driver (with an awslogs-group) or awsfirelens; it has none, so its logs are lost.`,
          );
        } else if (driver === "awslogs") {
          const group = str(
            obj(logConfiguration.options, `${path}.options`)?.["awslogs-group"],
            `${path}.options.awslogs-group`,
          );
          if (!group?.trim())
            fail(`Set the awslogs-group option of the awslogs logConfiguration on ${where}; it is unset.`);
        } else if (driver !== "awsfirelens") {
          fail(
            `Set logConfiguration.logDriver on ${where} to awslogs (with an awslogs-group) or awsfirelens; it ${driver ? "uses another driver" : "is unset"}.`,
          );
        }
      });
    }
    faults.report(violation);
  },
});
