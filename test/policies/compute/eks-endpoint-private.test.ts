import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { cluster } from "./ec2-fixtures";

const POLICY = "eks-endpoint-private";
const OPEN =
  "Set vpcConfig.endpointPublicAccess to false, or restrict vpcConfig.publicAccessCidrs to your own networks";
const publicEndpoint = (cidrs?: unknown) =>
  cluster({
    vpcConfig: {
      subnetIds: [UNKNOWN],
      endpointPublicAccess: true,
      ...(cidrs ? { publicAccessCidrs: cidrs } : {}),
    },
  });

describe(POLICY, () => {
  it("passes a private endpoint and a public one restricted to listed networks", async () => {
    expect(findingsOf(await analyze([cluster()]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([publicEndpoint(["203.0.113.0/24"])]), POLICY)).toEqual([]);
  });

  it("fails the AWS default: a public endpoint open to 0.0.0.0/0", async () => {
    expect(findingsOf(await analyze([cluster({ vpcConfig: { subnetIds: [UNKNOWN] } })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        `${OPEN}; the public endpoint is on and publicAccessCidrs is unset, which AWS reads as 0.0.0.0/0.`,
      ],
    ]);
    expect(findingsOf(await analyze([publicEndpoint(["203.0.113.0/24", "0.0.0.0/0"])]), POLICY)).toEqual([
      ["violation", "mandatory", "platform", `${OPEN}; publicAccessCidrs admits the whole internet.`],
    ]);
  });

  it("fails CIDRs outside allowedPublicAccessCidrs when that list is configured", async () => {
    const config = { all: "mandatory", [POLICY]: { allowedPublicAccessCidrs: ["203.0.113.0/24"] } };
    expect(findingsOf(await analyze([publicEndpoint(["203.0.113.0/24"])], { config }), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([publicEndpoint(["198.51.100.7/32"])], { config }), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        "Restrict vpcConfig.publicAccessCidrs to the CIDRs in allowedPublicAccessCidrs; 1 of its entries is not listed there.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    const unknownSwitch = cluster({ vpcConfig: { subnetIds: [UNKNOWN], endpointPublicAccess: UNKNOWN } });
    expect(findingsOf(await analyze([unknownSwitch]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "platform",
        "[unverified at preview] vpcConfig.endpointPublicAccess is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([publicEndpoint([UNKNOWN])]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "platform",
        "[unverified at preview] vpcConfig.publicAccessCidrs[0] is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on malformed input", async () => {
    expect(findingsOf(await analyze([cluster({ vpcConfig: [1] })]), POLICY)).toHaveLength(1);
  });
});
