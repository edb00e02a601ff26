import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** The Pulumi project name: stack config keys are `prodready:<key>`. */
export const PROJECT = "prodready";

/** The stack whose name makes the production rules of the checklist apply. */
export const PRODUCTION_STACK = "production";

/** Retention values CloudWatch Logs accepts (anything else is rejected by the API at deploy time). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type ConnectionPooling = "rds-proxy" | "pgbouncer" | "none";
export type CpuArchitecture = "X86_64" | "ARM64";
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** Validated stack configuration: every default applied, every checklist rule checked. */
export interface StackConfig {
  stack: string;
  isProduction: boolean;
  region: string;
  tags: Record<string, string>;
  hostedZoneId: string;
  hostedZoneName: string;
  privateZoneName: string;
  appDomain: string;
  apiDomain: string;
  originDomain: string;
  vpcCidr: string;
  availabilityZoneCount: number;
  natGatewayPerAz: boolean;
  postgresEngineVersion: string;
  databaseName: string;
  databaseInstanceClass: string;
  databaseAllocatedStorageGb: number;
  databaseMaxAllocatedStorageGb: number;
  databaseMultiAz: boolean;
  databaseDeletionProtection: boolean;
  backupRetentionDays: number;
  connectionPooling: ConnectionPooling;
  pgbouncerImage?: string;
  manageDatabaseAccess: boolean;
  databaseDeployerUser: string;
  databaseAccessHost?: string;
  databaseAccessPort?: number;
  databaseSslRootCert?: string;
  databaseCredentialRotationDays: number;
  djangoImage: string;
  djangoSettingsModule: string;
  djangoWsgiApplication: string;
  djangoCpu: number;
  djangoMemory: number;
  djangoDesiredCount: number;
  djangoMaxCount: number;
  nextjsImage: string;
  nextjsCpu: number;
  nextjsMemory: number;
  nextjsDesiredCount: number;
  nextjsMaxCount: number;
  cpuArchitecture: CpuArchitecture;
  logLevel: LogLevel;
  logRetentionDays: number;
  wafRateLimit: number;
  alarmEmail?: string;
  /** Secret: from `pulumi config set --secret`; absent means the value is put in Secrets Manager out of band. */
  sentryDsnDjango?: pulumi.Output<string>;
  /** Secret: as sentryDsnDjango, for the Next.js server and browser SDK. */
  sentryDsnNextjs?: pulumi.Output<string>;
}

/** Thrown by parseConfig; its message is the single line the program stops with. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const imagePattern = /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/;

/** Pulumi hands every config value over as a string; YAML fixtures in tests hand over native values. */
const integer = (problem: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value),
    z.number({ error: problem }).int({ error: problem }),
  );
const boolean = (problem: string) =>
  z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : value),
    z.boolean({ error: problem }),
  );
const hostname = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .regex(hostnamePattern, { error: `must be ${what} (a lower-case DNS name without scheme or path)` });
const image = (what: string) =>
  z
    .string({ error: `must be the ${what} container image` })
    .regex(imagePattern, { error: `must be a pinned ${what} image reference such as registry/name:tag` })
    .refine((ref) => !ref.endsWith(":latest"), {
      error: `must pin the ${what} image to a version, not :latest`,
    });

