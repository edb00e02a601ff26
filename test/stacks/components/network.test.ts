import { cidrSubnet, natGatewayZones, subnetLayout } from "../../../stacks/components/network";

function range(cidr: string): [number, number] {
  const [address, prefix] = cidr.split("/");
  const start = address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
  return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

describe("cidrSubnet", () => {
  test("carves numbered blocks like Terraform's cidrsubnet", () => {
    expect(cidrSubnet("10.30.0.0/16", 2, 0)).toBe("10.30.0.0/18");
    expect(cidrSubnet("10.30.0.0/16", 2, 2)).toBe("10.30.128.0/18");
    expect(cidrSubnet("10.30.0.0/16", 6, 48)).toBe("10.30.192.0/22");
    expect(cidrSubnet("10.30.0.0/16", 8, 255)).toBe("10.30.255.0/24");
  });

  test("refuses blocks outside the range and misaligned bases", () => {
    expect(() => cidrSubnet("10.30.0.0/16", 2, 4)).toThrow(
      "10.30.0.0/16 has only 4 blocks of /18; asked for block 4.",
    );
    expect(() => cidrSubnet("10.30.1.0/16", 2, 0)).toThrow("10.30.1.0/16 is not aligned to its prefix.");
    expect(() => cidrSubnet("10.30.0.0/30", 4, 0)).toThrow("Cannot carve /34 blocks out of 10.30.0.0/30.");
  });
});

describe("subnetLayout", () => {
  test.each([
    ["10.30.0.0/16", 3],
    ["10.10.0.0/16", 2],
    ["172.16.0.0/19", 3],
  ])("%s over %i zones: three tiers per zone, none overlapping, all inside the VPC", (vpc, zones) => {
    const layout = subnetLayout(vpc, zones);
    expect(layout).toHaveLength(zones);
    const blocks = layout.flatMap((zone) => [zone.public, zone.private, zone.isolated]).map(range);
    const [vpcStart, vpcEnd] = range(vpc);
    for (const [start, end] of blocks) {
      expect(start).toBeGreaterThanOrEqual(vpcStart);
      expect(end).toBeLessThanOrEqual(vpcEnd);
    }
    const sorted = [...blocks].sort((left, right) => left[0] - right[0]);
    for (let index = 1; index < sorted.length; index++)
      expect(sorted[index][0]).toBeGreaterThan(sorted[index - 1][1]);
  });

  test("private subnets are the large ones (tasks use the addresses)", () => {
    expect(subnetLayout("10.30.0.0/16", 3)[0]).toEqual({
      private: "10.30.0.0/18",
      public: "10.30.192.0/22",
      isolated: "10.30.208.0/22",
    });
  });

  test("refuses one zone and VPCs too small for an ALB subnet", () => {
    expect(() => subnetLayout("10.30.0.0/16", 1)).toThrow("availabilityZoneCount must be 2 or 3; got 1.");
    expect(() => subnetLayout("10.30.0.0/24", 2)).toThrow(
      "vpcCidr must be between /16 and /19; got 10.30.0.0/24.",
    );
  });
});

describe("natGatewayZones", () => {
  test("one NAT gateway per zone, or a single one", () => {
    expect(natGatewayZones(3, true)).toEqual([0, 1, 2]);
    expect(natGatewayZones(3, false)).toEqual([0]);
  });
});
