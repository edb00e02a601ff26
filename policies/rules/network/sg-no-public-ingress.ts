import { RuleContext, stackPolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { StackResource, StackView } from "../../lib/stack";
import { arr, num, obj, Props, str, strings } from "../../lib/values";

interface Config {
  publicPorts: number[];
  databasePorts: number[];
}

/** One ingress permission, whatever resource declares it. */
interface Ingress {
  /** Names the permission in messages: `ingress[0] of this security group` or `this ingress rule`. */
  label: string;
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  /** The whole-internet sources it allows (never empty). */
  cidrs: string[];
}

/** A CIDR covering every address: prefix length 0 (`0.0.0.0/0`, `::/0`, or any spelling of them). */
function isWholeInternet(cidr: string): boolean {
  const [address, prefix] = cidr.trim().split("/");
  return address !== undefined && prefix !== undefined && /^0+$/.test(prefix) && address.length > 0;
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Map([
  ["tcp", "tcp"],
  ["6", "tcp"],
  ["udp", "udp"],
  ["17", "udp"],
]);

function portText(from: number, to: number): string {
  return from === to ? `port ${from}` : `ports ${from}-${to}`;
}

/** Judges one ingress permission; returns the fix to ask for, or undefined. */
/** What a public ingress permission does wrong and what to do instead. */
interface Fault {
  /** Follows "it": "opens tcp port 22 from the internet (0.0.0.0/0)". */
  what: string;
  advice: string;
}

function judge(ingress: Ingress, onLoadBalancer: boolean, config: Config): Fault | undefined {
  const from = `from the internet (${ingress.cidrs.join(", ")})`;
  const protocol = (ingress.protocol ?? "").toLowerCase();
  const publicList = config.publicPorts.join(", ");
  if (ALL_PROTOCOLS.has(protocol)) {
    return {
      what: `allows all traffic ${from}`,
      advice: `Open only ports ${publicList} on a load balancer's security group.`,
    };
  }
  const portProtocol = PORT_PROTOCOLS.get(protocol);
  if (!portProtocol) {
    return {
      what: `allows protocol ${ingress.protocol ?? "unset"} ${from}`,
      advice: `Only ports ${publicList} on a load balancer's security group may be open to the internet.`,
    };
  }
  const low = ingress.fromPort ?? 0;
  const high = ingress.toPort ?? 65535;
  const databasePorts = config.databasePorts.filter((port) => port >= low && port <= high);
  if (databasePorts.length > 0) {
    const ports =
      databasePorts.length === 1 ? `port ${databasePorts[0]}` : `ports ${databasePorts.join(", ")}`;
    return { what: `opens database ${ports} ${from}`, advice: `Reach databases only from inside the VPC.` };
  }
  const allPublic =
    high - low < config.publicPorts.length &&
    Array.from({ length: high - low + 1 }, (_, i) => low + i).every((port) =>
      config.publicPorts.includes(port),
    );
  if (allPublic && onLoadBalancer) return undefined;
  if (allPublic) {
    return {
      what: `opens ${portText(low, high)} ${from} on a security group no load balancer in this stack uses`,
      advice: `Only a load balancer's security group may accept ports ${publicList} from the internet.`,
    };
  }
  return {
    what: `opens ${portProtocol} ${portText(low, high)} ${from}`,
    advice: `Only ports ${publicList} on a load balancer's security group may be open to the internet.`,
  };
}

function isAttachedToLoadBalancer(stack: StackView, group: StackResource): boolean {
  return stack.ofType("loadBalancer").some((lb) => stack.refersTo(lb, "securityGroups", group));
}

export const sgNoPublicIngress = stackPolicy<Config>({
  name: "sg-no-public-ingress",
  description:
    "Checks that no security group accepts traffic from the whole internet, except the configured web ports on a load balancer's security group; database ports and all-traffic rules are never open to the internet.",
  severity: "critical",
  checklist: ["backend.security.admin-https-only", "backend.security.ssl-redirect"],
  remediationSteps:
    "Open only ports 80 and 443 from 0.0.0.0/0 and ::/0, and only on the load balancer's security group (or only from CloudFront's origin-facing prefix list). " +
    "Let application and database security groups accept traffic only from other security groups (sourceSecurityGroupId / referencedSecurityGroupId).",
  config: {
    publicPorts: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [80, 443],
      description: "Ports a load balancer's security group may open to the internet.",
    },
    databasePorts: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [5432, 3306, 6432, 1433, 27017, 6379],
      description:
        "Ports that are never open to the internet, on any security group (PostgreSQL, MySQL, pgBouncer, SQL Server, MongoDB, Redis).",
    },
  },
  judges: ["securityGroup", "defaultSecurityGroup", "securityGroupRule", "securityGroupIngressRule"],
  validateStack(stack, { config, violation, check }: RuleContext<Config>) {
    /** Judges one permission; returns its fault (with its label) instead of reporting it when `collect` is given. */
    const report = (
      resource: StackResource,
      ingress: () => Ingress | undefined,
      onLoadBalancer: () => boolean,
      collect?: (label: string, fault: Fault) => void,
    ) =>
      check(() => {
        const permission = ingress();
        if (!permission) return;
        const fault = judge(permission, onLoadBalancer(), config);
        if (!fault) return;
        if (collect) collect(permission.label, fault);
        else violation(`Remove ${permission.label}: it ${fault.what}. ${fault.advice}`, resource.urn);
      }, resource.urn);

    // Only whole-internet sources matter; reading them first keeps unknown ports of private rules from being reported.
    const publicCidrs = (props: Props, path: string, keys: string[]) =>
      keys.flatMap((key) => strings(props[key] ?? [], `${path}${key}`)).filter(isWholeInternet);

    for (const group of stack.ofType("securityGroup", "defaultSecurityGroup")) {
      // One finding per security group, naming every inline ingress rule at fault.
      const faults: Array<{ label: string; fault: Fault }> = [];
      check(() => {
        arr(group.props.ingress, "ingress").forEach((value, i) => {
          const path = `ingress[${i}]`;
          report(
            group,
            () => {
              const rule = obj(value, path) ?? {};
              const cidrs = publicCidrs(rule, `${path}.`, ["cidrBlocks", "ipv6CidrBlocks"]);
              if (cidrs.length === 0) return undefined;
              return {
                label: path,
                protocol: str(rule.protocol, `${path}.protocol`),
                fromPort: num(rule.fromPort, `${path}.fromPort`),
                toPort: num(rule.toPort, `${path}.toPort`),
                cidrs,
              };
            },
            () => isAttachedToLoadBalancer(stack, group),
            (label, fault) => faults.push({ label, fault }),
          );
        });
      }, group.urn);
      if (faults.length === 1) {
        const [{ label, fault }] = faults;
        violation(`Remove ${label} of this security group: it ${fault.what}. ${fault.advice}`, group.urn);
      } else if (faults.length > 1) {
        const advice = [...new Set(faults.map(({ fault }) => fault.advice))].join(" ");
        violation(
          `Remove ${listed(faults.map(({ label }) => label))} of this security group: ${faults.map(({ label, fault }) => `${label} ${fault.what}`).join("; ")}. ${advice}`,
          group.urn,
        );
      }
    }

    const groupsOf = (rule: StackResource) =>
      stack.referenced(rule, "securityGroupId", "securityGroup", "defaultSecurityGroup");
    for (const rule of stack.ofType("securityGroupRule")) {
      report(
        rule,
        () => {
          if (str(rule.props.type, "type")?.toLowerCase() !== "ingress") return undefined;
          const cidrs = publicCidrs(rule.props, "", ["cidrBlocks", "ipv6CidrBlocks"]);
          if (cidrs.length === 0) return undefined;
          return {
            label: "this ingress rule",
            protocol: str(rule.props.protocol, "protocol"),
            fromPort: num(rule.props.fromPort, "fromPort"),
            toPort: num(rule.props.toPort, "toPort"),
            cidrs,
          };
        },
        () => groupsOf(rule).some((group) => isAttachedToLoadBalancer(stack, group)),
      );
    }
    for (const rule of stack.ofType("securityGroupIngressRule")) {
      report(
        rule,
        () => {
          const cidrs = publicCidrs(rule.props, "", ["cidrIpv4", "cidrIpv6"]);
          if (cidrs.length === 0) return undefined;
          return {
            label: "this ingress rule",
            protocol: str(rule.props.ipProtocol, "ipProtocol"),
            fromPort: num(rule.props.fromPort, "fromPort"),
            toPort: num(rule.props.toPort, "toPort"),
            cidrs,
          };
        },
        () => groupsOf(rule).some((group) => isAttachedToLoadBalancer(stack, group)),
      );
    }
  },
});
