import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { encryptionSwitch } from "../../lib/aws/encryption";
import { launchTemplateOf } from "../../lib/aws/ec2-instance";
import { arr, attempt, bool, obj, Props, UnknownInput } from "../../lib/values";

interface Config {
  trustEncryptionByDefault: boolean;
}

/** One EBS volume a resource declares: where its switch is, for messages, and the switch. */
interface Volume {
  path: string;
  encrypted: "on" | "off" | "unset";
  /** What to do when it is unset, where "Set <path> to true" does not say it. */
  fix?: string;
}

/**
 * Whether an aws.ebs.EncryptionByDefault in the stack turns on encryption for volumes that do not
 * choose (its `enabled` defaults to true). Throws UnknownInput when that depends on an unknown value.
 */
function encryptedByDefault(stack: StackView): boolean {
  let unknown: UnknownInput | undefined;
  for (const setting of stack.ofType("ebsEncryptionByDefault")) {
    const enabled = attempt(() => bool(setting.props.enabled, "enabled"));
    if (enabled instanceof UnknownInput) unknown = new UnknownInput("aws.ebs.EncryptionByDefault enabled");
    else if (enabled !== false) return true;
  }
  if (unknown) throw unknown;
  return false;
}

/** The EBS mappings of a launch template (entries without `ebs` map instance stores or suppress a device). Throws UnknownInput. */
function templateVolumes(props: Props): Volume[] {
  return arr(props.blockDeviceMappings, "blockDeviceMappings").flatMap((value, i) => {
    const path = `blockDeviceMappings[${i}].ebs`;
    const ebs = obj(obj(value, `blockDeviceMappings[${i}]`)?.ebs, path);
    return ebs
      ? [{ path: `${path}.encrypted`, encrypted: encryptionSwitch(ebs.encrypted, `${path}.encrypted`) }]
      : [];
  });
}

/** An instance's root device: its own rootBlockDevice, else a launch template in the stack whose EBS mappings are all encrypted. */
function rootVolume(stack: StackView, instance: StackResource): Volume {
  const root = obj(instance.props.rootBlockDevice, "rootBlockDevice");
  const own = encryptionSwitch(root?.encrypted, "rootBlockDevice.encrypted");
  if (own !== "unset") return { path: "rootBlockDevice.encrypted", encrypted: own };
  const link = launchTemplateOf(stack, instance);
  if (link.kind !== "managed") return { path: "rootBlockDevice.encrypted", encrypted: "unset" };
  const mappings = attempt(() => templateVolumes(link.template.props));
  if (mappings instanceof UnknownInput) throw new UnknownInput(`launchTemplate.${mappings.path}`);
  const covered = mappings.length > 0 && mappings.every((volume) => volume.encrypted === "on");
  return { path: "rootBlockDevice.encrypted", encrypted: covered ? "on" : "unset" };
}

export const ec2EbsEncrypted = stackPolicy<Config>({
  name: "ec2-ebs-encrypted",
  description:
    "Checks that EBS volumes are encrypted at rest: an EC2 instance's root and attached volumes (rootBlockDevice.encrypted, ebsBlockDevices[].encrypted, or the EBS mappings of the launch template it launches from), aws.ebs.Volume.encrypted, and a launch template's blockDeviceMappings[].ebs.encrypted. A volume that leaves encryption unset passes only where an aws.ebs.EncryptionByDefault in the stack enables encryption by default (and trustEncryptionByDefault is on); explicitly unencrypted volumes always fail.",
  severity: "high",
  // No checklist item covers encryption at rest: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    'Set encrypted: true on rootBlockDevice and every ebsBlockDevices entry of aws.ec2.Instance, on aws.ebs.Volume, and encrypted: "true" in every launch template blockDeviceMappings[].ebs (kmsKeyId for a customer-managed key); or declare aws.ebs.EncryptionByDefault { enabled: true } in the stack for the account and region. An existing unencrypted volume cannot be encrypted in place: snapshot it, copy the snapshot encrypted, and restore.',
  config: {
    trustEncryptionByDefault: {
      type: "boolean",
      default: true,
      description:
        "Accept an unset encryption switch when an aws.ebs.EncryptionByDefault in the same stack enables EBS encryption by default (it applies to the account and region of its provider).",
    },
  },
  judges: ["ec2Instance", "launchTemplate", "ebsVolume"],
  validateStack(stack, { config, violation, check }) {
    const judge = (resource: StackResource, volumes: () => Volume[], what: string) =>
      check(() => {
        for (const volume of volumes()) {
          if (volume.encrypted === "on") continue;
          if (volume.encrypted === "off") {
            violation(
              `Set ${volume.path} to true; it is false, so this ${what} is not encrypted at rest.`,
              resource.urn,
            );
          } else if (!config.trustEncryptionByDefault || !encryptedByDefault(stack)) {
            const why = config.trustEncryptionByDefault
              ? "no aws.ebs.EncryptionByDefault in this stack enables encryption by default"
              : "encryption by default is not trusted (trustEncryptionByDefault is off)";
            violation(`${volume.fix ?? `Set ${volume.path} to true`}; it is unset and ${why}.`, resource.urn);
          }
        }
      }, resource.urn);

    for (const instance of stack.ofType("ec2Instance")) {
      judge(
        instance,
        () => [
          rootVolume(stack, instance),
          ...arr(instance.props.ebsBlockDevices, "ebsBlockDevices").map((value, i) => {
            const path = `ebsBlockDevices[${i}].encrypted`;
            return {
              path,
              encrypted: encryptionSwitch(obj(value, `ebsBlockDevices[${i}]`)?.encrypted, path),
            };
          }),
        ],
        "instance's volume",
      );
    }
    for (const volume of stack.ofType("ebsVolume")) {
      judge(
        volume,
        () => [{ path: "encrypted", encrypted: encryptionSwitch(volume.props.encrypted, "encrypted") }],
        "volume",
      );
    }
    for (const template of stack.ofType("launchTemplate")) {
      judge(
        template,
        () => {
          const volumes = templateVolumes(template.props);
          // No EBS mapping: instances launched from it get the AMI's root volume, encrypted only if its snapshot is.
          if (volumes.length > 0) return volumes;
          const fix = 'Add a blockDeviceMappings entry for the root device with ebs.encrypted "true"';
          return [{ path: "blockDeviceMappings", encrypted: "unset", fix }];
        },
        "launch template's volume",
      );
    }
  },
});
