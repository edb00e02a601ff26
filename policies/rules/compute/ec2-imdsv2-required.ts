import { stackPolicy } from "../../lib/define";
import { quoted } from "../../lib/messages";
import { StackResource } from "../../lib/stack";
import { launchTemplateOf } from "../../lib/aws/ec2-instance";
import { attempt, obj, Props, str, UnknownInput } from "../../lib/values";

/** The httpTokens and httpEndpoint values a message may quote. */
const HTTP_TOKENS: ReadonlySet<string> = new Set(["required", "optional"]);

/** How a metadataOptions block leaves IMDS: v2 only, IMDSv1 allowed, the endpoint off, or not said. Throws UnknownInput. */
function metadataAccess(props: Props): "v2" | "disabled" | "unset" | { v1: string } {
  const options = obj(props.metadataOptions, "metadataOptions");
  if (!options) return "unset";
  const endpoint = str(options.httpEndpoint, "metadataOptions.httpEndpoint");
  if (endpoint?.toLowerCase() === "disabled") return "disabled";
  const tokens = str(options.httpTokens, "metadataOptions.httpTokens");
  if (tokens === undefined) return "unset";
  return tokens.toLowerCase() === "required" ? "v2" : { v1: tokens };
}

const UNSET_DEFAULT =
  'it is unset, so AWS applies the AMI\'s setting, which is "optional" (IMDSv1 allowed) unless the AMI was registered with ImdsSupport v2.0';

export const ec2Imdsv2Required = stackPolicy({
  name: "ec2-imdsv2-required",
  description:
    'Checks that EC2 instances and launch templates require IMDSv2 session tokens (metadataOptions.httpTokens "required", or the metadata endpoint disabled), so a server-side request forgery cannot read the instance role\'s credentials through IMDSv1. An instance that leaves metadataOptions unset is judged by the launch template it launches from; unset everywhere is a violation, because AWS then allows IMDSv1 unless the AMI says otherwise.',
  severity: "high",
  // No checklist item covers instance metadata: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    'Set metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 } on every aws.ec2.Instance and aws.ec2.LaunchTemplate (hop limit 2 where containers on the instance need the metadata service). Check first that the software on the instance uses an AWS SDK that supports IMDSv2.',
  judges: ["ec2Instance", "launchTemplate"],
  validateStack(stack, { violation, check }) {
    const judge = (resource: StackResource, what: string) => {
      const access = metadataAccess(resource.props);
      if (typeof access === "object")
        violation(
          `Set metadataOptions.httpTokens to "required" on this ${what}; it is ${quoted(access.v1, HTTP_TOKENS)}, which allows IMDSv1.`,
          resource.urn,
        );
      return access;
    };
    for (const template of stack.ofType("launchTemplate")) {
      check(() => {
        if (judge(template, "launch template") === "unset")
          violation(
            `Set metadataOptions.httpTokens to "required" on this launch template; ${UNSET_DEFAULT}.`,
            template.urn,
          );
      }, template.urn);
    }
    for (const instance of stack.ofType("ec2Instance")) {
      check(() => {
        if (judge(instance, "instance") !== "unset") return;
        const link = launchTemplateOf(stack, instance);
        if (link.kind === "managed") {
          // The template's own finding says what to fix there; an instance that inherits a good template passes.
          const inherited = attempt(() => metadataAccess(link.template.props));
          if (inherited instanceof UnknownInput) throw new UnknownInput(`launchTemplate.${inherited.path}`);
          if (inherited === "v2" || inherited === "disabled") return;
          violation(
            'Set metadataOptions.httpTokens to "required" on this instance or on its launch template; the launch template allows IMDSv1.',
            instance.urn,
          );
        } else if (link.kind === "external") {
          violation(
            'Set metadataOptions.httpTokens to "required" on this instance; its launch template is not declared in this stack, so what it sets cannot be verified.',
            instance.urn,
          );
        } else {
          violation(
            `Set metadataOptions.httpTokens to "required" on this instance; ${UNSET_DEFAULT}.`,
            instance.urn,
          );
        }
      }, instance.urn);
    }
  },
});
