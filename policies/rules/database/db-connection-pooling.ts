import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { arr, bool, isUnknown, knownString, str, UnknownInput } from "../../lib/values";
import { engineFamily } from "../../lib/aws/rds-engine";
import { Container, containersOrSkip, envValue, safeName } from "../../lib/aws/ecs-container";

interface Config {
  poolers: string[];
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);
const basename = (word: string) => word.slice(word.lastIndexOf("/") + 1).toLowerCase();

/**
 * The repository name of an image reference, without registry, organisation, tag or digest:
 * `public.ecr.aws/bitnami/pgbouncer:1.23.1` -> `pgbouncer`, `ghcr.io/postgresml/pgcat@sha256:..` -> `pgcat`.
 */
export function imageRepositoryName(image: string): string {
  const withoutDigest = image.split("@")[0];
  const last = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  return last.split(":")[0].toLowerCase();
}

/** The programs a container starts: the first word of entryPoint (else command), and each command of a `sh -c` script. */
function startedPrograms(container: Container): string[] {
  const words = (key: "entryPoint" | "command") =>
    arr(container.props[key], `${container.path}.${key}`).map(
      (word, i) => str(word, `${container.path}.${key}[${i}]`) ?? "",
    );
  const argv = [...words("entryPoint"), ...words("command")];
  if (argv.length === 0) return [];
  const programs = [basename(argv[0])];
  const script = argv[1] === "-c" ? argv[2] : undefined;
  if (SHELLS.has(programs[0]) && script !== undefined) {
    for (const statement of script.split(/[;&|\n]+/)) {
      // The program of each statement: skip `exec` and leading VAR=value assignments.
      const statementWords = statement.trim().split(/\s+/);
      const program = statementWords.find((word) => word !== "exec" && !/^[A-Za-z_]\w*=/.test(word));
      if (program) programs.push(basename(program));
    }
  }
  return programs;
}

/** True when the container is a pooler: its image repository is one, or it starts the pooler's binary. */
function isPooler(container: Container, poolers: ReadonlySet<string>): boolean {
  return (
    poolers.has(imageRepositoryName(container.image)) ||
    startedPrograms(container).some((program) => poolers.has(program))
  );
}

/** The literal text a pooler finds its database in: its environment values and its command words. */
function settingsText(container: Container): string[] {
  return [...container.environment.map((entry) => envValue(entry) ?? ""), ...container.commandWords].filter(
    (text) => text.length > 0,
  );
}

/** The host names a database is reached at, as far as they are known: `address`, `endpoint` (host:port), Aurora's reader endpoint. */
function hostsOf(db: StackResource): string[] {
  return ["address", "endpoint", "readerEndpoint"]
    .map((key) => knownString(db.props[key])?.replace(/:\d+$/, "").toLowerCase())
    .filter((host): host is string => host !== undefined && host.length > 0);
}

/** True when `text` names `host` as a whole host name (not as part of a longer one). */
function mentionsHost(text: string, host: string): boolean {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(host); at >= 0; at = lower.indexOf(host, at + 1)) {
    const before = lower[at - 1];
    const after = lower[at + host.length];
    if (
      (before === undefined || !/[a-z0-9.-]/.test(before)) &&
      (after === undefined || !/[a-z0-9-]/.test(after))
    )
      return true;
  }
  return false;
}

/** DNS names (Route 53 records) that lead to the database: their `records` depend on it or hold one of its hosts. */
function aliasesOf(stack: StackView, db: StackResource, hosts: string[]): string[] {
  return stack.ofType("route53Record").flatMap((record) => {
    const pointsAtDb =
      (record.propertyDependencies.records ?? []).includes(db.urn) ||
      (Array.isArray(record.props.records) &&
        record.props.records.some((value) => hosts.includes(knownString(value)?.toLowerCase() ?? "")));
    if (!pointsAtDb) return [];
    return ["name", "fqdn"]
      .map((key) => knownString(record.props[key])?.replace(/\.$/, "").toLowerCase())
      .filter((name): name is string => name !== undefined && name.includes("."));
  });
}

interface PoolerTask {
  task: StackResource;
  settings: string[];
}

/** Whether a pooler task points at the database: by a recorded dependency, or by naming one of its hosts or DNS aliases. */
function pointsAt(stack: StackView, pooler: PoolerTask, db: StackResource, names: string[]): boolean {
  const recorded = [
    ...(pooler.task.propertyDependencies.containerDefinitions ?? []),
    ...pooler.task.dependencies,
  ];
  if (recorded.includes(db.urn)) return true;
  const viaRecord = recorded.some((urn) => {
    const record = stack.byUrn(urn);
    return (
      record?.type === "aws:route53/record:Record" &&
      (record.propertyDependencies.records ?? []).includes(db.urn)
    );
  });
  return viaRecord || pooler.settings.some((text) => names.some((name) => mentionsHost(text, name)));
}

