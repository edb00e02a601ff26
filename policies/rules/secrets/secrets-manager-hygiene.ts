import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { isUnknown, knownString, num, UnknownInput } from "../../lib/values";

interface Config {
  minimumRecoveryWindowDays: number;
  databaseSecretPatterns: string[];
  requireRotationForDatabaseSecrets: boolean;
}

/** The words of a name or description, lower-cased, both whole and split at camelCase (`appDbPassword` → appdbpassword, app, db, password). */
function wordsOf(text: string): string[] {
  const whole = text.toLowerCase().split(/[^a-z0-9]+/);
  const split = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return [...whole, ...split].filter((word) => word.length > 0);
}

/**
 * True when the secret's logical name, name, namePrefix or description has a word that is, or starts
 * with, a pattern (`db` matches `orders-db` and `dbCredentials`; `rds` does not match `records`).
 * Unknown names are skipped: the logical name and description usually say what an autonamed secret holds.
 */
function holdsDatabaseCredentials(secret: StackResource, patterns: readonly string[]): boolean {
  const texts = [secret.name, secret.props.name, secret.props.namePrefix, secret.props.description]
    .map(knownString)
    .filter((text): text is string => text !== undefined);
  const lowered = patterns.map((p) => p.toLowerCase()).filter((p) => p.length > 0);
  return texts.some((text) => wordsOf(text).some((word) => lowered.some((p) => word.startsWith(p))));
}

export const secretsManagerHygiene = stackPolicy<Config>({
  name: "secrets-manager-hygiene",
  description:
    "Checks that Secrets Manager secrets can be recovered after a mistaken deletion (a recovery window of at least the configured days) and that secrets holding database credentials are rotated by an aws.secretsmanager.SecretRotation.",
  severity: "high",
  checklist: ["backend.security.secret-key-from-secret", "frontend.environment.nextauth-secret"],
  remediationSteps:
    "Leave recoveryWindowInDays unset (30 days) or set it to at least the configured minimum; never 0 outside throwaway stacks. For each database credentials secret add an aws.secretsmanager.SecretRotation {secretId: secret.id, rotationLambdaArn (or the RDS-managed rotation), rotationRules: {automaticallyAfterDays: 30}}.",
  config: {
    minimumRecoveryWindowDays: {
      type: "integer",
      minimum: 0,
      maximum: 30,
      default: 7,
      description:
        "Smallest acceptable recoveryWindowInDays; unset means AWS's 30 days, 0 means deletion without recovery.",
    },
    databaseSecretPatterns: {
      type: "array",
      items: { type: "string" },
      default: ["db", "database", "postgres", "rds"],
      description:
        "Words that mark a secret as database credentials when a word of its logical name, name, namePrefix or description is or starts with one (case-insensitive; camelCase counts as separate words).",
    },
    requireRotationForDatabaseSecrets: {
      type: "boolean",
      default: true,
      description:
        "Require an aws.secretsmanager.SecretRotation for every secret that holds database credentials.",
    },
  },
  judges: ["secret"],
  validateStack(stack, { config, violation, check }) {
    const rotations = stack.ofType("secretRotation");
    for (const secret of stack.ofType("secret")) {
      check(() => {
        const days = num(secret.props.recoveryWindowInDays, "recoveryWindowInDays");
        if (days === undefined || days >= config.minimumRecoveryWindowDays) return;
        if (days === 0) {
          violation(
            `Set recoveryWindowInDays to at least ${config.minimumRecoveryWindowDays} days (or leave it unset for 30); it is 0, which deletes the secret at once with no recovery.`,
            secret.urn,
          );
        } else {
          violation(
            `Set recoveryWindowInDays to at least ${config.minimumRecoveryWindowDays} days (or leave it unset for 30); it is ${days}.`,
            secret.urn,
          );
        }
      }, secret.urn);
      if (
        !config.requireRotationForDatabaseSecrets ||
        !holdsDatabaseCredentials(secret, config.databaseSecretPatterns)
      )
        continue;
      check(() => {
        if (rotations.some((rotation) => stack.refersTo(rotation, "secretId", secret))) return;
        // A rotation whose secretId is not known yet and was not recorded as a dependency may be this secret's.
        const undecided = rotations.find(
          (rotation) => isUnknown(rotation.props.secretId) && !rotation.propertyDependencies.secretId?.length,
        );
        if (undecided) throw new UnknownInput(`secretId of ${undecided.name}`);
        violation(
          "Add an aws.secretsmanager.SecretRotation (secretId referring to this secret) for these database credentials; they are never rotated.",
          secret.urn,
        );
      }, secret.urn);
    }
  },
});
