import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { isUnknown, json, Props, UnknownInput } from "../../lib/values";
import { looksSecret } from "../../lib/secrets/secret-formats";

interface Config {
  minimumLength: number;
  placeholders: string[];
  jsonSecretKeys: string[];
}

/** Per type token, the inputs that hold a secret value (the write-only `...Wo` variants of aws v7 included). */
const SECRET_INPUTS: Record<string, readonly string[]> = {
  "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretStringWo"],
  "aws:ssm/parameter:Parameter": ["value", "valueWo"],
  "aws:rds/instance:Instance": ["password", "passwordWo"],
  "aws:rds/cluster:Cluster": ["masterPassword", "masterPasswordWo"],
  "pulumi:providers:postgresql": ["password"],
  "postgresql:index/role:Role": ["password"],
};

/** Inputs whose string may be a JSON document of several values (a Secrets Manager secret). */
const JSON_INPUTS = new Set(["secretString", "secretStringWo"]);

/** A JSON key fit for a message: identifier-like and not itself shaped like a secret. */
function keyLabel(key: string): string {
  return /^[A-Za-z_][\w.-]{0,63}$/.test(key) && !looksSecret(key) ? `JSON key ${key}` : "a JSON key";
}

/** The secret strings of one input: the string itself, or in a JSON object the values of its secret-like keys. */
function secretValues(
  input: string,
  value: string,
  secretKey: (key: string) => boolean,
): Array<{ where: string; value: string }> {
  if (JSON_INPUTS.has(input) && value.trimStart().startsWith("{")) {
    // Not JSON (or not an object): the whole string is the secret.
    const parsed = json(value, input);
    const document = parsed.ok ? parsed.value : undefined;
    if (document !== null && typeof document === "object" && !Array.isArray(document)) {
      return Object.entries(document as Props).flatMap(([key, item]) =>
        typeof item === "string" && secretKey(key)
          ? [{ where: `${input} (${keyLabel(key)})`, value: item }]
          : [],
      );
    }
  }
  return [{ where: input, value }];
}

export const noWeakSecrets = resourcePolicy<Config>({
  name: "no-weak-secrets",
  description:
    "Checks that a secret value known at preview is not weak: a Secrets Manager secretString (and the secret-like values of a JSON secretString), an SSM SecureString parameter, an RDS instance password or cluster masterPassword, and the password of the postgresql provider or a postgresql.Role are at least the configured length and not a common placeholder. Generated secrets are unknown at preview and pass.",
  severity: "critical",
  checklist: ["frontend.environment.nextauth-secret"],
  remediationSteps:
    "Generate the secret instead of writing it: a random.RandomPassword (length 32 or more, special characters as the service allows) passed as an output, manageMasterUserPassword: true on RDS, or a Secrets Manager secret with rotation; then rotate the weak value, which is in the stack's state.",
  config: {
    minimumLength: {
      type: "integer",
      minimum: 1,
      default: 16,
      description: "The fewest characters a secret value may have.",
    },
    placeholders: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [
        "password",
        "passw0rd",
        "password1",
        "password123",
        "changeme",
        "change-me",
        "change_me",
        "changeit",
        "secret",
        "admin",
        "administrator",
        "root",
        "postgres",
        "default",
        "example",
        "test",
        "letmein",
        "qwerty",
        "123456",
        "12345678",
        "123456789",
        "1234567890",
        "replace-me",
        "replaceme",
        "todo",
        "xxx",
      ],
      extendsDefault: true,
      description:
        "Values (compared case-insensitively, whatever their length) that are placeholders, never secrets. Entries configured here are added to the defaults.",
    },
    jsonSecretKeys: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: ["password", "passwd", "pwd", "secret", "token", "key", "credential", "auth"],
      extendsDefault: true,
      description:
        "Words (case-insensitive, anywhere in the key) that mark a key of a JSON secretString as holding a secret; other keys (username, host, port) are not judged. Entries configured here are added to the defaults.",
    },
  },
  appliesTo: tokensOf("secretVersion", "ssmParameter", "rdsInstance", "rdsCluster", "pgProvider", "pgRole"),
  validate({ type, props }, { config, violation, unverified }) {
    const inputs = SECRET_INPUTS[type] ?? [];
    // Only a SecureString parameter holds a secret; a String's value is configuration.
    const parameterType = type === "aws:ssm/parameter:Parameter" ? props.type : "SecureString";
    if (parameterType !== "SecureString" && !isUnknown(parameterType)) return;
    const placeholders = new Set(config.placeholders.map((p) => p.trim().toLowerCase()));
    const secretWords = config.jsonSecretKeys.map((word) => word.toLowerCase());
    const secretKey = (key: string) => secretWords.some((word) => key.toLowerCase().includes(word));
    const findings: string[] = [];
    for (const input of inputs) {
      const raw = props[input];
      // A generated secret is an output of another resource: unknown at preview, nothing written to judge.
      if (typeof raw !== "string" || isUnknown(raw)) continue;
      for (const { where, value } of secretValues(input, raw, secretKey)) {
        if (placeholders.has(value.trim().toLowerCase())) {
          findings.push(
            `Replace ${where} with a generated secret; it is a common placeholder, the first value anyone tries.`,
          );
        } else if ([...value].length < config.minimumLength) {
          findings.push(
            `Replace ${where} with a generated secret of at least ${config.minimumLength} characters; it is shorter.`,
          );
        }
      }
    }
    // A weak value in a parameter whose type is not known yet: a SecureString would fail, a String would not.
    if (findings.length > 0 && isUnknown(parameterType)) return unverified(new UnknownInput("type"));
    for (const message of findings) violation(message);
  },
});
