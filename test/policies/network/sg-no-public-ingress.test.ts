import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "sg-no-public-ingress";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const web = (port: number, extra: Record<string, unknown> = {}) => ({
  protocol: "tcp",
  fromPort: port,
  toPort: port,
  cidrBlocks: ["0.0.0.0/0"],
  ipv6CidrBlocks: ["::/0"],
  ...extra,
});
const group = (name: string, ingress: unknown[], props: Record<string, unknown> = {}): ResourceSpec => ({
  type: SG,
  name,
  props: { vpcId: UNKNOWN, id: UNKNOWN, ingress, ...props },
});
const lb = (
  refs: Record<string, string[]> = { securityGroups: ["alb-sg"] },
  props: Record<string, unknown> = {},
): ResourceSpec => ({
  type: "aws:lb/loadBalancer:LoadBalancer",
  name: "alb",
  props: { internal: false, securityGroups: [UNKNOWN], ...props },
  refs,
});
const baseline = (): ResourceSpec[] => [
  lb(),
  group("alb-sg", [web(443), web(80)]),
  group("app-sg", [{ protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: [UNKNOWN] }]),
];
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);
const LB_ONLY = "Only a load balancer's security group may accept ports 80, 443 from the internet.";
const ONLY_PUBLIC = "Only ports 80, 443 on a load balancer's security group may be open to the internet.";

