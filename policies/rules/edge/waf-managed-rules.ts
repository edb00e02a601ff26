import { stackPolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { managedRuleGroups, webAclRules } from "../../lib/aws/waf";

interface Config {
  requiredRuleGroups: string[];
}

// A stack policy (not a resource policy) because rules may live in separate aws.wafv2.WebAclRule and
// WebAclRuleGroupAssociation resources, which a policy looking at the web ACL alone cannot see.
export const wafManagedRules = stackPolicy<Config>({
  name: "waf-managed-rules",
  description:
    "Checks that every WAFv2 web ACL runs the configured AWS managed rule groups (common exploits, known bad inputs, SQL injection) in blocking mode, not overridden to count.",
  severity: "high",
  checklist: ["api.endpoints.input-validation"],
  remediationSteps:
    'Add a rule per required group to the web ACL with statement.managedRuleGroupStatement { vendorName: "AWS", name: <group> } and overrideAction { none: {} }. ' +
    "Override single noisy rules with ruleActionOverrides instead of counting the whole group.",
  config: {
    requiredRuleGroups: {
      type: "array",
      items: { type: "string" },
      default: [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesSQLiRuleSet",
      ],
      description:
        "Names of the AWS managed rule groups (vendor AWS) every web ACL must include in blocking mode.",
    },
  },
  judges: ["webAcl"],
  validateStack(stack, { config, violation, check }) {
    for (const acl of stack.ofType("webAcl")) {
      check(() => {
        const rules = webAclRules(stack, acl);
        if (!rules.ok) {
          violation(
            "Fix ruleJson on this web ACL: it is not a JSON array of rules, so its managed rule groups cannot be verified.",
            acl.urn,
          );
          return;
        }
        const groups = managedRuleGroups(rules.rules).filter((group) => group.vendorName === "AWS");
        // One finding per fault, naming every rule group that has it.
        const missing: string[] = [];
        const counting: string[] = [];
        for (const required of config.requiredRuleGroups) {
          const uses = groups.filter((group) => group.name === required);
          if (uses.length === 0) missing.push(required);
          else if (uses.every((group) => group.counting)) counting.push(required);
        }
        if (missing.length > 0) {
          violation(
            `Add the AWS managed rule ${missing.length === 1 ? "group" : "groups"} ${listed(missing)} to this web ACL (managedRuleGroupStatement, vendorName AWS).`,
            acl.urn,
          );
        }
        if (counting.length > 0) {
          violation(
            `Set overrideAction to none for the AWS managed rule ${counting.length === 1 ? "group" : "groups"} ${listed(counting)}; overridden to count ${counting.length === 1 ? "it only logs" : "they only log"} matches.`,
            acl.urn,
          );
        }
      }, acl.urn);
    }
  },
});
