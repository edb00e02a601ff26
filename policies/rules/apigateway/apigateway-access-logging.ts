import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { isUnknown, obj } from "../../lib/values";

/** Set counts: the destination is usually a log group's ARN, unknown until deploy. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return isUnknown(value) || value !== "";
}

export const apigatewayAccessLogging = resourcePolicy({
  name: "apigateway-access-logging",
  description:
    "Checks that every API Gateway stage, REST (aws.apigateway.Stage) and HTTP or WebSocket (aws.apigatewayv2.Stage), writes access logs: accessLogSettings with a destinationArn and a format.",
  severity: "medium",
  checklist: ["backend.logging.production-logging", "devops.monitoring.log-aggregation"],
  remediationSteps:
    'Declare an aws.cloudwatch.LogGroup with retentionInDays and set the stage\'s accessLogSettings { destinationArn: group.arn, format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status", ... }) }. ' +
    "For REST APIs, the account also needs an aws.apigateway.Account with a CloudWatch role.",
  appliesTo: tokensOf("restApiStage", "httpApiStage"),
  validate({ props }, { violation }) {
    const settings = obj(props.accessLogSettings, "accessLogSettings");
    const missing = [
      isSet(settings?.destinationArn) ? undefined : "destinationArn",
      isSet(settings?.format) ? undefined : "format",
    ].filter((key): key is string => key !== undefined);
    if (missing.length === 0) return;
    violation(
      settings === undefined
        ? "Set accessLogSettings on this stage (destinationArn of a log group and a format); without it API requests leave no access log."
        : `Set accessLogSettings.${missing.join(" and accessLogSettings.")} on this stage; without ${missing.length > 1 ? "them" : "it"} no access log is written.`,
    );
  },
});
