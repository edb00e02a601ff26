import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { instance, LAUNCH_TEMPLATE, spec, subnet, template, templated } from "./ec2-fixtures";

const POLICY = "ec2-no-public-ip";
const REMEDY =
  "reach it through a load balancer, AWS Systems Manager Session Manager or a bastion on the allow-list.";

describe(POLICY, () => {
  it("passes private instances and launch templates", async () => {
    expect(findingsOf(await analyze([subnet(), template(), instance(), templated()]), POLICY)).toEqual([]);
  });

  it("fails associatePublicIpAddress true on an instance and in a launch template", async () => {
    const lt = template({ networkInterfaces: [{ associatePublicIpAddress: "true" }] });
    expect(
      findingsOf(await analyze([subnet(), lt, instance({ associatePublicIpAddress: true })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Set associatePublicIpAddress to false on this instance; it is true. Keep it private and ${REMEDY}`,
      ],
      [
        "violation",
        "mandatory",
        "workers",
        `Set associatePublicIpAddress to "false" in this launch template's networkInterfaces; instances launched from it get a public IP. Keep them private and ${REMEDY}`,
      ],
    ]);
  });

  it("judges an unset choice by the launch template, then the subnet", async () => {
    const lt = template({ networkInterfaces: [{ associatePublicIpAddress: "true" }] });
    expect(findingsOf(await analyze([subnet(), lt, templated()]), POLICY)).toContainEqual([
      "violation",
      "mandatory",
      "app",
      "Set associatePublicIpAddress to false on this instance; its launch template assigns a public IP.",
    ]);
    const publicSubnet = subnet({ mapPublicIpOnLaunch: true });
    expect(
      findingsOf(await analyze([publicSubnet, instance({ associatePublicIpAddress: undefined })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        "Set associatePublicIpAddress to false on this instance, or launch it in a private subnet; its subnet maps a public IP on launch.",
      ],
    ]);
    expect(
      findingsOf(await analyze([subnet(), instance({ associatePublicIpAddress: undefined })]), POLICY),
    ).toEqual([]);
  });

  it("fails an unset choice in a subnet the stack does not declare, or in the default VPC", async () => {
    const external = instance({ associatePublicIpAddress: undefined, subnetId: "subnet-0abc" }, {});
    const defaultVpc = instance({ associatePublicIpAddress: undefined, subnetId: undefined }, {});
    expect(findingsOf(await analyze([external]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        "Set associatePublicIpAddress to false on this instance; it is unset and its subnet is not declared in this stack, so whether the subnet maps a public IP on launch cannot be verified.",
      ],
    ]);
    expect(findingsOf(await analyze([defaultVpc]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        "Set subnetId to a private subnet and associatePublicIpAddress to false on this instance; without a subnet it launches in the default VPC, whose subnets map a public IP on launch.",
      ],
    ]);
  });

  it("judges an instance without a subnet by its network interface or its launch template's subnet", async () => {
    const onInterface = instance(
      {
        associatePublicIpAddress: undefined,
        subnetId: undefined,
        primaryNetworkInterface: { networkInterfaceId: UNKNOWN },
      },
      {},
    );
    expect(findingsOf(await analyze([onInterface]), POLICY)).toEqual([]);
    const publicSubnet = subnet({ mapPublicIpOnLaunch: true });
    const lt = spec(
      LAUNCH_TEMPLATE,
      "workers",
      { networkInterfaces: [{ subnetId: UNKNOWN }] },
      {},
      { networkInterfaces: ["private-a"] },
    );
    const fromTemplate = instance(
      { associatePublicIpAddress: undefined, subnetId: undefined, launchTemplate: { id: UNKNOWN } },
      { launchTemplate: ["workers"] },
    );
    expect(findingsOf(await analyze([publicSubnet, lt, fromTemplate]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        "Set associatePublicIpAddress to false on this instance, or launch it in a private subnet; its subnet maps a public IP on launch.",
      ],
    ]);
  });

  it("exempts allowed names (the resource name or the Name tag)", async () => {
    const bastion = instance({ associatePublicIpAddress: true, tags: { Name: "bastion" } });
    const config = { all: "mandatory", [POLICY]: { allowedNames: ["bastion"] } };
    expect(findingsOf(await analyze([subnet(), bastion], { config }), POLICY)).toEqual([]);
  });

  it("is advisory in the org baseline and dev, mandatory in production", async () => {
    const exposed = [subnet(), instance({ associatePublicIpAddress: true })];
    const levels = async (profile: string) =>
      findingsOf(
        await analyze(exposed, { config: require(`../../../policies/config/${profile}.json`) }),
        POLICY,
      ).map(([, level]) => level);
    expect(await levels("production")).toEqual(["mandatory"]);
    expect(await levels("org-baseline")).toEqual(["advisory"]);
    expect(await levels("dev")).toEqual(["advisory"]);
  });

  it("reports unknowns as unverified", async () => {
    expect(
      findingsOf(
        await analyze([
          subnet({ mapPublicIpOnLaunch: UNKNOWN }),
          instance({ associatePublicIpAddress: undefined }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] subnetId.mapPublicIpOnLaunch is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      findingsOf(await analyze([subnet(), instance({ associatePublicIpAddress: UNKNOWN })]), POLICY),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] associatePublicIpAddress is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on malformed input", async () => {
    const lt = template({ networkInterfaces: [null, "eth0"] });
    expect(findingsOf(await analyze([subnet(), lt, instance({ tags: "x" })]), POLICY)).toEqual([]);
  });
});