/** One schema per key, each with the sentence a user needs when it is wrong. */
const fields = {
  hostedZoneId: z
    .string({ error: "is required (the Route53 public hosted zone id of hostedZoneName)" })
    .regex(/^Z[A-Z0-9]{5,31}$/, { error: "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ" }),
  hostedZoneName: hostname("the public hosted zone name, e.g. prodready.example"),
  appDomain: hostname("the public hostname of the Next.js app, e.g. app.prodready.example"),
  apiDomain: hostname("the public hostname of the Django API, e.g. api.prodready.example"),
  originDomain: hostname("the hostname CloudFront uses to reach the ALB, e.g. origin.prodready.example"),
  vpcCidr: z
    .string({ error: "must be an IPv4 CIDR block such as 10.30.0.0/16" })
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9])$/, {
      error: "must be an IPv4 CIDR block between /16 and /19, such as 10.30.0.0/16",
    }),
  availabilityZoneCount: integer("must be a whole number of availability zones").pipe(
    z
      .number()
      .min(2, { error: "must be at least 2 (RDS subnet groups and Multi-AZ need two zones)" })
      .max(3, { error: "must be at most 3 (the subnet layout holds three zones)" }),
  ),
  natGatewayPerAz: boolean("must be true or false"),
  postgresEngineVersion: z
    .string({ error: "must be a PostgreSQL version such as 16.8" })
    .regex(/^(1[4-9]|[2-9]\d)\.\d+$/, {
      error: "must be a PostgreSQL major.minor version of 14 or later, such as 16.8",
    }),
  databaseName: z.string({ error: "must be a database name" }).regex(/^[a-z][a-z0-9_]{0,62}$/, {
    error: "must be a lower-case PostgreSQL identifier such as prodready",
  }),
  databaseInstanceClass: z
    .string({ error: "must be an RDS instance class such as db.m7g.large" })
    .regex(/^db\.[tmr]\d+[a-z]*\.(micro|small|medium|large|\d*xlarge)$/, {
      error: "must be a db.t*, db.m* or db.r* RDS instance class such as db.m7g.large",
    }),
  databaseAllocatedStorageGb: integer("must be a whole number of GiB").pipe(
    z
      .number()
      .min(20, { error: "must be at least 20 GiB (the gp3 minimum)" })
      .max(65536, { error: "must be at most 65536 GiB" }),
  ),
  databaseMaxAllocatedStorageGb: integer("must be a whole number of GiB").pipe(
    z.number().max(65536, { error: "must be at most 65536 GiB" }),
  ),
  databaseMultiAz: boolean("must be true or false"),
  databaseDeletionProtection: boolean("must be true or false"),
  backupRetentionDays: integer("must be a whole number of days").pipe(
    z
      .number()
      .min(1, { error: "must be at least 1 (0 disables RDS backups)" })
      .max(35, { error: "must be at most 35 (the RDS maximum)" }),
  ),
  connectionPooling: z.enum(["rds-proxy", "pgbouncer", "none"], {
    error: "must be rds-proxy, pgbouncer or none",
  }),
  pgbouncerImage: image("pgBouncer"),
  manageDatabaseAccess: boolean("must be true or false"),
  databaseDeployerUser: z
    .string({ error: "must be a PostgreSQL role name" })
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, {
      error: "must be a lower-case PostgreSQL role name such as prodready_deployer",
    }),
  databaseAccessHost: z.string({ error: "must be a hostname" }).min(1, { error: "must not be empty" }),
  databaseAccessPort: integer("must be a TCP port").pipe(
    z.number().min(1, { error: "must be a TCP port" }).max(65535, { error: "must be a TCP port" }),
  ),
  databaseSslRootCert: z.string({ error: "must be a file path" }).min(1, { error: "must not be empty" }),
  databaseCredentialRotationDays: integer("must be a whole number of days").pipe(
    z.number().min(1, { error: "must be at least 1" }).max(365, { error: "must be at most 365" }),
  ),
  djangoImage: image("Django"),
  djangoSettingsModule: z
    .string({ error: "must be a Python module path" })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
      error: "must be a dotted Python module path such as config.settings.production",
    }),
  djangoWsgiApplication: z
    .string({ error: "must be a WSGI application path" })
    .regex(/^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*$/, {
      error: "must be module:callable such as config.wsgi:application",
    }),
  djangoCpu: integer("must be Fargate CPU units").pipe(
    z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)], {
      error: "must be 256, 512, 1024, 2048 or 4096 CPU units",
    }),
  ),
  djangoMemory: integer("must be MiB").pipe(
    z
      .number()
      .min(512, { error: "must be at least 512 MiB" })
      .max(30720, { error: "must be at most 30720 MiB" }),
  ),
  djangoDesiredCount: integer("must be a whole number of tasks").pipe(
    z.number().min(1, { error: "must be at least 1" }),
  ),
  djangoMaxCount: integer("must be a whole number of tasks").pipe(
    z.number().min(1, { error: "must be at least 1" }),
  ),
  nextjsImage: image("Next.js"),
  nextjsCpu: integer("must be Fargate CPU units").pipe(
    z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)], {
      error: "must be 256, 512, 1024, 2048 or 4096 CPU units",
    }),
  ),
  nextjsMemory: integer("must be MiB").pipe(
    z
      .number()
      .min(512, { error: "must be at least 512 MiB" })
      .max(30720, { error: "must be at most 30720 MiB" }),
  ),
  nextjsDesiredCount: integer("must be a whole number of tasks").pipe(
    z.number().min(1, { error: "must be at least 1" }),
  ),
  nextjsMaxCount: integer("must be a whole number of tasks").pipe(
    z.number().min(1, { error: "must be at least 1" }),
  ),
  cpuArchitecture: z.enum(["X86_64", "ARM64"], {
    error: "must be X86_64 or ARM64 (the architecture the images are built for)",
  }),
  logLevel: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"], { error: "must be DEBUG, INFO, WARNING or ERROR" }),
  logRetentionDays: integer("must be a whole number of days").pipe(
    z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `must be one of the CloudWatch retention values ${LOG_RETENTION_DAYS.join(", ")}`,
    }),
  ),
  wafRateLimit: integer("must be a whole number of requests").pipe(
    z
      .number()
      .min(100, { error: "must be at least 100 requests per 5 minutes per client" })
      .max(2_000_000_000, { error: "must be at most 2000000000" }),
  ),
  alarmEmail: z.email({ error: "must be an email address" }),
  sentryDsnDjango: z.url({ protocol: /^https$/, error: "must be an https:// Sentry DSN" }),
  sentryDsnNextjs: z.url({ protocol: /^https$/, error: "must be an https:// Sentry DSN" }),
} as const;

