/**
 * What belongs to an API Gateway REST stage: the method settings and usage plans that name it. They
 * name a stage by its API and stage name (`restApi` + `stageName`, `apiStages[].apiId` + `.stage`),
 * joined through the dependencies the engine records or, failing that, the known values.
 */
import { StackResource, StackView } from "../stack";
import { asProps, knownString } from "../values";

/** True when `from.props[property]` and the stage's `restApi` name the same API. */
function sameApi(from: StackResource, property: string, stage: StackResource, value?: unknown): boolean {
  const stageApi = stage.propertyDependencies.restApi ?? [];
  if ((from.propertyDependencies[property] ?? []).some((urn) => stageApi.includes(urn))) return true;
  const api = knownString(value ?? from.props[property]);
  return api !== undefined && api === knownString(stage.props.restApi);
}

/** The aws.apigateway.MethodSettings resources that configure the REST stage. */
export function methodSettingsOf(stack: StackView, stage: StackResource): StackResource[] {
  return stack.ofType("restApiMethodSettings").filter((settings) => {
    if (settings.propertyDependencies.stageName?.includes(stage.urn)) return true;
    const name = knownString(settings.props.stageName);
    return (
      name !== undefined && name === knownString(stage.props.stageName) && sameApi(settings, "restApi", stage)
    );
  });
}

/** The aws.apigateway.UsagePlan resources whose apiStages cover the REST stage. */
export function usagePlansOf(stack: StackView, stage: StackResource): StackResource[] {
  return stack.ofType("usagePlan").filter((plan) => {
    if (plan.propertyDependencies.apiStages?.includes(stage.urn)) return true;
    // A lenient join: an entry unknown at preview simply does not match (the stage is then judged without it).
    const entries = Array.isArray(plan.props.apiStages) ? plan.props.apiStages : [];
    return entries.some((entry) => {
      const apiStage = asProps(entry);
      const name = knownString(apiStage?.stage);
      return (
        name !== undefined &&
        name === knownString(stage.props.stageName) &&
        sameApi(plan, "apiStages", stage, apiStage?.apiId)
      );
    });
  });
}
