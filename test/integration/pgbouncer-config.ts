// The sidecar's environment (stacks/components/services.ts pgbouncerEnvironment) rendered into pgbouncer.ini
// and userlist.txt the way the edoburu/pgbouncer image's entrypoint documents it, so the real pgBouncer
// runs with the settings ECS gives the container.
import * as crypto from "crypto";
import type { EnvironmentVariable } from "../../stacks/components/services";
import type { PgbouncerFiles } from "./servers";

/** Environment variables of the image that map one to one to a pgbouncer.ini key (set only when given). */
const OPTIONAL_SETTINGS = [
  "POOL_MODE",
  "MAX_CLIENT_CONN",
  "DEFAULT_POOL_SIZE",
  "MIN_POOL_SIZE",
  "RESERVE_POOL_SIZE",
  "MAX_DB_CONNECTIONS",
  "MAX_USER_CONNECTIONS",
  "SERVER_RESET_QUERY",
  "SERVER_LIFETIME",
  "SERVER_IDLE_TIMEOUT",
  "QUERY_WAIT_TIMEOUT",
  "IDLE_TRANSACTION_TIMEOUT",
  "CLIENT_TLS_SSLMODE",
  "CLIENT_TLS_KEY_FILE",
  "CLIENT_TLS_CERT_FILE",
  "CLIENT_TLS_CA_FILE",
  "SERVER_TLS_SSLMODE",
  "SERVER_TLS_CA_FILE",
  "SERVER_TLS_PROTOCOLS",
  "MAX_PREPARED_STATEMENTS",
];
/** Variables with a meaning of their own (the [databases] line, the auth file, the listener). */
const STRUCTURAL = [
  "DB_HOST",
  "DB_PORT",
  "DB_NAME",
  "DB_USER",
  "DB_PASSWORD",
  "LISTEN_ADDR",
  "LISTEN_PORT",
  "AUTH_TYPE",
  "IGNORE_STARTUP_PARAMETERS",
];

export interface RenderOptions {
  /** The account pgBouncer runs as (the image's is `postgres`, uid 70). */
  user: string;
  /** Path of the auth file the ini names. */
  authFile: string;
}

/**
 * Renders an image environment to pgbouncer.ini and userlist.txt. Any variable this renderer does not
 * know fails the render, so a new sidecar setting cannot be silently left out of the test.
 */
export function renderPgbouncerConfig(
  environment: EnvironmentVariable[],
  options: RenderOptions,
): PgbouncerFiles {
  const env: Record<string, string> = {};
  for (const { name, value } of environment) {
    if (!OPTIONAL_SETTINGS.includes(name) && !STRUCTURAL.includes(name))
      throw new Error(
        `renderPgbouncerConfig does not know the sidecar setting ${name}; teach it the image's mapping.`,
      );
    if (/[\r\n]/.test(value)) throw new Error(`Sidecar setting ${name} contains a line break.`);
    env[name] = value;
  }
  if (!env.DB_HOST) throw new Error("The sidecar environment has no DB_HOST.");
  // The image's entrypoint writes the password in clear for plain and scram-sha-256 (pgBouncer then does SCRAM
  // both ways), an md5 hash otherwise.
  const authType = env.AUTH_TYPE ?? "md5";
  const userlist =
    env.DB_USER && env.DB_PASSWORD
      ? `"${env.DB_USER}" "${authType === "plain" || authType === "scram-sha-256" ? env.DB_PASSWORD : md5Password(env.DB_PASSWORD, env.DB_USER)}"\n`
      : "";
  const lines = [
    "[databases]",
    `${env.DB_NAME ?? "*"} = host=${env.DB_HOST} port=${env.DB_PORT ?? "5432"} auth_user=${env.DB_USER ?? "postgres"}`,
    "",
    "[pgbouncer]",
    `listen_addr = ${env.LISTEN_ADDR ?? "0.0.0.0"}`,
    `listen_port = ${env.LISTEN_PORT ?? "5432"}`,
    // Empty, as in the image: no Unix socket.
    "unix_socket_dir =",
    `user = ${options.user}`,
    `auth_file = ${options.authFile}`,
    `auth_type = ${authType}`,
    `ignore_startup_parameters = ${env.IGNORE_STARTUP_PARAMETERS ?? "extra_float_digits"}`,
    "admin_users = postgres",
    ...OPTIONAL_SETTINGS.filter((name) => env[name] !== undefined).map(
      (name) => `${name.toLowerCase()} = ${env[name]}`,
    ),
    "",
  ];
  return { ini: lines.join("\n"), userlist };
}

function md5Password(password: string, user: string): string {
  const digest = crypto
    .createHash("md5")
    .update(password + user)
    .digest("hex");
  return `md5${digest}`;
}

/** Replaces (or adds) variables of an environment: the test points DB_HOST/DB_PORT/LISTEN_PORT at loopback. */
export function withOverrides(
  environment: EnvironmentVariable[],
  overrides: Record<string, string | undefined>,
): EnvironmentVariable[] {
  const result = environment.filter((variable) => !(variable.name in overrides));
  for (const [name, value] of Object.entries(overrides))
    if (value !== undefined) result.push({ name, value });
  return result;
}

/** The value of one variable of an environment; fails if it is absent. */
export function setting(environment: EnvironmentVariable[], name: string): string {
  const variable = environment.find((candidate) => candidate.name === name);
  if (!variable) throw new Error(`The sidecar environment has no ${name}.`);
  return variable.value;
}