type Field = keyof typeof fields;

/** Every `prodready:` key the program reads (docs/configuration.md documents each). */
export const CONFIG_KEYS = Object.keys(fields) as readonly string[];

/** Keys of the `prodready:` namespace the gate reads, not the program (profile: the stack's policy profile). */
const GATE_KEYS: ReadonlySet<string> = new Set(["profile"]);

/** Keys whose values are secrets: never echoed into an error message. */
const SECRET_KEYS: ReadonlySet<string> = new Set(["sentryDsnDjango", "sentryDsnNextjs"]);

/** Keys without a default: the program cannot guess them. */
const REQUIRED: readonly Field[] = [
  "hostedZoneId",
  "hostedZoneName",
  "appDomain",
  "apiDomain",
  "originDomain",
  "djangoImage",
  "nextjsImage",
];

/** Defaults per environment; production's are the checklist's minimums. */
export function configDefaults(isProduction: boolean) {
  return {
    vpcCidr: "10.0.0.0/16",
    availabilityZoneCount: isProduction ? 3 : 2,
    natGatewayPerAz: isProduction,
    postgresEngineVersion: "16.8",
    databaseName: "prodready",
    databaseInstanceClass: isProduction ? "db.m7g.large" : "db.t4g.medium",
    databaseAllocatedStorageGb: isProduction ? 100 : 20,
    databaseMultiAz: isProduction,
    databaseDeletionProtection: isProduction,
    backupRetentionDays: isProduction ? 14 : 7,
    connectionPooling: "rds-proxy" as ConnectionPooling,
    manageDatabaseAccess: true,
    databaseDeployerUser: "prodready_deployer",
    databaseCredentialRotationDays: 30,
    djangoSettingsModule: "config.settings.production",
    djangoWsgiApplication: "config.wsgi:application",
    djangoCpu: 512,
    djangoMemory: 1024,
    djangoDesiredCount: isProduction ? 2 : 1,
    nextjsCpu: 256,
    nextjsMemory: 512,
    nextjsDesiredCount: isProduction ? 2 : 1,
    cpuArchitecture: "X86_64" as CpuArchitecture,
    logLevel: "INFO" as LogLevel,
    logRetentionDays: isProduction ? 90 : 30,
    wafRateLimit: 2000,
  };
}

