import { stackPolicy } from "../../lib/define";
import { knownString, str } from "../../lib/values";
import { matchesAny } from "../../lib/aws/iam-document";

interface Config {
  allowedPublicFunctions: string[];
}

// A stack policy so that the allow-list can name the function's Pulumi resource or function name even
// when the URL refers to it by an output (functionName unknown at preview).
export const lambdaFunctionUrlAuth = stackPolicy<Config>({
  name: "lambda-function-url-auth",
  description:
    "Checks that every Lambda function URL (aws.lambda.FunctionUrl) requires IAM authentication (authorizationType AWS_IAM) unless its function is listed in allowedPublicFunctions: with NONE anyone on the internet can invoke the function, bypassing API Gateway's throttling, logging and WAF.",
  severity: "high",
  // No checklist item covers it (api.endpoints.authentication-required is the app's code); rate limiting and WAF are bypassed, not enforced.
  checklist: [],
  remediationSteps:
    'Set authorizationType to "AWS_IAM" and sign requests (SigV4, or CloudFront origin access control for a URL behind CloudFront), or serve the function through API Gateway. ' +
    "A function meant to be public (a webhook that verifies its own signatures) goes in allowedPublicFunctions.",
  config: {
    allowedPublicFunctions: {
      type: "array",
      items: { type: "string" },
      default: [],
      extendsDefault: true,
      description:
        "Functions whose URL may use authorizationType NONE: patterns (* matches any characters) matched against the function's Pulumi resource name or function name, or the URL's resource name. Configured patterns are added to the default.",
    },
  },
  judges: ["lambdaFunctionUrl"],
  validateStack(stack, { config, violation, check }) {
    for (const url of stack.ofType("lambdaFunctionUrl")) {
      check(() => {
        const authorization = str(url.props.authorizationType, "authorizationType");
        if (authorization?.toUpperCase() !== "NONE") return;
        const names = [url.name, knownString(url.props.functionName)];
        for (const fn of stack.referenced(url, "functionName", "lambdaFunction"))
          names.push(fn.name, knownString(fn.props.name));
        if (names.some((name) => name !== undefined && matchesAny(name, config.allowedPublicFunctions)))
          return;
        violation(
          'Set authorizationType to "AWS_IAM" on this function URL, or list its function in allowedPublicFunctions; with NONE anyone on the internet can invoke it.',
          url.urn,
        );
      }, url.urn);
    }
  },
});
