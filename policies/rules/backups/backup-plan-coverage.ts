import { stackPolicy } from "../../lib/define";
import { StackResource, StackView } from "../../lib/stack";
import { isType } from "../../lib/types";
import { UnknownInput, arr, attempt, isUnknown, knownString, num, obj, str } from "../../lib/values";
import { kmsKeyNamed } from "../../lib/aws/encryption";
import { databasesRunning, isReplica } from "../../lib/aws/rds-database";
import { ENGINE_FAMILIES } from "../../lib/aws/rds-engine";
import { wildcard } from "../../lib/patterns";

interface Config {
  minimumRetentionDays: number;
}

/** An answer that may be undecided at preview: the unknown input that kept it open. */
type Answer = boolean | UnknownInput;

/** AWS Backup resource patterns use `*` as the only wildcard. */
function globMatches(pattern: string, value: string): boolean {
  return wildcard(pattern).test(value);
}

/**
 * True when an ARN pattern (`*`, or `arn:aws:rds:<region>:<account>:db|cluster:<identifier>` with wildcards)
 * names the database. Without a known ARN, the pattern's service, kind and identifier parts are matched.
 */
function arnPatternMatches(pattern: string, db: StackResource): boolean {
  if (pattern === "*") return true;
  const arn = knownString(db.props.arn);
  if (arn) return globMatches(pattern, arn);
  const parts = pattern.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || !globMatches(parts[2], "rds")) return false;
  const cluster = isType(db.type, "rdsCluster");
  if (!globMatches(parts[5], cluster ? "cluster" : "db")) return false;
  const idPattern = parts.slice(6).join(":");
  if (idPattern === "*") return true;
  const idKey = cluster ? "clusterIdentifier" : "identifier";
  const identifier = str(db.props[idKey], idKey);
  // Autonamed: the provider picks the identifier at deploy.
  if (!identifier) throw new UnknownInput(idKey);
  return globMatches(idPattern, identifier);
}

/** True when the selection's ARN list (`resources` or `notResources`) names the database. */
function listNames(selection: StackResource, property: string, db: StackResource): boolean {
  const dependencies = selection.propertyDependencies[property] ?? [];
  if (dependencies.includes(db.urn)) return true;
  let unknownAt: string | undefined;
  const entries = arr(selection.props[property], property);
  for (const [i, entry] of entries.entries()) {
    if (isUnknown(entry)) unknownAt ??= `${property}[${i}]`;
    else if (typeof entry === "string" && arnPatternMatches(entry, db)) return true;
  }
  // Unknown entries come from the resources the engine recorded, and this database is not one of them.
  if (unknownAt !== undefined && dependencies.length === 0) throw new UnknownInput(unknownAt);
  return false;
}

function tagsOf(db: StackResource): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const key of ["tagsAll", "tags"]) {
    // tagsAll is an output: unknown at preview, while tags still tell what the program set.
    if (key === "tagsAll" && isUnknown(db.props[key])) continue;
    for (const [name, value] of Object.entries(obj(db.props[key], key) ?? {})) {
      const text = str(value, `${key}.${name}`);
      if (text !== undefined) tags[name] = text;
    }
  }
  return tags;
}

function selectionTagsMatch(selection: StackResource, tags: () => Record<string, string>): boolean {
  return arr(selection.props.selectionTags, "selectionTags").some((entry, i) => {
    const tag = obj(entry, `selectionTags[${i}]`);
    if (!tag) return false;
    const type = str(tag.type, `selectionTags[${i}].type`) ?? "STRINGEQUALS";
    const key = str(tag.key, `selectionTags[${i}].key`);
    const value = str(tag.value, `selectionTags[${i}].value`);
    return type.toUpperCase() === "STRINGEQUALS" && key !== undefined && tags()[key] === value;
  });
}

const CONDITION_TESTS: Record<string, (actual: string | undefined, expected: string) => boolean> = {
  stringEquals: (actual, expected) => actual === expected,
  stringNotEquals: (actual, expected) => actual !== expected,
  stringLikes: (actual, expected) => actual !== undefined && globMatches(expected, actual),
  stringNotLikes: (actual, expected) => actual === undefined || !globMatches(expected, actual),
};

