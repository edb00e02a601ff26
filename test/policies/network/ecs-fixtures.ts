/** Shared bits of the ECS networking policy tests (not a test file): a service behind an internet-facing ALB. */
import { UNKNOWN } from "../../helpers/pack";
import { defined, spec } from "../database/rds-fixtures";

export const SERVICE = "aws:ecs/service:Service";
export const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

export const group = (name: string, changes: Record<string, unknown> = {}) =>
  spec(SECURITY_GROUP, name, { vpcId: UNKNOWN, description: `${name} traffic` }, changes);

export const loadBalancer = (
  changes: Record<string, unknown> = {},
  refs: Record<string, string[]> = { securityGroups: ["alb-sg"] },
) =>
  spec(
    LOAD_BALANCER,
    "web",
    {
      loadBalancerType: "application",
      internal: false,
      subnets: [UNKNOWN, UNKNOWN],
      securityGroups: [UNKNOWN],
    },
    changes,
    refs,
  );

export const service = (
  network: Record<string, unknown> = {},
  refs: Record<string, string[]> = { networkConfiguration: ["app-sg"] },
  changes: Record<string, unknown> = {},
) =>
  spec(
    SERVICE,
    "api",
    {
      cluster: UNKNOWN,
      taskDefinition: UNKNOWN,
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: defined({
        subnets: [UNKNOWN, UNKNOWN],
        securityGroups: [UNKNOWN],
        assignPublicIp: false,
        ...network,
      }),
    },
    changes,
    refs,
  );
