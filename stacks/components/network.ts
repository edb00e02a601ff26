import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";

/** The CIDR blocks of one availability zone's three subnet tiers. */
export interface ZoneSubnets {
  /** ALB and NAT gateways: routes to the internet gateway. */
  public: string;
  /** ECS tasks, RDS Proxy, rotation Lambda: egress through NAT only. */
  private: string;
  /** RDS: no route out of the VPC at all. */
  isolated: string;
}

function ipv4ToNumber(address: string): number {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    throw new Error(`"${address}" is not an IPv4 address.`);
  }
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Terraform's cidrsubnet: the netNum-th block of prefix (base prefix + newBits) inside base. */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
  const [address, prefixText] = base.split("/");
  const prefix = Number(prefixText);
  const newPrefix = prefix + newBits;
  if (!Number.isInteger(prefix) || newPrefix > 32)
    throw new Error(`Cannot carve /${newPrefix} blocks out of ${base}.`);
  if (netNum < 0 || netNum >= 2 ** newBits)
    throw new Error(`${base} has only ${2 ** newBits} blocks of /${newPrefix}; asked for block ${netNum}.`);
  const baseNumber = ipv4ToNumber(address);
  if (baseNumber % 2 ** (32 - prefix) !== 0) throw new Error(`${base} is not aligned to its prefix.`);
  return `${numberToIpv4(baseNumber + netNum * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

/**
 * Subnet layout: three quarters of the VPC become large private subnets (where tasks run and IPs
 * run out first); the last quarter holds small public and isolated subnets.
 */
export function subnetLayout(vpcCidr: string, zoneCount: number): ZoneSubnets[] {
  const prefix = Number(vpcCidr.split("/")[1]);
  if (!(prefix >= 16 && prefix <= 19))
    throw new Error(`vpcCidr must be between /16 and /19; got ${vpcCidr}.`);
  if (!(Number.isInteger(zoneCount) && zoneCount >= 2 && zoneCount <= 3)) {
    throw new Error(`availabilityZoneCount must be 2 or 3; got ${zoneCount}.`);
  }
  return Array.from({ length: zoneCount }, (_, zone) => ({
    private: cidrSubnet(vpcCidr, 2, zone),
    public: cidrSubnet(vpcCidr, 6, 48 + zone),
    isolated: cidrSubnet(vpcCidr, 6, 52 + zone),
  }));
}

/** NAT gateways to create: one per zone, or one in the first zone that every zone routes through. */
export function natGatewayZones(zoneCount: number, perAz: boolean): number[] {
  return perAz ? Array.from({ length: zoneCount }, (_, zone) => zone) : [0];
}

export interface NetworkArgs {
  /** IPv4 CIDR of the VPC, /16 to /19. Default: "10.0.0.0/16". */
  vpcCidr?: string;
  /** Availability zones to spread every tier over, 2 or 3. Default: 2. */
  availabilityZoneCount?: number;
  /** One NAT gateway per zone (true) or one shared NAT gateway (false). Default: true. */
  natGatewayPerAz?: boolean;
  /** Days CloudWatch keeps the VPC flow logs. Default: 90. */
  flowLogRetentionDays?: number;
  /** Name of the private hosted zone that carries stable internal names such as db.<zone>. Required. */
  privateZoneName: string;
  /** Create the RDS Proxy security group and let only it reach the database (else the Django tasks do). Default: true. */
  rdsProxy?: boolean;
  /** Tags applied to every resource. Default: none. */
  tags?: Record<string, string>;
}

/** Who may talk to whom, as security groups: the traffic matrix lives in one place. */
export interface TierSecurityGroups {
  alb: aws.ec2.SecurityGroup;
  nextjs: aws.ec2.SecurityGroup;
  django: aws.ec2.SecurityGroup;
  proxy?: aws.ec2.SecurityGroup;
  rotation: aws.ec2.SecurityGroup;
  deployer: aws.ec2.SecurityGroup;
  database: aws.ec2.SecurityGroup;
}

const POSTGRES_PORT = 5432;
export const DJANGO_PORT = 8000;
export const NEXTJS_PORT = 3000;
/** CloudFront's origin-facing managed prefix list: the only source the ALB accepts. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/** VPC with public, private and isolated subnets over two or three zones, NAT, flow logs and the tier security groups. */
export class Network extends pulumi.ComponentResource {
  public readonly vpc: aws.ec2.Vpc;
  public readonly vpcCidr: string;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly isolatedSubnetIds: pulumi.Output<string>[];
  public readonly natGateways: aws.ec2.NatGateway[];
  public readonly flowLogGroup: aws.cloudwatch.LogGroup;
  public readonly privateZone: aws.route53.Zone;
  public readonly securityGroups: TierSecurityGroups;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prodready:network:Network", name, {}, opts);

    const vpcCidr = args.vpcCidr ?? "10.0.0.0/16";
    const zoneCount = args.availabilityZoneCount ?? 2;
    const natPerAz = args.natGatewayPerAz ?? true;
    const rdsProxy = args.rdsProxy ?? true;
    if (!args.privateZoneName)
      throw new Error("Network privateZoneName is required: set it to e.g. internal.prodready.example.");
    const layout = subnetLayout(vpcCidr, zoneCount); // throws with the option named
    const tags = (resourceName: string) => ({ ...args.tags, Name: resourceName });
    const parent = { parent: this };

    this.vpcCidr = vpcCidr;
    this.vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: vpcCidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: tags(`${name}-vpc`),
      },
      parent,
    );

    // The default security group allows all traffic between its members: leave it without rules.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      {
        vpcId: this.vpc.id,
        tags: tags(`${name}-default-locked`),
      },
      parent,
    );

    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent);
    const internetGateway = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: this.vpc.id, tags: tags(`${name}-igw`) },
      parent,
    );

    const publicRouteTable = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      {
        vpcId: this.vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
        tags: tags(`${name}-public`),
      },
      parent,
    );
    // Isolated subnets get a route table with only the implicit local route: no way out of the VPC.
    const isolatedRouteTable = new aws.ec2.RouteTable(
      `${name}-isolated-rt`,
      {
        vpcId: this.vpc.id,
        tags: tags(`${name}-isolated`),
      },
      parent,
    );

    const publicSubnets: aws.ec2.Subnet[] = [];
    const privateSubnets: aws.ec2.Subnet[] = [];
    const isolatedSubnets: aws.ec2.Subnet[] = [];
    layout.forEach((cidrs, zone) => {
      const availabilityZone = zones.names.apply((names) => {
        if (names.length <= zone)
          throw new Error(
            `availabilityZoneCount is ${zoneCount} but the region offers ${names.length} zones.`,
          );
        return names[zone];
      });
      const subnet = (tier: keyof ZoneSubnets, routeTableId: pulumi.Input<string>) => {
        const subnetName = `${name}-${tier}-${zone}`;
        const created = new aws.ec2.Subnet(
          subnetName,
          {
            vpcId: this.vpc.id,
            cidrBlock: cidrs[tier],
            availabilityZone,
            mapPublicIpOnLaunch: false,
            tags: { ...tags(subnetName), tier },
          },
          parent,
        );
        new aws.ec2.RouteTableAssociation(
          `${subnetName}-rta`,
          { subnetId: created.id, routeTableId },
          parent,
        );
        return created;
      };
      publicSubnets.push(subnet("public", publicRouteTable.id));
      isolatedSubnets.push(subnet("isolated", isolatedRouteTable.id));
    });

    this.natGateways = natGatewayZones(zoneCount, natPerAz).map((zone) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${zone}`,
        { domain: "vpc", tags: tags(`${name}-nat-${zone}`) },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${zone}`,
        {
          allocationId: eip.id,
          subnetId: publicSubnets[zone].id,
          tags: tags(`${name}-nat-${zone}`),
        },
        { parent: this, dependsOn: [internetGateway] },
      );
    });

    const privateRouteTables = layout.map((_, zone) => {
      // A zone uses its own NAT gateway when there is one per zone, so losing a zone loses only its egress.
      const nat = this.natGateways[natPerAz ? zone : 0];
      return new aws.ec2.RouteTable(
        `${name}-private-rt-${zone}`,
        {
          vpcId: this.vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
          tags: tags(`${name}-private-${zone}`),
        },
        parent,
      );
    });
    layout.forEach((cidrs, zone) => {
      const subnetName = `${name}-private-${zone}`;
      const created = new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: this.vpc.id,
          cidrBlock: cidrs.private,
          availabilityZone: zones.names.apply((names) => names[zone]),
          mapPublicIpOnLaunch: false,
          tags: { ...tags(subnetName), tier: "private" },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${subnetName}-rta`,
        { subnetId: created.id, routeTableId: privateRouteTables[zone].id },
        parent,
      );
      privateSubnets.push(created);
    });

    // S3 through a gateway endpoint: free, and media uploads do not pay NAT data processing.
    const region = aws.getRegionOutput({}, parent);
    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: this.vpc.id,
        serviceName: pulumi.interpolate`com.amazonaws.${region.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRouteTables.map((table) => table.id),
        tags: tags(`${name}-s3`),
      },
      parent,
    );

    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.isolatedSubnetIds = isolatedSubnets.map((subnet) => subnet.id);

    // Flow logs: the record of who talked to what, kept for incident review.
    this.flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: `/prodready/${pulumi.getStack()}/vpc-flow-logs`,
        retentionInDays: args.flowLogRetentionDays ?? 90,
        tags: tags(`${name}-flow-logs`),
      },
      parent,
    );
    const caller = aws.getCallerIdentityOutput({}, parent);
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs-role`,
      {
        assumeRolePolicy: caller.accountId.apply((sourceAccount) =>
          serviceTrustPolicy({ service: "vpc-flow-logs.amazonaws.com", sourceAccount }),
        ),
        tags: tags(`${name}-flow-logs`),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      {
        role: flowLogRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: [
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
              ],
              Resource: [this.flowLogGroup.arn, pulumi.interpolate`${this.flowLogGroup.arn}:*`],
            },
          ],
        }),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: this.vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
        tags: tags(`${name}-flow-log`),
      },
      parent,
    );

    // A private zone gives the database a name that is known before deploy (see Pooling).
    this.privateZone = new aws.route53.Zone(
      `${name}-private-zone`,
      {
        name: args.privateZoneName,
        comment: "Stable internal names for the prodready stack",
        vpcs: [{ vpcId: this.vpc.id }],
        tags: tags(`${name}-private-zone`),
      },
      parent,
    );

    const prefixList = aws.ec2.getManagedPrefixListOutput(
      { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST },
      parent,
    );
    const securityGroup = (
      tier: string,
      description: string,
      rules: Pick<aws.ec2.SecurityGroupArgs, "ingress" | "egress">,
    ) =>
      new aws.ec2.SecurityGroup(
        `${name}-${tier}-sg`,
        {
          vpcId: this.vpc.id,
          description,
          ingress: rules.ingress ?? [],
          egress: rules.egress ?? [],
          revokeRulesOnDelete: true,
          tags: tags(`${name}-${tier}`),
        },
        parent,
      );
    const toVpc = (port: number, description: string) => ({
      protocol: "tcp",
      fromPort: port,
      toPort: port,
      cidrBlocks: [vpcCidr],
      description,
    });
    const anywhereHttps = {
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
      description: "AWS APIs and Sentry over HTTPS",
    };

    // The CloudFront prefix list weighs ~55 rules of the 60-rule quota, so the ALB opens 443 and nothing else.
    const alb = securityGroup("alb", "ALB: HTTPS from CloudFront origin-facing addresses only", {
      ingress: [
        {
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          prefixListIds: [prefixList.id],
          description: "HTTPS from CloudFront",
        },
      ],
      egress: [toVpc(DJANGO_PORT, "Django tasks"), toVpc(NEXTJS_PORT, "Next.js tasks")],
    });
    const appEgress = [
      {
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["0.0.0.0/0"],
        description: "ECR, Secrets Manager, Sentry, database through NAT/VPC",
      },
    ];
    const nextjs = securityGroup("nextjs", "Next.js tasks: traffic from the ALB only", {
      ingress: [
        {
          protocol: "tcp",
          fromPort: NEXTJS_PORT,
          toPort: NEXTJS_PORT,
          securityGroups: [alb.id],
          description: "From the ALB",
        },
      ],
      egress: appEgress,
    });
    const django = securityGroup("django", "Django tasks and migrations: traffic from the ALB only", {
      ingress: [
        {
          protocol: "tcp",
          fromPort: DJANGO_PORT,
          toPort: DJANGO_PORT,
          securityGroups: [alb.id],
          description: "From the ALB",
        },
      ],
      egress: appEgress,
    });
    const proxy = rdsProxy
      ? securityGroup("proxy", "RDS Proxy: PostgreSQL from the Django tasks only", {
          ingress: [
            {
              protocol: "tcp",
              fromPort: POSTGRES_PORT,
              toPort: POSTGRES_PORT,
              securityGroups: [django.id],
              description: "From Django tasks",
            },
          ],
          egress: [toVpc(POSTGRES_PORT, "To the database"), anywhereHttps],
        })
      : undefined;
    const rotation = securityGroup("rotation", "Secrets Manager rotation Lambda", {
      egress: [toVpc(POSTGRES_PORT, "To the database"), anywhereHttps],
    });
    const deployer = securityGroup(
      "deployer",
      "Attach to the runner or bastion that applies database access (roles, grants)",
      {
        egress: [toVpc(POSTGRES_PORT, "To the database")],
      },
    );
    const databaseClients = [proxy ?? django, rotation, deployer];
    const database = securityGroup(
      "database",
      "PostgreSQL: only from the pooler, the rotation Lambda and the deployer",
      {
        ingress: [
          {
            protocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            securityGroups: databaseClients.map((group) => group.id),
            description: "PostgreSQL from referenced security groups, never a CIDR",
          },
        ],
        egress: [],
      },
    );
    this.securityGroups = { alb, nextjs, django, proxy, rotation, deployer, database };

    this.registerOutputs({
      vpcId: this.vpc.id,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      privateZoneId: this.privateZone.zoneId,
    });
  }
}
