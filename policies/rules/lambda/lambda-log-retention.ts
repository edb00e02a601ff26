import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { attempt, isUnknown, knownString, obj, str, UnknownInput } from "../../lib/values";

/** Log groups whose name was built from the function's outputs (`/aws/lambda/${fn.name}`). */
function groupsNamedAfter(stack: StackView, fn: StackResource): StackResource[] {
  return stack.ofType("logGroup").filter((group) => group.propertyDependencies.name?.includes(fn.urn));
}

// A stack policy beside log-group-retention (not an extension of it): that policy judges each declared
// group's retention; this one finds the function's group, which needs the function and the groups together.
export const lambdaLogRetention = stackPolicy({
  name: "lambda-log-retention",
  description:
    "Checks that every Lambda function logs to a CloudWatch log group the stack declares, so its retention is set and judged by log-group-retention: either the group Lambda uses by default (/aws/lambda/<function name>) declared as an aws.cloudwatch.LogGroup, or the group loggingConfig.logGroup names. Otherwise Lambda creates the group on first invoke and keeps its logs forever.",
  severity: "medium",
  checklist: ["backend.logging.production-logging", "devops.monitoring.log-aggregation"],
  remediationSteps:
    "Declare an aws.cloudwatch.LogGroup with retentionInDays and either name it pulumi.interpolate`/aws/lambda/${fn.name}` (give the function an explicit name, or make the group depend on it), " +
    'or set the function\'s loggingConfig { logFormat: "JSON", logGroup: group.name } to that group.',
  judges: ["lambdaFunction"],
  validateStack(stack, { violation, check, unverified }) {
    for (const fn of stack.ofType("lambdaFunction")) {
      check(() => {
        const loggingConfig = obj(fn.props.loggingConfig, "loggingConfig");
        const named = loggingConfig?.logGroup;
        if (named !== undefined && named !== null && named !== "") {
          if (stack.referenced(fn, "loggingConfig", "logGroup").length > 0) return;
          const groupName = str(named, "loggingConfig.logGroup");
          if (stack.ofType("logGroup").some((group) => knownString(group.props.name) === groupName)) return;
          violation(
            "Declare the log group loggingConfig.logGroup names as an aws.cloudwatch.LogGroup in this stack, with retentionInDays; a group managed elsewhere cannot be verified.",
            fn.urn,
          );
          return;
        }
        if (groupsNamedAfter(stack, fn).length > 0) return;
        const functionName = attempt(() => str(fn.props.name, "name"));
        if (typeof functionName === "string") {
          const implicit = `/aws/lambda/${functionName}`;
          if (stack.ofType("logGroup").some((group) => knownString(group.props.name) === implicit)) return;
        }
        // A group whose name is unknown and built from nothing but what the function's name is built from might be this function's.
        const functionNameFrom = fn.propertyDependencies.name ?? [];
        const undecided = stack
          .ofType("logGroup")
          .find(
            (group) =>
              isUnknown(group.props.name) &&
              (group.propertyDependencies.name ?? []).every((urn) => functionNameFrom.includes(urn)),
          );
        if (undecided && functionName instanceof UnknownInput) {
          unverified(functionName, fn.urn);
          return;
        }
        violation(
          "Declare this function's log group (/aws/lambda/<function name>) as an aws.cloudwatch.LogGroup with retentionInDays, or point loggingConfig.logGroup at a declared group; otherwise Lambda creates it with logs kept forever.",
          fn.urn,
        );
      }, fn.urn);
    }
  },
});