describe(POLICY, () => {
  it("passes 80 and 443 from the internet on the load balancer's security group only", async () => {
    expect(await run(baseline())).toEqual([]);
  });

  it("reports one finding per security group, naming every inline rule at fault", async () => {
    const wide = group("wide-sg", [
      web(22, { ipv6CidrBlocks: [] }),
      { protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: [UNKNOWN] },
      web(5432, { ipv6CidrBlocks: [] }),
    ]);
    expect(await run([...baseline(), wide])).toEqual([
      [
        "violation",
        "mandatory",
        "wide-sg",
        `Remove ingress[0] and ingress[2] of this security group: ingress[0] opens tcp port 22 from the internet (0.0.0.0/0); ingress[2] opens database port 5432 from the internet (0.0.0.0/0). ${ONLY_PUBLIC} Reach databases only from inside the VPC.`,
      ],
    ]);
  });

  it("fails a web port open to the internet on a group no load balancer uses", async () => {
    expect(await run([...baseline(), group("app2-sg", [web(443, { ipv6CidrBlocks: [] })])])).toEqual([
      [
        "violation",
        "mandatory",
        "app2-sg",
        `Remove ingress[0] of this security group: it opens port 443 from the internet (0.0.0.0/0) on a security group no load balancer in this stack uses. ${LB_ONLY}`,
      ],
    ]);
  });

  it("fails SSH from the internet", async () => {
    expect(await run([...baseline(), group("bastion-sg", [web(22)])])).toEqual([
      [
        "violation",
        "mandatory",
        "bastion-sg",
        `Remove ingress[0] of this security group: it opens tcp port 22 from the internet (0.0.0.0/0, ::/0). ${ONLY_PUBLIC}`,
      ],
    ]);
  });

  it("never allows a database port from the internet, even on a load balancer's group", async () => {
    expect(await run([lb(), group("alb-sg", [web(443), web(5432, { ipv6CidrBlocks: [] })])])).toEqual([
      [
        "violation",
        "mandatory",
        "alb-sg",
        "Remove ingress[1] of this security group: it opens database port 5432 from the internet (0.0.0.0/0). Reach databases only from inside the VPC.",
      ],
    ]);
    expect(
      await run([group("db-sg", [{ protocol: "6", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }])]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "db-sg",
        "Remove ingress[0] of this security group: it opens database ports 5432, 3306, 6432, 1433, 27017, 6379 from the internet (0.0.0.0/0). Reach databases only from inside the VPC.",
      ],
    ]);
  });

  it("always fails all traffic from the internet", async () => {
    expect(
      await run([
        lb(),
        group("alb-sg", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "alb-sg",
        "Remove ingress[0] of this security group: it allows all traffic from the internet (0.0.0.0/0). Open only ports 80, 443 on a load balancer's security group.",
      ],
    ]);
  });

  it("fails other protocols from the internet", async () => {
    expect(
      await run([
        group("ping-sg", [{ protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }]),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "ping-sg",
        `Remove ingress[0] of this security group: it allows protocol icmp from the internet (0.0.0.0/0). ${ONLY_PUBLIC}`,
      ],
    ]);
  });

  it("judges aws.ec2.SecurityGroupRule resources through the group they belong to", async () => {
    const rule = (name: string, target: string, props: Record<string, unknown>): ResourceSpec => ({
      type: "aws:ec2/securityGroupRule:SecurityGroupRule",
      name,
      props: {
        type: "ingress",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
        securityGroupId: UNKNOWN,
        ...props,
      },
      refs: { securityGroupId: [target] },
    });
    expect(
      await run([
        ...baseline(),
        rule("alb-https", "alb-sg", {}),
        rule("app-https", "app-sg", {}),
        rule("app-egress", "app-sg", { type: "egress", fromPort: 0, toPort: 65535 }),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "app-https",
        `Remove this ingress rule: it opens port 443 from the internet (0.0.0.0/0) on a security group no load balancer in this stack uses. ${LB_ONLY}`,
      ],
    ]);
  });

  it("judges aws.vpc.SecurityGroupIngressRule resources", async () => {
    const rule = (name: string, props: Record<string, unknown>): ResourceSpec => ({
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name,
      props: { securityGroupId: UNKNOWN, ...props },
      refs: { securityGroupId: ["alb-sg"] },
    });
    expect(
      await run([
        ...baseline(),
        rule("alb-https-v6", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" }),
        rule("alb-ssh", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" }),
        rule("alb-all", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        rule("alb-vpc", { ipProtocol: "-1", cidrIpv4: "10.0.0.0/16" }),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "alb-all",
        "Remove this ingress rule: it allows all traffic from the internet (0.0.0.0/0). Open only ports 80, 443 on a load balancer's security group.",
      ],
      [
        "violation",
        "mandatory",
        "alb-ssh",
        `Remove this ingress rule: it opens tcp port 22 from the internet (::/0). ${ONLY_PUBLIC}`,
      ],
    ]);
  });

  it("covers the default security group", async () => {
    const defaults: ResourceSpec = {
      type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      name: "default",
      props: { vpcId: UNKNOWN, ingress: [web(22, { ipv6CidrBlocks: [] })] },
    };
    expect(await run([defaults])).toEqual([
      [
        "violation",
        "mandatory",
        "default",
        `Remove ingress[0] of this security group: it opens tcp port 22 from the internet (0.0.0.0/0). ${ONLY_PUBLIC}`,
      ],
    ]);
  });

  it("joins a load balancer to its group by id when no dependency was recorded", async () => {
    expect(
      await run([lb({}, { securityGroups: ["sg-0abc"] }), group("alb-sg", [web(443)], { id: "sg-0abc" })]),
    ).toEqual([]);
  });

  it("honours configured public ports", async () => {
    const config = { all: "mandatory", [POLICY]: { publicPorts: [443] } };
    expect(await run(baseline(), config)).toEqual([
      [
        "violation",
        "mandatory",
        "alb-sg",
        "Remove ingress[1] of this security group: it opens tcp port 80 from the internet (0.0.0.0/0, ::/0). Only ports 443 on a load balancer's security group may be open to the internet.",
      ],
    ]);
  });

  it("reports unknown sources and ports as unverified, and ignores unknown ports of private rules", async () => {
    expect(
      await run([group("app-sg", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN }])]),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "app-sg",
        "[unverified at preview] ingress[0].cidrBlocks is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      await run([
        group("app-sg", [{ protocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: ["0.0.0.0/0"] }]),
      ]),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "app-sg",
        "[unverified at preview] ingress[0].fromPort is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      await run([
        group("app-sg", [
          { protocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: ["10.0.0.0/8"] },
        ]),
      ]),
    ).toEqual([]);
    expect(await run([group("app-sg", UNKNOWN as unknown as unknown[])])).toEqual([
      [
        "unverified",
        "advisory",
        "app-sg",
        "[unverified at preview] ingress is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    expect(
      await run([group("odd-sg", [null, { cidrBlocks: "0.0.0.0/0" }, { cidrBlocks: [null, 7] }])]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "odd-sg",
        `Remove ingress[1] of this security group: it allows protocol unset from the internet (0.0.0.0/0). ${ONLY_PUBLIC}`,
      ],
    ]);
  });
});