/** Every condition holds (AWS Backup ANDs them); a key other than aws:ResourceTag/<tag> cannot be judged and fails. */
function conditionsHold(conditions: unknown[], tags: () => Record<string, string>): boolean {
  return conditions.every((entry, i) => {
    const condition = obj(entry, `conditions[${i}]`) ?? {};
    return Object.entries(CONDITION_TESTS).every(([operator, test]) =>
      arr(condition[operator], `conditions[${i}].${operator}`).every((clause, j) => {
        const path = `conditions[${i}].${operator}[${j}]`;
        const entryObj = obj(clause, path) ?? {};
        const key = str(entryObj.key, `${path}.key`) ?? "";
        const expected = str(entryObj.value, `${path}.value`) ?? "";
        const tag = /^aws:ResourceTag\/(.+)$/.exec(key);
        return tag !== null && test(tags()[tag[1]], expected);
      }),
    );
  });
}

/** AWS Backup's assignment: (resources or selectionTags) and every condition, minus notResources. */
function selects(selection: StackResource, db: StackResource): boolean {
  let cachedTags: Record<string, string> | undefined;
  const tags = () => (cachedTags ??= tagsOf(db));
  const props = selection.props;
  const conditions = arr(props.conditions, "conditions");
  const byList = listNames(selection, "resources", db) || selectionTagsMatch(selection, tags);
  const hasList =
    arr(props.resources, "resources").length > 0 || arr(props.selectionTags, "selectionTags").length > 0;
  // A selection of conditions alone assigns every resource the conditions match.
  if (!(byList || (!hasList && conditions.length > 0))) return false;
  if (!conditionsHold(conditions, tags)) return false;
  return !listNames(selection, "notResources", db);
}

/** True when the vault(s) a rule targets are declared in the stack with kmsKeyArn set. */
function vaultEncrypted(
  stack: StackView,
  plan: StackResource,
  targetVaultName: unknown,
  path: string,
): boolean {
  let vaults: StackResource[];
  if (isUnknown(targetVaultName)) {
    // Only the plan's `rules` as a whole records dependencies: the vaults any rule refers to.
    vaults = (plan.propertyDependencies.rules ?? [])
      .map((urn) => stack.byUrn(urn))
      .filter((r): r is StackResource => !!r && isType(r.type, "backupVault"));
    if (vaults.length === 0) throw new UnknownInput(path);
  } else {
    const name = typeof targetVaultName === "string" ? targetVaultName : undefined;
    vaults = stack
      .ofType("backupVault")
      .filter((vault) => name !== undefined && (vault.props.name === name || vault.props.id === name));
  }
  const encrypted = vaults.filter((vault) => kmsKeyNamed(vault.props.kmsKeyArn));
  if (encrypted.length > 0 && encrypted.length < vaults.length) throw new UnknownInput(path);
  return vaults.length > 0 && encrypted.length === vaults.length;
}

interface RuleVerdict {
  retention: Answer;
  vault: Answer;
}

function ruleVerdicts(
  stack: StackView,
  plan: StackResource,
  minimumDays: number,
): RuleVerdict[] | UnknownInput {
  const verdicts: RuleVerdict[] = [];
  const rules = attempt(() => {
    arr(plan.props.rules, "rules").forEach((entry, i) => {
      const rule = obj(entry, `rules[${i}]`) ?? {};
      verdicts.push({
        retention: attempt(() => {
          const lifecycle = obj(rule.lifecycle, `rules[${i}].lifecycle`);
          const days = lifecycle
            ? num(lifecycle.deleteAfter, `rules[${i}].lifecycle.deleteAfter`)
            : undefined;
          return days !== undefined && days >= minimumDays;
        }),
        vault: attempt(() =>
          vaultEncrypted(stack, plan, rule.targetVaultName, `rules[${i}].targetVaultName`),
        ),
      });
    });
    return true;
  });
  return rules instanceof UnknownInput ? rules : verdicts;
}

