import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { launchTemplateOf, subnetOf } from "../../lib/aws/ec2-instance";
import { arr, asProps, attempt, bool, knownString, obj, Props, UnknownInput } from "../../lib/values";

interface Config {
  allowedNames: string[];
}

/** Whether a launch template's network interfaces assign a public IP: yes, no, or not said. Throws UnknownInput. */
function templateAssignsPublicIp(props: Props): boolean | undefined {
  const choices = arr(props.networkInterfaces, "networkInterfaces").map((value, i) =>
    bool(
      obj(value, `networkInterfaces[${i}]`)?.associatePublicIpAddress,
      `networkInterfaces[${i}].associatePublicIpAddress`,
    ),
  );
  if (choices.includes(true)) return true;
  return choices.includes(false) ? false : undefined;
}

const REMEDY =
  "reach it through a load balancer, AWS Systems Manager Session Manager or a bastion on the allow-list";

export const ec2NoPublicIp = stackPolicy<Config>({
  name: "ec2-no-public-ip",
  description:
    "Checks that EC2 instances and launch templates do not give instances a public IP address: associatePublicIpAddress true on an instance or in a launch template's networkInterfaces, or, where the instance leaves it unset, a subnet that maps public IPs on launch (the default VPC's subnets do). Instances and launch templates named in allowedNames (a bastion) are exempt.",
  severity: "high",
  // No checklist item covers instance exposure: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    'Set associatePublicIpAddress: false on aws.ec2.Instance (and associatePublicIpAddress: "false" in every launch template networkInterfaces entry), launch instances in private subnets (mapPublicIpOnLaunch false), and reach them through a load balancer or AWS Systems Manager Session Manager. A host that must be reachable (a bastion) goes in this policy\'s allowedNames.',
  config: {
    allowedNames: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "Names of instances and launch templates that may have a public IP (a bastion): the Pulumi resource name or the Name tag.",
    },
  },
  judges: ["ec2Instance", "launchTemplate"],
  validateStack(stack, { config, violation, check }) {
    const allowed = (resource: StackResource) =>
      config.allowedNames.includes(resource.name) ||
      config.allowedNames.includes(knownString(asProps(resource.props.tags)?.Name) ?? "");

    for (const template of stack.ofType("launchTemplate")) {
      if (allowed(template)) continue;
      check(() => {
        if (templateAssignsPublicIp(template.props) === true)
          violation(
            `Set associatePublicIpAddress to "false" in this launch template's networkInterfaces; instances launched from it get a public IP. Keep them private and ${REMEDY}.`,
            template.urn,
          );
      }, template.urn);
    }
    for (const instance of stack.ofType("ec2Instance")) {
      if (allowed(instance)) continue;
      check(() => {
        const own = bool(instance.props.associatePublicIpAddress, "associatePublicIpAddress");
        if (own === true) {
          violation(
            `Set associatePublicIpAddress to false on this instance; it is true. Keep it private and ${REMEDY}.`,
            instance.urn,
          );
          return;
        }
        if (own === false) return;
        const link = launchTemplateOf(stack, instance);
        if (link.kind === "managed") {
          const inherited = attempt(() => templateAssignsPublicIp(link.template.props));
          if (inherited instanceof UnknownInput) throw new UnknownInput(`launchTemplate.${inherited.path}`);
          if (inherited === true) {
            violation(
              `Set associatePublicIpAddress to false on this instance; its launch template assigns a public IP.`,
              instance.urn,
            );
            return;
          }
          if (inherited === false) return;
        }
        const subnet = subnetOf(stack, instance, link.kind === "managed" ? link.template : undefined);
        if (subnet.kind === "managed") {
          const maps = attempt(() => bool(subnet.subnet.props.mapPublicIpOnLaunch, "mapPublicIpOnLaunch"));
          if (maps instanceof UnknownInput) throw new UnknownInput(`subnetId.${maps.path}`);
          if (maps === true)
            violation(
              "Set associatePublicIpAddress to false on this instance, or launch it in a private subnet; its subnet maps a public IP on launch.",
              instance.urn,
            );
        } else if (subnet.kind === "network-interface") {
          // An existing network interface never gets a public IP at launch; its own settings decide.
        } else if (subnet.kind === "external") {
          violation(
            "Set associatePublicIpAddress to false on this instance; it is unset and its subnet is not declared in this stack, so whether the subnet maps a public IP on launch cannot be verified.",
            instance.urn,
          );
        } else {
          violation(
            "Set subnetId to a private subnet and associatePublicIpAddress to false on this instance; without a subnet it launches in the default VPC, whose subnets map a public IP on launch.",
            instance.urn,
          );
        }
      }, instance.urn);
    }
  },
});
