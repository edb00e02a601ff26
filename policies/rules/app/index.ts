import { djangoProductionSettings } from "./django-production-settings";
import { ecsContainerHardening } from "./ecs-container-hardening";
import { ecsErrorTracking } from "./ecs-error-tracking";
import { ecsHealthChecks } from "./ecs-health-checks";
import { ecsLogging } from "./ecs-logging";
import { ecsNoPlaintextSecrets } from "./ecs-no-plaintext-secrets";
import { ecsServiceResilience } from "./ecs-service-resilience";
import { nextjsProductionSettings } from "./nextjs-production-settings";

export const appPolicies = [
  ecsNoPlaintextSecrets,
  djangoProductionSettings,
  nextjsProductionSettings,
  ecsLogging,
  ecsHealthChecks,
  ecsErrorTracking,
  ecsServiceResilience,
  ecsContainerHardening,
];
