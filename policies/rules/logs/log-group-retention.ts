import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { num, Props, str } from "../../lib/values";

interface Config {
  minimumDays: number;
  maximumDays: number;
  remediationDays: number;
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy); 0 or unset means never expire. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The log class whose retention AWS fixes (2 days): the logs are only staged for delivery elsewhere. */
function isDeliveryClass(props: Props): boolean {
  return str(props.logGroupClass, "logGroupClass")?.toUpperCase() === "DELIVERY";
}

/** The retention to set instead of `days`, or undefined when `days` is acceptable. */
function correctedRetention(days: number | undefined, config: Config): number | undefined {
  if (days === undefined || days === 0 || days < config.minimumDays || days > config.maximumDays)
    return config.remediationDays;
  if (CLOUDWATCH_RETENTION_DAYS.includes(days)) return undefined;
  // In bounds but not a value CloudWatch accepts: round up to the next accepted value, keeping the intent.
  return (
    CLOUDWATCH_RETENTION_DAYS.find((valid) => valid > days && valid <= config.maximumDays) ??
    config.remediationDays
  );
}

export const logGroupRetention = resourcePolicy<Config>({
  name: "log-group-retention",
  description:
    "Checks that every CloudWatch log group sets a retention period CloudWatch accepts, within the configured minimum and maximum, instead of keeping logs forever.",
  severity: "medium",
  checklist: ["backend.logging.production-logging", "devops.monitoring.log-aggregation"],
  remediationSteps:
    "Set retentionInDays on every aws.cloudwatch.LogGroup to an accepted value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) " +
    "between the configured minimum and maximum; at the remediate level the pack sets the configured remediationDays.",
  config: {
    minimumDays: {
      type: "integer",
      minimum: 1,
      maximum: 3653,
      default: 30,
      description: "Smallest acceptable retentionInDays.",
    },
    maximumDays: {
      type: "integer",
      minimum: 1,
      maximum: 3653,
      default: 3653,
      description: "Largest acceptable retentionInDays (logs kept longer cost without use).",
    },
    remediationDays: {
      type: "integer",
      enum: CLOUDWATCH_RETENTION_DAYS,
      default: 90,
      description:
        "retentionInDays the remediation sets when retention is unset or out of bounds; must lie between minimumDays and maximumDays.",
    },
  },
  appliesTo: tokensOf("logGroup"),
  validate({ props }, { config, violation }) {
    if (isDeliveryClass(props)) return;
    const days = num(props.retentionInDays, "retentionInDays");
    const bounds = `between ${config.minimumDays} and ${config.maximumDays} days`;
    if (days === undefined || days === 0) {
      violation(
        `Set retentionInDays ${bounds}; it is ${days === 0 ? "0" : "unset"}, which keeps logs forever.`,
      );
    } else if (days < config.minimumDays || days > config.maximumDays) {
      violation(`Set retentionInDays ${bounds}; it is ${days}.`);
    } else if (!CLOUDWATCH_RETENTION_DAYS.includes(days)) {
      violation(
        `Set retentionInDays to a value CloudWatch accepts (for example ${correctedRetention(days, config)}); it is ${days}.`,
      );
    }
  },
  remediate({ props }, config) {
    if (isDeliveryClass(props)) return undefined;
    // A remediation outside the configured bounds would trade one violation for another.
    if (config.remediationDays < config.minimumDays || config.remediationDays > config.maximumDays)
      return undefined;
    const corrected = correctedRetention(num(props.retentionInDays, "retentionInDays"), config);
    return corrected === undefined ? undefined : { ...props, retentionInDays: corrected };
  },
});