export const dbConnectionPooling = stackPolicy<Config>({
  name: "db-connection-pooling",
  description:
    "Checks that every PostgreSQL database is reached through a connection pooler that points at it: an RDS Proxy with requireTls whose aws.rds.ProxyTarget names the database, or a pgBouncer, PgCat or Odyssey container whose settings name the database's host (or a Route 53 name for it).",
  severity: "medium",
  checklist: ["backend.database.connection-pooling"],
  remediationSteps:
    "Put an aws.rds.Proxy (requireTls: true) in front of the database with an aws.rds.ProxyTarget naming it, or run a pgBouncer (or PgCat, Odyssey) container next to the application whose settings name the database's address or a Route 53 record for it.",
  config: {
    poolers: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: ["pgbouncer", "pgcat", "odyssey"],
      extendsDefault: true,
      description:
        "Names of connection poolers: a container is one when its image's repository name (without registry, organisation, tag or digest) is one of them, or it starts the program of that name. Entries configured here are added to the defaults.",
    },
  },
  judgesContainerDefinitions: true,
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check, unverified }) {
    const poolers = new Set(config.poolers.map((name) => name.toLowerCase()));
    // An unknown engine may be PostgreSQL: it is judged, and reported as unverified if nothing pools it.
    const databases = stack
      .ofType("rdsInstance", "rdsCluster")
      .filter(
        (db) => isUnknown(db.props.engine) || engineFamily(knownString(db.props.engine)) === "postgres",
      );
    if (databases.length === 0) return;

    const poolerTasks: PoolerTask[] = [];
    const hiddenTasks: StackResource[] = [];
    for (const task of stack.ofType("taskDefinition")) {
      // The task's own findings (unknown or malformed definitions) belong to the container policies.
      try {
        const list = containersOrSkip(task.props);
        if (list === undefined) hiddenTasks.push(task);
        else if (list.ok) {
          const found = list.containers.filter((container) => isPooler(container, poolers));
          if (found.length > 0) poolerTasks.push({ task, settings: found.flatMap(settingsText) });
        }
      } catch (error) {
        if (!(error instanceof UnknownInput)) throw error;
        hiddenTasks.push(task);
      }
    }
    // A proxy target whose database is not known at preview and not recorded may be this one.
    const openTargets = stack
      .ofType("rdsProxyTarget")
      .filter(
        (target) =>
          (isUnknown(target.props.dbInstanceIdentifier) || isUnknown(target.props.dbClusterIdentifier)) &&
          !(
            target.propertyDependencies.dbInstanceIdentifier?.length ||
            target.propertyDependencies.dbClusterIdentifier?.length
          ),
      );

    for (const db of databases) {
      check(() => {
        const isCluster = stack.ofType("rdsCluster").includes(db);
        const targets = stack.referrers(
          db,
          isCluster ? "dbClusterIdentifier" : "dbInstanceIdentifier",
          "rdsProxyTarget",
        );
        if (targets.length > 0) {
          const proxies = targets.flatMap((t) => stack.referenced(t, "dbProxyName", "rdsProxy"));
          // A proxy outside this stack cannot be read; the target alone shows the database is pooled.
          if (
            proxies.length > 0 &&
            !proxies.some((proxy) => bool(proxy.props.requireTls, "requireTls") === true)
          )
            violation("Set requireTls to true on the RDS Proxy in front of this database.", db.urn);
          return;
        }
        const hosts = hostsOf(db);
        const names = [...hosts, ...aliasesOf(stack, db, hosts)];
        if (poolerTasks.some((pooler) => pointsAt(stack, pooler, db, names))) return;

        if (isUnknown(db.props.engine)) return unverified(new UnknownInput("engine"), db.urn);
        const label = (task: StackResource) => safeName(task.name) ?? "of this stack";
        if (hiddenTasks.length > 0)
          return unverified(
            new UnknownInput(
              hiddenTasks.length === 1
                ? `containerDefinitions of task definition ${label(hiddenTasks[0])}`
                : `containerDefinitions of ${hiddenTasks.length} task definitions`,
            ),
            db.urn,
          );
        if (openTargets.length > 0)
          return unverified(new UnknownInput("dbInstanceIdentifier of an aws.rds.ProxyTarget"), db.urn);
        // A pooler whose host is a literal cannot be matched while the database's address is not yet known.
        if (hosts.length === 0 && poolerTasks.length > 0)
          return unverified(new UnknownInput("address"), db.urn);
        violation(
          "Put an RDS Proxy (with an aws.rds.ProxyTarget naming this database) or a pgBouncer, PgCat or Odyssey container whose settings name this database in front of it.",
          db.urn,
        );
      }, db.urn);
    }
  },
});
