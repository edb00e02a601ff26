import { stackPolicy } from "../../lib/define";
import { webAclsAssociatedWith } from "../../lib/aws/waf";

// The web ACL's rules are judged where the ACL is (waf-managed-rules); this policy finds the association.
export const apigatewayWaf = stackPolicy({
  name: "apigateway-waf",
  description:
    "Checks that every API Gateway REST API stage (aws.apigateway.Stage) is protected by a WAFv2 web ACL: an aws.wafv2.WebAclAssociation whose resourceArn is the stage's ARN. The ACL's rules are judged by waf-managed-rules. HTTP APIs cannot be associated with WAF directly (put CloudFront with a web ACL in front of them).",
  severity: "high",
  checklist: ["api.endpoints.input-validation"],
  remediationSteps:
    "Declare an aws.wafv2.WebAcl (scope REGIONAL, same region as the API) with the AWS managed rule groups and a rate-based rule, and an aws.wafv2.WebAclAssociation { resourceArn: stage.arn, webAclArn: acl.arn }.",
  judges: ["restApiStage"],
  validateStack(stack, { violation, check }) {
    for (const stage of stack.ofType("restApiStage")) {
      check(() => {
        if (webAclsAssociatedWith(stack, stage).kind !== "none") return;
        violation(
          "Associate a REGIONAL WAFv2 web ACL with this API stage (aws.wafv2.WebAclAssociation with resourceArn set to the stage's ARN).",
          stage.urn,
        );
      }, stage.urn);
    }
  },
});