function show(key: string, value: unknown): string {
  if (value === undefined) return "nothing";
  if (SECRET_KEYS.has(key)) return "a value that is not shown because it is secret";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Validates raw stack config (keys with or without the `prodready:` prefix; values as Pulumi strings
 * or native YAML values) for the named stack. Throws ConfigError with one line naming the key, the
 * problem and the fix.
 */
export function parseConfig(raw: Record<string, unknown>, stackName: string): StackConfig {
  const stackFile = `stacks/Pulumi.${stackName}.yaml`;
  const fail = (key: string, problem: string, value: unknown): never => {
    throw new ConfigError(`${PROJECT}:${key} ${problem}; got ${show(key, value)}. Set it in ${stackFile}.`);
  };

  const values: Record<string, unknown> = {};
  let region: unknown;
  for (const [fullKey, value] of Object.entries(raw)) {
    const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [PROJECT, fullKey];
    if (namespace === "aws" && key === "region") region = value;
    if (namespace !== PROJECT || GATE_KEYS.has(key)) continue;
    if (!(key in fields)) {
      const known = Object.keys(fields);
      const near = known.find((candidate) =>
        candidate.toLowerCase().startsWith(key.toLowerCase().slice(0, 6)),
      );
      throw new ConfigError(
        `${PROJECT}:${key} is not a setting this program reads${near ? ` (did you mean ${PROJECT}:${near}?)` : ""}; got ${show(key, value)}. Remove or rename it in ${stackFile}.`,
      );
    }
    values[key] = value;
  }

  if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new ConfigError(
      `aws:region must be an AWS region such as eu-west-1; got ${show("region", region)}. Set it in ${stackFile}.`,
    );
  }

  const isProduction = stackName === PRODUCTION_STACK;
  const defaults: Record<string, unknown> = configDefaults(isProduction);
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(fields) as Field[]) {
    const value = values[key];
    if (value === undefined || value === null || value === "") {
      if (REQUIRED.includes(key))
        fail(key, fields[key].safeParse(undefined).error?.issues[0]?.message ?? "is required", undefined);
      parsed[key] = defaults[key];
      continue;
    }
    const result = fields[key].safeParse(value);
    if (!result.success) fail(key, result.error.issues[0]?.message ?? "is invalid", value);
    else parsed[key] = result.data;
  }

  const get = <T>(key: Field) => parsed[key] as T;
  const explain = (key: Field, problem: string) => fail(key, problem, values[key] ?? parsed[key]);

  // Cross-field rules: each names the key the user has to change.
  const hostedZoneName = get<string>("hostedZoneName");
  for (const key of ["appDomain", "apiDomain", "originDomain"] as const) {
    const domain = get<string>(key);
    if (!domain.endsWith(`.${hostedZoneName}`))
      explain(key, `must be a name inside the hosted zone ${hostedZoneName}`);
  }
  if (new Set([get("appDomain"), get("apiDomain"), get("originDomain")]).size !== 3) {
    explain(
      "originDomain",
      "must differ from appDomain and apiDomain (each hostname routes to its own place)",
    );
  }
  const allocated = get<number>("databaseAllocatedStorageGb");
  if (parsed.databaseMaxAllocatedStorageGb === undefined)
    parsed.databaseMaxAllocatedStorageGb = allocated * 4;
  if (get<number>("databaseMaxAllocatedStorageGb") < allocated) {
    explain("databaseMaxAllocatedStorageGb", `must be at least databaseAllocatedStorageGb (${allocated})`);
  }
  if (get<string>("connectionPooling") === "pgbouncer" && parsed.pgbouncerImage === undefined) {
    fail("pgbouncerImage", "is required when connectionPooling is pgbouncer", undefined);
  }
  for (const service of ["django", "nextjs"] as const) {
    const desiredKey = `${service}DesiredCount` as Field;
    const maxKey = `${service}MaxCount` as Field;
    if (parsed[maxKey] === undefined) parsed[maxKey] = Math.max(get<number>(desiredKey) * 3, 3);
    if (get<number>(maxKey) < get<number>(desiredKey))
      explain(maxKey, `must be at least ${desiredKey} (${get<number>(desiredKey)})`);
  }
  if (get<number>("djangoMemory") < get<number>("djangoCpu") * 2) {
    explain(
      "djangoMemory",
      `must be at least twice djangoCpu for Fargate (${get<number>("djangoCpu") * 2} MiB)`,
    );
  }
  if (get<number>("nextjsMemory") < get<number>("nextjsCpu") * 2) {
    explain(
      "nextjsMemory",
      `must be at least twice nextjsCpu for Fargate (${get<number>("nextjsCpu") * 2} MiB)`,
    );
  }

  if (isProduction) {
    // The checklist's production floor: refuse rather than deploy something that is not production-ready.
    if (get<number>("backupRetentionDays") < 14)
      explain("backupRetentionDays", "must be at least 14 in production");
    if (!get<boolean>("databaseMultiAz"))
      explain(
        "databaseMultiAz",
        "must be true in production (a single-AZ database is a single point of failure)",
      );
    if (!get<boolean>("natGatewayPerAz"))
      explain("natGatewayPerAz", "must be true in production (one NAT gateway makes every AZ depend on one)");
    if (!get<boolean>("databaseDeletionProtection"))
      explain("databaseDeletionProtection", "must be true in production");
    if (get<number>("djangoDesiredCount") < 2)
      explain(
        "djangoDesiredCount",
        "must be at least 2 in production (one task is a single point of failure)",
      );
    if (get<number>("nextjsDesiredCount") < 2)
      explain(
        "nextjsDesiredCount",
        "must be at least 2 in production (one task is a single point of failure)",
      );
    if (get<string>("connectionPooling") === "none")
      explain(
        "connectionPooling",
        "must be rds-proxy or pgbouncer in production (connection pooling is on the checklist)",
      );
    if (get<string>("logLevel") === "DEBUG")
      explain("logLevel", "must be INFO or quieter in production (debug logs leak request data)");
  }

  const stackTags = { app: PROJECT, environment: stackName };
  const secret = (key: Field) =>
    parsed[key] === undefined ? undefined : pulumi.secret(parsed[key] as string);
  return {
    ...(parsed as Omit<
      StackConfig,
      "stack" | "isProduction" | "region" | "tags" | "privateZoneName" | "sentryDsnDjango" | "sentryDsnNextjs"
    >),
    stack: stackName,
    isProduction,
    region,
    tags: stackTags,
    privateZoneName: `internal.${hostedZoneName}`,
    sentryDsnDjango: secret("sentryDsnDjango"),
    sentryDsnNextjs: secret("sentryDsnNextjs"),
  };
}

/** Reads the stack's config from the Pulumi engine and validates it; stops the program with one line on error. */
export function loadConfig(): StackConfig {
  try {
    return parseConfig(pulumi.runtime.allConfig(), pulumi.getStack());
  } catch (error) {
    // RunError prints only its message: the one line is the whole diagnosis.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
