import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { BLOCK, BlockFaults } from "../../lib/findings";
import { looksSecret, secretKindsIn } from "../../lib/secrets/secret-formats";
import { containersOrSkip, envValue, MALFORMED_DEFINITIONS, safeName } from "../../lib/aws/ecs-container";
import { compilePatterns } from "../../lib/patterns";

interface Config {
  secretNamePatterns: string[];
  allowedNames: string[];
  publicNamePrefixes: string[];
}

export const ecsNoPlaintextSecrets = resourcePolicy<Config>({
  name: "ecs-no-plaintext-secrets",
  description:
    "Checks that ECS task definitions pass secrets through `secrets` (Secrets Manager or SSM references), not as plaintext `environment` values: no variable whose name marks it as a secret, and no value that holds credentials in a URL or a known key or token format.",
  severity: "critical",
  checklist: [
    "backend.security.secret-key-from-secret",
    "frontend.environment.nextauth-secret",
    "backend.security.no-sensitive-data-in-code-or-logs",
    "frontend.security.no-hardcoded-secrets",
  ],
  remediationSteps:
    "Store the value in AWS Secrets Manager (or an SSM SecureString parameter), grant the task execution role read access, and list the variable under the container's `secrets` as {name, valueFrom: <secret ARN>} instead of `environment`.",
  config: {
    secretNamePatterns: {
      type: "array",
      items: { type: "string" },
      default: [
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "TOKEN",
        "API_?KEY",
        "PRIVATE_?KEY",
        "ACCESS_?KEY",
        "CREDENTIALS",
        // DSN and AUTH only as the last word: SENTRY_DSN and REDIS_AUTH hold credentials, AUTH_TYPE and AUTH_URL do not.
        "(^|_)DSN$",
        "(^|_)AUTH$",
      ],
      extendsDefault: true,
      description:
        "Regular expressions (case-insensitive) over environment variable names that mark a variable as a secret. Patterns configured here are added to the defaults, never replace them; exempt a name with allowedNames.",
    },
    allowedNames: {
      type: "array",
      items: { type: "string" },
      default: [
        "DJANGO_SETTINGS_MODULE",
        "AWS_REGION",
        "NEXTAUTH_URL",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
      ],
      description: "Variable names that are never secrets even when a name pattern matches them.",
    },
    publicNamePrefixes: {
      type: "array",
      items: { type: "string" },
      default: ["NEXT_PUBLIC_"],
      description:
        "Name prefixes of variables that are public by contract (Next.js inlines NEXT_PUBLIC_* into the browser bundle); their names are not judged, their values still are.",
    },
  },
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { config, violation, check }) {
    const list = containersOrSkip(props);
    if (!list) return;
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const namePatterns = compilePatterns(config.secretNamePatterns);
    const allowed = new Set(config.allowedNames);
    const faults = new BlockFaults(["environment variable", "environment variables"]);
    for (const container of list.containers) {
      for (const entry of container.environment) {
        const label = safeName(entry.name) ?? `at ${entry.path.replace(/\.value$/, "")}`;
        // One finding per container and fault, naming its variables.
        const where = `${BLOCK} of container ${container.label}`;
        const fail = faults.for(label);
        const isPublic = config.publicNamePrefixes.some(
          (prefix) => prefix.length > 0 && entry.name.startsWith(prefix),
        );
        const secretName =
          !allowed.has(entry.name) && !isPublic && namePatterns.some((pattern) => pattern.test(entry.name));
        if (secretName || looksSecret(entry.name)) {
          fail(
            `Move ${where} from environment to secrets (valueFrom Secrets Manager or SSM); its name marks it as a secret.`,
          );
          continue;
        }
        check(() => {
          const kinds = secretKindsIn(envValue(entry) ?? "");
          if (kinds.length > 0) {
            fail(
              `Move ${where} from environment to secrets (valueFrom Secrets Manager or SSM); its value contains ${kinds.join(" and ")}.`,
            );
          }
        });
      }
    }
    faults.report(violation);
  },
});
