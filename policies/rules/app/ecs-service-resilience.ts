import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, num, obj, Props, str } from "../../lib/values";

interface Config {
  minimumDesiredCount: number;
}

/** Only the ECS deployment controller has a circuit breaker; CodeDeploy and external controllers roll back on their own. */
function usesEcsDeployments(props: Props): boolean {
  const controller = str(
    obj(props.deploymentController, "deploymentController")?.type,
    "deploymentController.type",
  );
  return controller === undefined || controller === "ECS";
}

export const ecsServiceResilience = resourcePolicy<Config>({
  name: "ecs-service-resilience",
  description:
    "Checks that ECS services survive a bad deployment and a lost task: the deployment circuit breaker is on with rollback, and at least the configured number of tasks run (daemon services excepted).",
  severity: "high",
  // A release whose tasks fail to start (wrong start command, crash on boot, failing health check) is
  // rolled back by the circuit breaker instead of leaving the service down; a second task keeps serving meanwhile.
  checklist: ["devops.backend-hosting.start-command"],
  remediationSteps:
    "Set deploymentCircuitBreaker {enable: true, rollback: true} on the aws.ecs.Service and desiredCount to at least the configured minimum (production: 2), spread over subnets in different availability zones.",
  config: {
    minimumDesiredCount: {
      type: "integer",
      minimum: 0,
      default: 2,
      description: "Smallest acceptable desiredCount for a REPLICA service.",
    },
  },
  appliesTo: tokensOf("ecsService"),
  validate({ props }, { config, violation, check }) {
    check(() => {
      if (!usesEcsDeployments(props)) return;
      const breaker = obj(props.deploymentCircuitBreaker, "deploymentCircuitBreaker");
      if (!breaker)
        return violation(
          "Set deploymentCircuitBreaker {enable: true, rollback: true}; it is unset, so a failing deployment is not stopped.",
        );
      check(() => {
        if (bool(breaker.enable, "deploymentCircuitBreaker.enable") !== true) {
          violation("Set deploymentCircuitBreaker.enable to true; a failing deployment is not stopped.");
        }
      });
      check(() => {
        if (bool(breaker.rollback, "deploymentCircuitBreaker.rollback") !== true) {
          violation(
            "Set deploymentCircuitBreaker.rollback to true; a failed deployment is not rolled back to the last working one.",
          );
        }
      });
    });
    check(() => {
      if (str(props.schedulingStrategy, "schedulingStrategy") === "DAEMON") return;
      const desired = num(props.desiredCount, "desiredCount");
      if (desired === undefined && config.minimumDesiredCount > 0) {
        violation(
          `Set desiredCount to at least ${config.minimumDesiredCount}; it is unset, which the provider treats as 0.`,
        );
      } else if (desired !== undefined && desired < config.minimumDesiredCount) {
        violation(`Set desiredCount to at least ${config.minimumDesiredCount}; it is ${desired}.`);
      }
    });
  },
  remediate({ props }) {
    if (!usesEcsDeployments(props)) return undefined;
    const breaker = obj(props.deploymentCircuitBreaker, "deploymentCircuitBreaker");
    if (
      bool(breaker?.enable, "deploymentCircuitBreaker.enable") === true &&
      bool(breaker?.rollback, "deploymentCircuitBreaker.rollback") === true
    ) {
      return undefined;
    }
    // Turning the breaker on changes no running task; it only watches the next deployment.
    return { ...props, deploymentCircuitBreaker: { ...(breaker ?? {}), enable: true, rollback: true } };
  },
});
