import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { str } from "../../lib/values";
import { RDS_ENGINE_NAMES } from "../../lib/aws/rds-engine";
import { isReplica } from "../../lib/aws/rds-database";
import { quoted } from "../../lib/messages";

interface Config {
  allowedEngines: string[];
}

export const rdsPostgresEngine = resourcePolicy<Config>({
  name: "rds-postgres-engine",
  description:
    "Checks that RDS instances and clusters run PostgreSQL (RDS for PostgreSQL or Aurora PostgreSQL), one of the configured engines; read replicas run their source's engine.",
  severity: "high",
  checklist: ["backend.database.postgresql"],
  remediationSteps:
    'Set engine to "postgres" on aws.rds.Instance, or to "aurora-postgresql" on aws.rds.Cluster, and move the data with pg_dump/pg_restore or AWS DMS.',
  config: {
    allowedEngines: {
      type: "array",
      items: { type: "string", minLength: 1 },
      minItems: 1,
      default: ["postgres", "aurora-postgresql"],
      description: "RDS engines an instance or cluster may run.",
    },
  },
  appliesTo: tokensOf("rdsInstance", "rdsCluster"),
  validate({ type, props }, { config, violation }) {
    const allowed = config.allowedEngines.map((engine) => engine.toLowerCase());
    const engine = str(props.engine, "engine");
    if (engine === undefined || engine === "") {
      // A read replica inherits its source's engine; the source is judged.
      if (isReplica(type, props)) return;
      violation(`Set engine to one of ${allowed.join(", ")}; it is unset.`);
    } else if (!allowed.includes(engine.toLowerCase())) {
      violation(`Set engine to one of ${allowed.join(", ")}; it is ${quoted(engine, RDS_ENGINE_NAMES)}.`);
    }
  },
});
