import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { strings } from "../../lib/values";

interface Config {
  requiredLogTypes: string[];
}

export const eksControlPlaneLogging = resourcePolicy<Config>({
  name: "eks-control-plane-logging",
  description:
    "Checks that an EKS cluster sends the control-plane logs an investigation needs to CloudWatch Logs: enabledClusterLogTypes includes every type in requiredLogTypes (by default api, audit and authenticator). AWS enables none by default.",
  severity: "medium",
  checklist: ["devops.monitoring.log-aggregation"],
  remediationSteps:
    'Set enabledClusterLogTypes: ["api", "audit", "authenticator"] (add "controllerManager" and "scheduler" when you debug the control plane), and declare the /aws/eks/<cluster name>/cluster log group with a bounded retentionInDays before the cluster (dependsOn) so EKS does not create it without retention.',
  config: {
    requiredLogTypes: {
      type: "array",
      items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
      default: ["api", "audit", "authenticator"],
      description: "Control-plane log types every cluster must enable.",
    },
  },
  appliesTo: tokensOf("eksCluster"),
  validate({ props }, { config, violation }) {
    const enabled = strings(props.enabledClusterLogTypes ?? [], "enabledClusterLogTypes");
    const missing = config.requiredLogTypes.filter((type) => !enabled.includes(type));
    if (missing.length > 0)
      violation(
        `Add ${missing.map((type) => `"${type}"`).join(", ")} to enabledClusterLogTypes; ${enabled.length === 0 ? "no control-plane log is enabled" : `${missing.length === 1 ? "it is" : "they are"} not enabled`}.`,
      );
  },
});
