/**
 * What an EC2 instance launches with: the launch template it names (settings the instance leaves
 * unset come from the template) and the subnet it lands in (whose mapPublicIpOnLaunch decides a
 * public IP the instance does not choose). Joined through the recorded dependencies, or by a known
 * id or name for stacks whose dependencies were not recorded.
 */
import { StackResource, StackView } from "../stack";
import { knownString, obj, str } from "../values";

/** The launch template of an instance: none named, one declared in the stack, or one managed elsewhere. */
export type LaunchTemplateLink =
  { kind: "none" } | { kind: "managed"; template: StackResource } | { kind: "external" };

/** The launch template `launchTemplate` ({id | name, version}) names. Throws UnknownInput when it cannot be joined. */
export function launchTemplateOf(stack: StackView, instance: StackResource): LaunchTemplateLink {
  const linked = stack.referenced(instance, "launchTemplate", "launchTemplate");
  if (linked.length > 0) return { kind: "managed", template: linked[0] };
  const spec = obj(instance.props.launchTemplate, "launchTemplate");
  if (!spec) return { kind: "none" };
  const id = str(spec.id, "launchTemplate.id");
  const name = str(spec.name, "launchTemplate.name");
  if (!id && !name) return { kind: "none" };
  const template = stack
    .ofType("launchTemplate")
    .find((t) => (id && knownString(t.props.id) === id) || (name && knownString(t.props.name) === name));
  return template ? { kind: "managed", template } : { kind: "external" };
}

/**
 * The subnet an instance launches in: unset (the default VPC's default subnet), declared in the stack,
 * managed elsewhere, or an existing network interface's (which never gets a public IP at launch).
 */
export type SubnetLink =
  | { kind: "unset" }
  | { kind: "managed"; subnet: StackResource }
  | { kind: "external" }
  | { kind: "network-interface" };

/**
 * Where the instance's own `subnetId` is unset, the subnet its launch template's network interfaces
 * name decides. Throws UnknownInput when `subnetId` is unknown and no dependency names the subnet.
 */
export function subnetOf(stack: StackView, instance: StackResource, template?: StackResource): SubnetLink {
  const linked = stack.referenced(instance, "subnetId", "subnet");
  if (linked.length > 0) return { kind: "managed", subnet: linked[0] };
  const id = str(instance.props.subnetId, "subnetId");
  if (id) return { kind: "external" };
  const attached = ["primaryNetworkInterface", "networkInterfaces"].some((key) => {
    const value = instance.props[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
  });
  if (attached) return { kind: "network-interface" };
  const fromTemplate = template ? stack.referenced(template, "networkInterfaces", "subnet") : [];
  if (fromTemplate.length > 0) return { kind: "managed", subnet: fromTemplate[0] };
  return { kind: "unset" };
}
