import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { bool, str } from "../../lib/values";
import { isAuroraEngine } from "../../lib/aws/rds-engine";
import { isReplica } from "../../lib/aws/rds-database";

interface Config {
  minimumAzs: number;
}

/** Distinct zones the cluster's instances use; an instance without an explicit zone counts as one RDS places itself. */
function zonesUsed(members: StackResource[]): number {
  const explicit = new Set<string>();
  let placedByRds = 0;
  for (const member of members) {
    const zone = str(member.props.availabilityZone, "availabilityZone");
    if (zone) explicit.add(zone);
    else placedByRds++;
  }
  return explicit.size + placedByRds;
}

function judgeCluster(
  stack: StackView,
  cluster: StackResource,
  config: Config,
  violation: (message: string, urn?: string) => void,
): void {
  const engine = str(cluster.props.engine, "engine");
  // A Multi-AZ DB cluster (non-Aurora engine) always runs a writer and two readers in three zones.
  if (!isAuroraEngine(engine)) return;
  // Aurora Serverless v1 has no instances; RDS moves its capacity to another zone on failure.
  if (str(cluster.props.engineMode, "engineMode")?.toLowerCase() === "serverless") return;
  const members = stack.referrers(cluster, "clusterIdentifier", "rdsClusterInstance");
  if (members.length < config.minimumAzs) {
    violation(
      `Run at least ${config.minimumAzs} aws.rds.ClusterInstance members in this Aurora cluster so a reader in another Availability Zone can take over; it has ${members.length}.`,
      cluster.urn,
    );
    return;
  }
  const zones = zonesUsed(members);
  if (zones < config.minimumAzs) {
    violation(
      `Place this Aurora cluster's instances in at least ${config.minimumAzs} Availability Zones; they use ${zones}.`,
      cluster.urn,
    );
  }
}

export const rdsMultiAz = stackPolicy<Config>({
  name: "rds-multi-az",
  description:
    "Checks that every RDS database survives the loss of an Availability Zone: instances set multiAz true (read replicas are not judged); Aurora clusters have at least minimumAzs aws.rds.ClusterInstance members, not pinned to fewer zones (Aurora storage is always replicated across three zones, compute is not); Multi-AZ DB clusters and Aurora Serverless v1 pass by construction. A stack policy, because an Aurora cluster's compute is its member instances.",
  severity: "high",
  // No checklist item covers availability of the database: this is a baseline control beyond the checklist.
  checklist: [],
  remediationSteps:
    "Set multiAz: true on aws.rds.Instance; for Aurora, add aws.rds.ClusterInstance members (clusterIdentifier: cluster.id) so there are at least minimumAzs, and leave availabilityZone unset or spread them over different zones.",
  config: {
    minimumAzs: {
      type: "integer",
      minimum: 2,
      maximum: 6,
      default: 2,
      description:
        "Availability Zones an Aurora cluster's instances must span (an RDS instance's multiAz standby gives two).",
    },
  },
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check }) {
    for (const instance of stack.ofType("rdsInstance")) {
      check(() => {
        if (isReplica(instance.type, instance.props)) return;
        if (bool(instance.props.multiAz, "multiAz") !== true) {
          violation(
            "Set multiAz to true so a standby in another Availability Zone takes over when the primary fails.",
            instance.urn,
          );
        }
      }, instance.urn);
    }
    for (const cluster of stack.ofType("rdsCluster")) {
      check(() => judgeCluster(stack, cluster, config, violation), cluster.urn);
    }
  },
});
