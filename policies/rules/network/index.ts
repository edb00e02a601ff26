import { ecsServiceNoPublicIp } from "./ecs-service-no-public-ip";
import { ecsServiceOwnSecurityGroup } from "./ecs-service-own-security-group";
import { sgNoPublicIngress } from "./sg-no-public-ingress";

export const networkPolicies = [sgNoPublicIngress, ecsServiceNoPublicIp, ecsServiceOwnSecurityGroup];
