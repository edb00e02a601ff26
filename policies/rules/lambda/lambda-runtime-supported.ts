import { resourcePolicy } from "../../lib/define";
import { todayUtc } from "../../lib/exemptions";
import { tokensOf } from "../../lib/types";
import { str } from "../../lib/values";
import { runtimeDeprecation, supportedSuccessor } from "../../lib/aws/lambda-runtimes";

interface Config {
  asOf: string;
}

export const lambdaRuntimeSupported = resourcePolicy<Config>({
  name: "lambda-runtime-supported",
  description:
    "Checks that every Lambda function deployed as a .zip archive uses a managed runtime AWS has not deprecated by the judging date (a dated table of Lambda runtime deprecation dates, from the AWS Lambda runtimes page). Container-image functions and runtimes the table does not list are not judged.",
  severity: "high",
  // No checklist item covers the language runtime's support window (backend.dependencies.* are the app's packages).
  checklist: [],
  remediationSteps:
    "Set runtime to a supported runtime of the same language (for example nodejs22.x, python3.13, java21), test the function on it, and deploy before AWS blocks updates to functions on the deprecated runtime.",
  config: {
    asOf: {
      type: "string",
      pattern: "^(\\d{4}-\\d{2}-\\d{2})?$",
      default: "",
      description:
        "The date (YYYY-MM-DD) to judge deprecation against; empty means today (UTC). Set it ahead to see what deprecates soon.",
    },
  },
  appliesTo: tokensOf("lambdaFunction"),
  validate({ props }, { config, violation }) {
    const packageType = str(props.packageType, "packageType");
    if (packageType?.toLowerCase() === "image") return;
    const runtime = str(props.runtime, "runtime");
    if (runtime === undefined) return;
    const deprecated = runtimeDeprecation(runtime);
    const asOf = config.asOf || todayUtc();
    if (deprecated === undefined || deprecated > asOf) return;
    const successor = supportedSuccessor(runtime, asOf);
    violation(
      `Move this function to a supported runtime${successor ? ` (for example ${successor})` : ""}; AWS deprecated ${runtime} on ${deprecated}.`,
    );
  },
});