function judge(
  stack: StackView,
  db: StackResource,
  config: Config,
  violation: (message: string, urn?: string) => void,
): void {
  const unknowns: UnknownInput[] = [];
  const note = (a: Answer) => {
    if (a instanceof UnknownInput) unknowns.push(a);
    return a;
  };
  const selections = stack
    .ofType("backupSelection")
    .filter((selection) => note(attempt(() => selects(selection, db))) === true);
  if (selections.length === 0) {
    if (unknowns.length > 0) throw unknowns[0];
    violation(
      "Select this database in an aws.backup.Selection (resources: [db.arn], or tags it carries) of an AWS Backup plan.",
      db.urn,
    );
    return;
  }
  const rules: RuleVerdict[] = [];
  let planMissing = false;
  for (const selection of selections) {
    const plans = stack.referenced(selection, "planId", "backupPlan");
    if (plans.length === 0) {
      if (isUnknown(selection.props.planId)) unknowns.push(new UnknownInput("planId"));
      else planMissing = true;
    }
    for (const plan of plans) {
      const verdicts = ruleVerdicts(stack, plan, config.minimumRetentionDays);
      if (verdicts instanceof UnknownInput) unknowns.push(verdicts);
      else rules.push(...verdicts);
    }
  }
  if (rules.some((rule) => rule.retention === true && rule.vault === true)) return;
  for (const rule of rules) {
    if (rule.retention === false || rule.vault === false) continue;
    // Neither part failed and they did not both pass: one is undecided, and the rule may yet comply.
    unknowns.push(rule.retention instanceof UnknownInput ? rule.retention : (rule.vault as UnknownInput));
  }
  if (unknowns.length > 0) throw unknowns[0];
  const days = config.minimumRetentionDays;
  if (rules.length === 0 && planMissing) {
    violation(
      "Declare the backup plan that selects this database in the stack, so its retention and vault can be verified.",
      db.urn,
    );
    return;
  }
  const someRetention = rules.some((rule) => rule.retention === true);
  const someVault = rules.some((rule) => rule.vault === true);
  if (!someRetention)
    violation(
      `Give the backup plan that selects this database a rule with lifecycle.deleteAfter of at least ${days} days.`,
      db.urn,
    );
  if (!someVault)
    violation(
      "Send this database's backups to an aws.backup.Vault declared in the stack with kmsKeyArn set.",
      db.urn,
    );
  if (someRetention && someVault) {
    violation(
      `Give one rule of the backup plan that selects this database both lifecycle.deleteAfter of at least ${days} days and an encrypted target vault.`,
      db.urn,
    );
  }
}

export const backupPlanCoverage = stackPolicy<Config>({
  name: "backup-plan-coverage",
  description:
    "Checks that every RDS instance and cluster, whatever its engine (read replicas excepted; a database whose engine is unknown at preview is reported as unverified), is selected by an aws.backup.Selection, by ARN (propertyDependencies or an ARN pattern), by selectionTags or by tag conditions, whose plan has a rule that keeps recovery points at least minimumRetentionDays (lifecycle.deleteAfter) in an aws.backup.Vault declared in the stack with kmsKeyArn set.",
  severity: "high",
  checklist: [
    "devops.backups.database-backups",
    "devops.backups.retention-policy",
    "backend.database.backups-enabled",
  ],
  remediationSteps:
    "Declare an aws.backup.Vault with kmsKeyArn, an aws.backup.Plan whose rule targets it (targetVaultName: vault.name) with lifecycle.deleteAfter of at least the minimum, and an aws.backup.Selection (planId: plan.id, resources: [db.arn]).",
  config: {
    minimumRetentionDays: {
      type: "integer",
      minimum: 1,
      default: 14,
      description:
        "Smallest acceptable lifecycle.deleteAfter, in days, of the backup rule covering a database.",
    },
  },
  judges: ["rdsInstance", "rdsCluster"],
  validateStack(stack, { config, violation, check }) {
    const databases = databasesRunning(stack, ENGINE_FAMILIES, ["rdsInstance", "rdsCluster"], check).filter(
      (db) => !isReplica(db.type, db.props),
    );
    for (const db of databases) check(() => judge(stack, db, config, violation), db.urn);
  },
});
