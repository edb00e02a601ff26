import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { ENCRYPTION_BY_DEFAULT, instance, spec, subnet, template, templated, VOLUME } from "./ec2-fixtures";

const POLICY = "ec2-ebs-encrypted";
const volume = (changes: Record<string, unknown> = {}) =>
  spec(VOLUME, "data", { availabilityZone: "eu-west-1a", size: 100, encrypted: true }, changes);
const byDefault = (changes: Record<string, unknown> = {}) =>
  spec(ENCRYPTION_BY_DEFAULT, "ebs-default", { enabled: true }, changes);
const NO_DEFAULT =
  "it is unset and no aws.ebs.EncryptionByDefault in this stack enables encryption by default.";

describe(POLICY, () => {
  it("passes encrypted root, attached, standalone and launch template volumes", async () => {
    expect(
      findingsOf(await analyze([subnet(), template(), instance(), templated(), volume()]), POLICY),
    ).toEqual([]);
  });

  it("fails volumes set to unencrypted, even with encryption by default", async () => {
    const plain = instance({
      rootBlockDevice: { encrypted: false },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }],
    });
    const lt = template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] });
    expect(
      findingsOf(await analyze([subnet(), byDefault(), plain, lt, volume({ encrypted: false })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "data",
        "Set encrypted to true; it is false, so this volume is not encrypted at rest.",
      ],
      [
        "violation",
        "mandatory",
        "app",
        "Set ebsBlockDevices[0].encrypted to true; it is false, so this instance's volume is not encrypted at rest.",
      ],
      [
        "violation",
        "mandatory",
        "app",
        "Set rootBlockDevice.encrypted to true; it is false, so this instance's volume is not encrypted at rest.",
      ],
      [
        "violation",
        "mandatory",
        "workers",
        "Set blockDeviceMappings[0].ebs.encrypted to true; it is false, so this launch template's volume is not encrypted at rest.",
      ],
    ]);
  });

  it("fails unset encryption without encryption by default", async () => {
    const unset = instance({ rootBlockDevice: undefined, ebsBlockDevices: [{ deviceName: "/dev/sdf" }] });
    expect(
      findingsOf(
        await analyze([
          subnet(),
          unset,
          template({ blockDeviceMappings: undefined }),
          volume({ encrypted: undefined }),
        ]),
        POLICY,
      ),
    ).toEqual([
      ["violation", "mandatory", "data", `Set encrypted to true; ${NO_DEFAULT}`],
      ["violation", "mandatory", "app", `Set ebsBlockDevices[0].encrypted to true; ${NO_DEFAULT}`],
      ["violation", "mandatory", "app", `Set rootBlockDevice.encrypted to true; ${NO_DEFAULT}`],
      [
        "violation",
        "mandatory",
        "workers",
        `Add a blockDeviceMappings entry for the root device with ebs.encrypted "true"; ${NO_DEFAULT}`,
      ],
    ]);
  });

  it("passes unset encryption when the stack enables encryption by default, unless that is not trusted", async () => {
    const unset = [subnet(), instance({ rootBlockDevice: undefined }), volume({ encrypted: undefined })];
    expect(findingsOf(await analyze([...unset, byDefault()]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([...unset, byDefault({ enabled: undefined })]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([...unset, byDefault({ enabled: false })]), POLICY)).toHaveLength(2);
    const distrust = { all: "mandatory", [POLICY]: { trustEncryptionByDefault: false } };
    expect(findingsOf(await analyze([...unset, byDefault()], { config: distrust }), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "data",
        "Set encrypted to true; it is unset and encryption by default is not trusted (trustEncryptionByDefault is off).",
      ],
      [
        "violation",
        "mandatory",
        "app",
        "Set rootBlockDevice.encrypted to true; it is unset and encryption by default is not trusted (trustEncryptionByDefault is off).",
      ],
    ]);
  });

  it("judges an instance's unset root volume by its launch template's mappings", async () => {
    const unencryptedMapping = template({
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30 } }],
    });
    expect(findingsOf(await analyze([subnet(), unencryptedMapping, templated()]), POLICY)).toEqual([
      ["violation", "mandatory", "app", `Set rootBlockDevice.encrypted to true; ${NO_DEFAULT}`],
      [
        "violation",
        "mandatory",
        "workers",
        `Set blockDeviceMappings[0].ebs.encrypted to true; ${NO_DEFAULT}`,
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(
      findingsOf(
        await analyze([subnet(), volume({ encrypted: undefined }), byDefault({ enabled: UNKNOWN })]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "data",
        "[unverified at preview] aws.ebs.EncryptionByDefault enabled is not known until deploy; enforced at deploy.",
      ],
    ]);
    const unknownMapping = template({
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: UNKNOWN } }],
    });
    expect(findingsOf(await analyze([subnet(), unknownMapping, templated()]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] launchTemplate.blockDeviceMappings[0].ebs.encrypted is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "workers",
        "[unverified at preview] blockDeviceMappings[0].ebs.encrypted is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on malformed input", async () => {
    const odd = instance({ rootBlockDevice: "yes", ebsBlockDevices: [null, 3] });
    expect(
      findingsOf(
        await analyze([subnet(), byDefault(), odd, template({ blockDeviceMappings: [null, { ebs: 5 }] })]),
        POLICY,
      ),
    ).toEqual([]);
  });
});
