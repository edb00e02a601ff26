import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, obj } from "../../lib/values";

export const ecsServiceNoPublicIp = resourcePolicy({
  name: "ecs-service-no-public-ip",
  description:
    "Checks that ECS services do not give their tasks public IP addresses (networkConfiguration.assignPublicIp true), which makes every task reachable from the internet around the load balancer, its TLS and its WAF. Mandatory in the production profile, advisory in the others.",
  severity: "high",
  checklist: ["backend.security.admin-https-only"],
  remediationSteps:
    "Set networkConfiguration.assignPublicIp: false and run the tasks in private subnets; give them outbound access through a NAT gateway or VPC endpoints (ECR, CloudWatch Logs, Secrets Manager), and serve them through a load balancer.",
  appliesTo: tokensOf("ecsService"),
  validate({ props }, { violation }) {
    const network = obj(props.networkConfiguration, "networkConfiguration");
    if (bool(network?.assignPublicIp, "networkConfiguration.assignPublicIp") === true)
      violation(
        "Set networkConfiguration.assignPublicIp to false and run the tasks in private subnets; with a public IP each task is reachable from the internet around the load balancer.",
      );
  },
});
