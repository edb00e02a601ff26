// What the program declares for a stack, computed with the program's own exported functions (the same
// calls stacks/index.ts makes), so the real servers run with the program's settings, not a copy of them.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseConfig, type StackConfig } from "../../stacks/config";
import { type AccessModel, buildAccessModel } from "../../stacks/components/database-access";
import { type DatabaseParameter, databaseParameters } from "../../stacks/components/database";
import { type PoolLimits, poolLimits } from "../../stacks/components/pooling";
import { gunicornWorkers } from "../../stacks/components/services";

export interface DeclaredDatabase {
  config: StackConfig;
  limits: PoolLimits;
  model: AccessModel;
  parameters: DatabaseParameter[];
}

/** The stack's database, pooler limits and access model, as stacks/index.ts derives them from its config. */
export function declaredDatabase(stack: string): DeclaredDatabase {
  const file = path.resolve(__dirname, "../../stacks", `Pulumi.${stack}.yaml`);
  const document = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const config = parseConfig(document.config, stack);
  const limits = poolLimits({
    instanceClass: config.databaseInstanceClass,
    maxDjangoTasks: config.djangoMaxCount,
    workersPerTask: gunicornWorkers(config.djangoCpu),
  });
  const model = buildAccessModel({
    database: config.databaseName,
    appConnectionLimit: limits.maxConnections - limits.reservedConnections,
  });
  return { config, limits, model, parameters: databaseParameters(config.postgresEngineVersion) };
}

export interface ServerShape {
  /** -c settings for a vanilla PostgreSQL. */
  settings: Record<string, string>;
  /** pg_hba.conf lines. */
  hba: string[];
}

/**
 * The RDS parameter group as a vanilla server: plain parameters become -c settings (an unknown one stops
 * the server, which the test reports), rds.force_ssl=1 becomes a pg_hba.conf that refuses non-TLS
 * connections the way RDS does. Any other rds.* parameter fails: teach this function what it means.
 */
export function serverLikeRds(parameters: DatabaseParameter[]): ServerShape {
  const settings: Record<string, string> = {};
  let forceSsl = false;
  for (const parameter of parameters) {
    if (parameter.name === "rds.force_ssl") forceSsl = parameter.value === "1";
    else if (parameter.name.startsWith("rds."))
      throw new Error(`serverLikeRds does not know the RDS parameter ${parameter.name}.`);
    else settings[parameter.name] = parameter.value;
  }
  const hba = forceSsl
    ? ["hostnossl all all all reject", "hostssl all all 127.0.0.1/32 scram-sha-256"]
    : ["host all all 127.0.0.1/32 scram-sha-256"];
  return { settings, hba };
}
