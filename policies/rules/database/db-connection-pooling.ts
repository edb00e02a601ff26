import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { arr, bool, json, knownString, obj, str } from "../../lib/values";
import { engineFamily } from "../../lib/aws/rds-engine";

interface Config {
  poolerImagePatterns: string[];
}

/** True when a task definition runs a container whose image looks like a pgBouncer build. */
function runsPooler(stack: StackView, task: StackResource, patterns: RegExp[]): boolean {
  const parsed = json(task.props.containerDefinitions, "containerDefinitions");
  if (!parsed.ok) return false;
  return arr(parsed.value, "containerDefinitions").some((container, i) => {
    const image =
      str(obj(container, `containerDefinitions[${i}]`)?.image, `containerDefinitions[${i}].image`) ?? "";
    return patterns.some((p) => p.test(image));
  });
}

export const dbConnectionPooling = stackPolicy<Config>({
  name: "db-connection-pooling",
  description:
    "Checks that every PostgreSQL database is reached through a connection pooler: an RDS Proxy with requireTls, or a pgBouncer container in the stack.",
  severity: "medium",
  checklist: ["backend.database.connection-pooling"],
  remediationSteps:
    "Put an aws.rds.Proxy (requireTls: true) in front of the database with an aws.rds.ProxyTarget naming it, or run a pgBouncer sidecar next to the application containers.",
  config: {
    poolerImagePatterns: {
      type: "array",
      items: { type: "string" },
      default: ["(^|/)pgbouncer([:@]|$)", "pgbouncer"],
      description: "Regular expressions matching container images that are a pgBouncer pooler.",
    },
  },
  judges: ["rdsInstance", "rdsCluster", "taskDefinition"],
  validateStack(stack, { config, violation, check }) {
    // Reads the engine leniently: an unknown engine is not counted as PostgreSQL.
    const isPostgres = (db: StackResource) => engineFamily(knownString(db.props.engine)) === "postgres";
    const databases = [
      ...stack.ofType("rdsInstance").filter(isPostgres),
      ...stack.ofType("rdsCluster").filter(isPostgres),
    ];
    if (databases.length === 0) return;
    const patterns = config.poolerImagePatterns.map((p) => new RegExp(p, "i"));
    let sidecarPooler = false;
    for (const task of stack.ofType("taskDefinition")) {
      check(() => {
        sidecarPooler ||= runsPooler(stack, task, patterns);
      }, task.urn);
    }
    if (sidecarPooler) return;
    for (const db of databases) {
      check(() => {
        const isCluster = stack.ofType("rdsCluster").includes(db);
        const targets = stack.referrers(
          db,
          isCluster ? "dbClusterIdentifier" : "dbInstanceIdentifier",
          "rdsProxyTarget",
        );
        const proxies = targets.flatMap((t) => stack.referenced(t, "dbProxyName", "rdsProxy"));
        if (proxies.length === 0) {
          violation(
            "Put an RDS Proxy (with an aws.rds.ProxyTarget naming this database) or a pgBouncer sidecar in front of it.",
            db.urn,
          );
          return;
        }
        if (!proxies.some((proxy) => bool(proxy.props.requireTls, "requireTls") === true)) {
          violation("Set requireTls to true on the RDS Proxy in front of this database.", db.urn);
        }
      }, db.urn);
    }
  },
});
