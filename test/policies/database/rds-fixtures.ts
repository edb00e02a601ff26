/** Shared bits of the RDS policy tests (not a test file). */
import type { ResourceSpec } from "../../helpers/pack";

export const INSTANCE = "aws:rds/instance:Instance";
export const CLUSTER = "aws:rds/cluster:Cluster";
export const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
export const CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

/** Drops keys set to undefined, so a case can remove a baseline property (a protobuf Struct cannot carry undefined). */
export function defined(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
}

/** A resource spec from a baseline and the changes of one case. */
export function spec(
  type: string,
  name: string,
  baseline: Record<string, unknown>,
  changes: Record<string, unknown> = {},
  refs?: Record<string, string[]>,
): ResourceSpec {
  return { type, name, props: defined({ ...baseline, ...changes }), ...(refs ? { refs } : {}) };
}

export function parameters(
  settings: Record<string, string>,
): Array<{ name: string; value: string; applyMethod: string }> {
  return Object.entries(settings).map(([name, value]) => ({ name, value, applyMethod: "pending-reboot" }));
}
