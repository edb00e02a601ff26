import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { Props, str } from "../../lib/values";

/** A condition that narrows who may invoke: set (even to a value unknown until deploy) counts. */
function isSet(props: Props, key: string): boolean {
  const value = props[key];
  return value !== undefined && value !== null && value !== "";
}

export const lambdaPermissionScoped = resourcePolicy({
  name: "lambda-permission-scoped",
  description:
    'Checks that no Lambda permission (aws.lambda.Permission) lets any principal ("*") invoke the function without naming the source that may call it: sourceArn, sourceAccount or principalOrgId. The permission that makes a function URL public (lambda:InvokeFunctionUrl with functionUrlAuthType NONE) is judged by lambda-function-url-auth instead.',
  severity: "high",
  // No checklist item covers who may invoke a function (api.endpoints.authentication-required is the app's code).
  checklist: [],
  remediationSteps:
    "Set principal to the service or account that calls the function (for example apigateway.amazonaws.com, s3.amazonaws.com, events.amazonaws.com) " +
    "and sourceArn to the calling resource's ARN (for API Gateway, the API's execution ARN with /*/*), or sourceAccount / principalOrgId when the caller is a whole account or organisation.",
  appliesTo: tokensOf("lambdaPermission"),
  validate({ props }, { violation }) {
    const principal = str(props.principal, "principal");
    if (principal?.trim() !== "*") return;
    const action = str(props.action, "action");
    const urlAuth = str(props.functionUrlAuthType, "functionUrlAuthType");
    if (action === "lambda:InvokeFunctionUrl" && urlAuth?.toUpperCase() === "NONE") return;
    if (["sourceArn", "sourceAccount", "principalOrgId"].some((key) => isSet(props, key))) return;
    violation(
      'Name who may invoke this function: principal is "*" and neither sourceArn, sourceAccount nor principalOrgId is set, so any AWS account can invoke it.',
    );
  },
});
