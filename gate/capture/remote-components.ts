/**
 * Remote (multi-language) components: awsx, eks and any component registered with `remote: true`
 * are built by their provider plugin through `Construct`. Under mocks no plugin runs, so none of
 * their children is registered and the pack sees nothing of what they hold. The gate does not
 * guess those children; it reports each remote component as an unverified finding of its own.
 */
import type { EngineResource } from "../engine/types";
import type { Finding } from "../analyzer/session";
import type { PackInfo, PolicyInfo } from "../analyzer/protocol";
import { TYPE_TAG_PREFIX } from "../../policies/api";

/** Namespaced so it can never be a pack's policy name. */
export const REMOTE_COMPONENT_POLICY = "prodready-gate:remote-component";
export const GATE_POLICY_PACK = "prodready-gate";

export const REMOTE_COMPONENT_POLICY_INFO: PolicyInfo = {
  name: REMOTE_COMPONENT_POLICY,
  displayName: "Remote components are verified where their provider plugin runs",
  description:
    "Checks that every resource of the program reached the policy pack. A remote (multi-language) component's resources are created by its provider plugin, which does not run offline, so the pack cannot judge them here.",
  enforcementLevel: "advisory",
  kind: "resource",
  severity: "medium",
  tags: [],
  remediationSteps:
    "Run `pulumi preview --policy-pack <pack>` where the component's provider plugin can run, or audit the deployed stack with `prodready audit --file <pulumi stack export>`.",
  url: "",
};

/** What the common remote components create, as their providers document it (named, not expanded). */
const KNOWN_CHILDREN: Record<string, string[]> = {
  "awsx:ec2:Vpc": [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/route:Route",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
  ],
  "awsx:ecs:FargateService": [
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:ec2/securityGroup:SecurityGroup",
  ],
  "awsx:ecs:EC2Service": [
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:iam/role:Role",
    "aws:cloudwatch/logGroup:LogGroup",
  ],
  "awsx:ecs:FargateTaskDefinition": [
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:cloudwatch/logGroup:LogGroup",
  ],
  "awsx:lb:ApplicationLoadBalancer": [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
    "aws:ec2/securityGroup:SecurityGroup",
  ],
  "awsx:lb:NetworkLoadBalancer": [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
  ],
  "awsx:ecr:Repository": ["aws:ecr/repository:Repository", "aws:ecr/lifecyclePolicy:LifecyclePolicy"],
  "awsx:cloudtrail:Trail": [
    "aws:cloudtrail/trail:Trail",
    "aws:s3/bucketV2:BucketV2",
    "aws:cloudwatch/logGroup:LogGroup",
  ],
  "eks:index:Cluster": [
    "aws:eks/cluster:Cluster",
    "aws:iam/role:Role",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:ec2/launchTemplate:LaunchTemplate",
  ],
  "eks:index:ManagedNodeGroup": ["aws:eks/nodeGroup:NodeGroup", "aws:iam/role:Role"],
};

function policiesJudging(pack: PackInfo, types: readonly string[]): string[] {
  return pack.policies
    .filter((p) =>
      p.tags.some((t) => t.startsWith(TYPE_TAG_PREFIX) && types.includes(t.slice(TYPE_TAG_PREFIX.length))),
    )
    .map((p) => p.name);
}

export function remoteComponentMessage(type: string, pack: PackInfo, packDir: string): string {
  const children = KNOWN_CHILDREN[type];
  const what = children ? `its resources (typically ${children.join(", ")})` : "every resource it creates";
  const judging = children ? policiesJudging(pack, children) : [];
  return (
    `${type} is a remote (multi-language) component: its provider plugin builds ${what} at deploy time, ` +
    `so the policy pack could not see or judge them offline` +
    (judging.length > 0 ? ` (policies that would: ${judging.join(", ")})` : "") +
    `. Check them with \`pulumi preview --policy-pack ${packDir}\` where the plugin runs, ` +
    `or audit the deployed stack with \`prodready audit --file <pulumi stack export>\`.`
  );
}

export function remoteComponentFindings(
  resources: readonly EngineResource[],
  pack: PackInfo,
  packDir: string,
): Finding[] {
  return resources
    .filter((r) => r.remote)
    .map((r) => ({
      policyName: REMOTE_COMPONENT_POLICY,
      policyPackName: GATE_POLICY_PACK,
      policyPackVersion: pack.version,
      description: REMOTE_COMPONENT_POLICY_INFO.description,
      message: remoteComponentMessage(r.type, pack, packDir),
      enforcementLevel: "advisory" as const,
      urn: r.urn,
      severity: REMOTE_COMPONENT_POLICY_INFO.severity,
      resourceType: r.type,
      resourceName: r.name,
      source: r.source ? { file: r.source.file, line: r.source.line } : undefined,
      stage: "capture" as const,
      category: "unverified" as const,
    }));
}

/** Policies the gate itself reports under (not the pack's), by name, for report renderers. */
export const GATE_POLICIES: ReadonlyMap<string, PolicyInfo> = new Map([
  [REMOTE_COMPONENT_POLICY, REMOTE_COMPONENT_POLICY_INFO],
]);
