import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { isType } from "../../lib/types";
import { num, obj, str } from "../../lib/values";
import { methodSettingsOf, usagePlansOf } from "../../lib/aws/apigateway";

interface Config {
  maximumRateLimit: number;
  maximumBurstLimit: number;
}

type Limits = { rate?: number; burst?: number };

export const apigatewayThrottling = stackPolicy<Config>({
  name: "apigateway-throttling",
  description:
    'Checks that every API Gateway stage sets throttling limits within the configured maxima instead of relying on the account-wide default: a REST stage (aws.apigateway.Stage) through an aws.apigateway.MethodSettings for methodPath "*/*" with throttlingRateLimit and throttlingBurstLimit, or an aws.apigateway.UsagePlan covering the stage with throttleSettings; an HTTP or WebSocket stage (aws.apigatewayv2.Stage) through defaultRouteSettings.throttlingRateLimit and throttlingBurstLimit.',
  severity: "high",
  checklist: ["backend.auth.rate-limiting", "api.endpoints.rate-limiting"],
  remediationSteps:
    'REST: declare an aws.apigateway.MethodSettings { restApi, stageName: stage.stageName, methodPath: "*/*", settings: { throttlingRateLimit, throttlingBurstLimit } }, or an aws.apigateway.UsagePlan with apiStages naming the stage and throttleSettings { rateLimit, burstLimit }. ' +
    "HTTP: set defaultRouteSettings { throttlingRateLimit, throttlingBurstLimit } on the aws.apigatewayv2.Stage. Keep both within the configured maxima.",
  config: {
    maximumRateLimit: {
      type: "number",
      exclusiveMinimum: 0,
      default: 1000,
      description: "Largest acceptable steady-state rate limit, in requests per second per stage.",
    },
    maximumBurstLimit: {
      type: "integer",
      minimum: 1,
      default: 2000,
      description: "Largest acceptable burst limit, in requests.",
    },
  },
  judges: ["restApiStage", "httpApiStage"],
  validateStack(stack, { config, violation, check, read }) {
    /** Why the limits fall short, or undefined when both are set within the maxima. */
    const shortfall = (limits: Limits, names: { rate: string; burst: string }): string | undefined => {
      const problems: string[] = [];
      // API Gateway reads a negative limit (its default -1) as "not throttled".
      if (limits.rate === undefined || limits.rate < 0) problems.push(`${names.rate} is unset`);
      else if (limits.rate > config.maximumRateLimit)
        problems.push(`${names.rate} is ${limits.rate}, above ${config.maximumRateLimit}`);
      if (limits.burst === undefined || limits.burst < 0) problems.push(`${names.burst} is unset`);
      else if (limits.burst > config.maximumBurstLimit)
        problems.push(`${names.burst} is ${limits.burst}, above ${config.maximumBurstLimit}`);
      return problems.length > 0 ? problems.join(" and ") : undefined;
    };

    for (const stage of stack.ofType("httpApiStage")) {
      check(() => {
        const route = obj(stage.props.defaultRouteSettings, "defaultRouteSettings") ?? {};
        const problem = shortfall(
          {
            rate: num(route.throttlingRateLimit, "defaultRouteSettings.throttlingRateLimit"),
            burst: num(route.throttlingBurstLimit, "defaultRouteSettings.throttlingBurstLimit"),
          },
          { rate: "throttlingRateLimit", burst: "throttlingBurstLimit" },
        );
        if (problem)
          violation(
            `Set defaultRouteSettings throttling on this stage within ${config.maximumRateLimit} requests/s and a burst of ${config.maximumBurstLimit}; ${problem}.`,
            stage.urn,
          );
      }, stage.urn);
    }

    for (const stage of stack.ofType("restApiStage")) {
      // Each source that could throttle the whole stage: a problem, "ok", or "unverified" (already reported).
      const outcomes: Array<{ owner: StackResource; outcome: string }> = [];
      const weigh = (owner: StackResource, judge: () => string | undefined | "not stage-wide") => {
        const reading = read(judge, stage.urn);
        if (!reading.ok) outcomes.push({ owner, outcome: "unverified" });
        else if (reading.value !== "not stage-wide") outcomes.push({ owner, outcome: reading.value ?? "ok" });
      };
      for (const settings of methodSettingsOf(stack, stage)) {
        weigh(settings, () => {
          const at = `MethodSettings ${settings.name}`;
          const path = str(settings.props.methodPath, `${at}.methodPath`);
          if (path?.replace(/\s/g, "") !== "*/*") return "not stage-wide";
          const values = obj(settings.props.settings, `${at}.settings`) ?? {};
          return shortfall(
            {
              rate: num(values.throttlingRateLimit, `${at}.settings.throttlingRateLimit`),
              burst: num(values.throttlingBurstLimit, `${at}.settings.throttlingBurstLimit`),
            },
            { rate: "settings.throttlingRateLimit", burst: "settings.throttlingBurstLimit" },
          );
        });
      }
      for (const plan of usagePlansOf(stack, stage)) {
        weigh(plan, () => {
          const at = `UsagePlan ${plan.name}`;
          const throttle = obj(plan.props.throttleSettings, `${at}.throttleSettings`);
          if (!throttle) return "not stage-wide"; // a plan with only a quota does not throttle
          return shortfall(
            {
              rate: num(throttle.rateLimit, `${at}.throttleSettings.rateLimit`),
              burst: num(throttle.burstLimit, `${at}.throttleSettings.burstLimit`),
            },
            { rate: "throttleSettings.rateLimit", burst: "throttleSettings.burstLimit" },
          );
        });
      }
      if (outcomes.some(({ outcome }) => outcome === "ok" || outcome === "unverified")) continue;
      if (outcomes.length === 0) {
        violation(
          'Throttle this stage: declare an aws.apigateway.MethodSettings for methodPath "*/*" with settings.throttlingRateLimit and throttlingBurstLimit, or an aws.apigateway.UsagePlan covering it with throttleSettings.',
          stage.urn,
        );
        continue;
      }
      for (const { owner, outcome } of outcomes) {
        const kind = isType(owner.type, "usagePlan") ? "usage plan" : "method settings";
        violation(
          `Set throttling for this stage within ${config.maximumRateLimit} requests/s and a burst of ${config.maximumBurstLimit}; in ${kind} ${owner.name}, ${outcome}.`,
          stage.urn,
        );
      }
    }
  },
});
