import { resourcePolicy } from "../../lib/define";
import { listed } from "../../lib/findings";
import { isUnknown, Props } from "../../lib/values";
import {
  AWS_ACCESS_KEY_ID_KIND,
  looksLikeAwsSecretAccessKey,
  looksSecret,
  MAX_SCAN_CHARS,
  secretKindsIn,
} from "../../lib/secrets/secret-formats";

interface Config {
  secretInputs: Record<string, string[]>;
}

/** Bounds of the walk, so a hostile resource costs at most a few milliseconds more than a real one. */
const MAX_DEPTH = 32;
const MAX_NODES = 20_000;
const MAX_TOTAL_CHARS = 8 << 20;
/** Values one finding names; the rest are counted. */
const MAX_LISTED = 10;

interface Hit {
  path: string;
  kind: string;
}

interface Walk {
  nodes: number;
  chars: number;
  hits: Hit[];
  /** Paths of strings shaped like an AWS secret access key; reported only next to an access key id. */
  awsSecretShapes: string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]{0,63}$/;

/** A path segment for a key; keys are names, but one shaped like a secret (or odd) is not echoed. */
function segment(key: string): string {
  if (IDENTIFIER.test(key) && !looksSecret(key)) return `.${key}`;
  return "[<key>]";
}

function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** JSON documents held in strings (container definitions, IAM policies) are walked as structure, for precise paths. */
function parseEmbeddedJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("[")) || text.length > MAX_SCAN_CHARS) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function walk(value: unknown, path: string, depth: number, state: Walk): void {
  if (state.nodes++ >= MAX_NODES || depth > MAX_DEPTH) return;
  // An unknown is an output of another resource, not a literal in the program: nothing hardcoded to find.
  if (value === null || value === undefined || isUnknown(value)) return;
  if (typeof value === "string") {
    if (state.chars >= MAX_TOTAL_CHARS) return;
    state.chars += Math.min(value.length, MAX_SCAN_CHARS);
    const embedded = parseEmbeddedJson(value);
    if (embedded !== undefined && typeof embedded === "object" && embedded !== null) {
      return walk(embedded, `${path}(json)`, depth + 1, state);
    }
    for (const kind of secretKindsIn(value)) state.hits.push({ path, kind });
    if (looksLikeAwsSecretAccessKey(value)) state.awsSecretShapes.push(path);
    return;
  }
  if (typeof value !== "object" || !isPlainContainer(value)) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && state.nodes < MAX_NODES; index++)
      walk(value[index], `${path}[${index}]`, depth + 1, state);
    return;
  }
  for (const key of Object.keys(value)) {
    if (state.nodes >= MAX_NODES) return;
    walk((value as Props)[key], `${path}${segment(key)}`, depth + 1, state);
  }
}

/** The findings of one resource: every format hit, plus the secret half of an AWS key pair when an access key id is present. */
function scan(props: Props, skipped: ReadonlySet<string>): Hit[] {
  const state: Walk = { nodes: 0, chars: 0, hits: [], awsSecretShapes: [] };
  for (const [key, value] of Object.entries(props)) {
    if (!skipped.has(key)) walk(value, segment(key).replace(/^\./, ""), 0, state);
  }
  const hits = [...state.hits];
  if (hits.some((hit) => hit.kind === AWS_ACCESS_KEY_ID_KIND)) {
    for (const path of state.awsSecretShapes) hits.push({ path, kind: "an AWS secret access key" });
  }
  return hits;
}

export const noPlaintextSecrets = resourcePolicy<Config>({
  name: "no-plaintext-secrets",
  description:
    "Checks that no resource input holds a literal secret: credentials in a URL, an AWS access key pair, a private key, or a GitHub, Slack or Stripe token, anywhere in its properties (JSON documents included).",
  severity: "critical",
  checklist: [
    "backend.security.no-sensitive-data-in-code-or-logs",
    "frontend.security.no-hardcoded-secrets",
    "frontend.environment.env-not-committed",
  ],
  remediationSteps:
    "Remove the literal from the program and its config: keep the value in AWS Secrets Manager (or as a Pulumi secret config value, `pulumi config set --secret`) and pass a reference (a secret ARN for ECS `secrets`, a SecretVersion, an SSM SecureString) instead; rotate the exposed credential, since it is in version control and in the stack's state.",
  config: {
    secretInputs: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
      default: {
        "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
        "aws:ssm/parameter:Parameter": ["value"],
        "aws:acm/certificate:Certificate": ["privateKey"],
        "aws:iam/serverCertificate:ServerCertificate": ["privateKey"],
        "aws:rds/instance:Instance": ["password"],
        "aws:rds/cluster:Cluster": ["masterPassword"],
        "postgresql:index/role:Role": ["password"],
      },
      extendsDefault: true,
      description:
        "Per type token, the top-level inputs whose purpose is to hold a secret (a SecretVersion's secretString, a certificate's privateKey); they are not scanned. Provider resources (pulumi:providers:*) are never scanned. Entries configured here are added to the defaults (a type's inputs to its default list), never replace them.",
    },
  },
  appliesTo: "*",
  validate({ type, props }, { config, violation }) {
    if (type.startsWith("pulumi:providers:")) return;
    const secretInputs =
      config.secretInputs && typeof config.secretInputs === "object" ? config.secretInputs[type] : undefined;
    const skipped = new Set(Array.isArray(secretInputs) ? secretInputs : []);
    // An SSM String parameter is readable by anyone with ssm:GetParameter: only a SecureString may hold a secret.
    if (type === "aws:ssm/parameter:Parameter" && props.type !== "SecureString" && !isUnknown(props.type))
      skipped.delete("value");
    const hits = scan(props, skipped);
    // One finding per resource, naming (up to MAX_LISTED of) the values at fault.
    if (hits.length === 1) {
      violation(
        `Remove the value that looks like ${hits[0].kind} at ${hits[0].path}: keep it in Secrets Manager (or a Pulumi secret) and pass a reference instead.`,
      );
    } else if (hits.length > 1) {
      const named = hits.slice(0, MAX_LISTED).map((hit) => `${hit.path} (${hit.kind})`);
      if (hits.length > MAX_LISTED) named.push(`${hits.length - MAX_LISTED} more`);
      violation(
        `Remove the ${hits.length} values that look like secrets at ${listed(named)}: keep them in Secrets Manager (or a Pulumi secret) and pass references instead.`,
      );
    }
  },
});
