import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, obj, strings } from "../../lib/values";

interface Config {
  allowedPublicAccessCidrs: string[];
}

/** A CIDR covering every address: prefix length 0 (`0.0.0.0/0`, `::/0`, or any spelling of them). */
function isWholeInternet(cidr: string): boolean {
  const [address, prefix] = cidr.trim().split("/");
  return address !== undefined && prefix !== undefined && /^0+$/.test(prefix) && address.length > 0;
}

export const eksEndpointPrivate = resourcePolicy<Config>({
  name: "eks-endpoint-private",
  description:
    "Checks that an EKS cluster's Kubernetes API endpoint is not open to the internet: vpcConfig.endpointPublicAccess false, or a public endpoint restricted by publicAccessCidrs to networks that are not the whole internet (and, when allowedPublicAccessCidrs is configured, only to those). AWS defaults are a public endpoint open to 0.0.0.0/0, so an unset value fails.",
  severity: "high",
  // No checklist item covers the cluster's control plane: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    "Set vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false } and run kubectl and CI from inside the VPC (a runner, AWS Systems Manager, or a VPN); or, where a public endpoint is needed, set publicAccessCidrs to the office or CI egress ranges, never 0.0.0.0/0.",
  config: {
    allowedPublicAccessCidrs: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "The only CIDRs a public endpoint may admit (the organisation's egress ranges); empty accepts any CIDR that is not the whole internet.",
    },
  },
  appliesTo: tokensOf("eksCluster"),
  validate({ props }, { config, violation }) {
    const vpc = obj(props.vpcConfig, "vpcConfig") ?? {};
    if (bool(vpc.endpointPublicAccess, "vpcConfig.endpointPublicAccess") === false) return;
    const cidrs = strings(vpc.publicAccessCidrs ?? [], "vpcConfig.publicAccessCidrs");
    const open =
      "Set vpcConfig.endpointPublicAccess to false, or restrict vpcConfig.publicAccessCidrs to your own networks";
    if (cidrs.length === 0) {
      violation(
        `${open}; the public endpoint is on and publicAccessCidrs is unset, which AWS reads as 0.0.0.0/0.`,
      );
    } else if (cidrs.some(isWholeInternet)) {
      violation(`${open}; publicAccessCidrs admits the whole internet.`);
    } else if (config.allowedPublicAccessCidrs.length > 0) {
      const others = cidrs.filter((cidr) => !config.allowedPublicAccessCidrs.includes(cidr.trim()));
      if (others.length > 0)
        violation(
          `Restrict vpcConfig.publicAccessCidrs to the CIDRs in allowedPublicAccessCidrs; ${others.length} of its entries ${others.length === 1 ? "is" : "are"} not listed there.`,
        );
    }
  },
});
