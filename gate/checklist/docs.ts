/**
 * The generated docs: docs/checklist.md from the checklist data and the policies' own checklist
 * metadata, docs/policies.md from the pack's metadata and environment profiles. The renderers are pure; run this file to write them:
 *
 *   npm run docs:checklist     npm run docs:policies
 *
 * A test renders both and fails when the committed files differ.
 */
import * as fs from "fs";
import * as path from "path";
import {
  CHECKLIST_ITEMS,
  ChecklistItem,
  ChecklistNamingPolicy,
  DISPOSITION_KINDS,
  DispositionKind,
  enforcingPolicies,
} from "./items";
import { SIGNOFF_EXAMPLE } from "./signoff";
import { DEFAULT_EVIDENCE_OPTIONS } from "./evidence/options";
import { EVIDENCE_MAPPING, FormatMapping } from "./evidence/mapping";
import { FLOW_ITEMS } from "./evidence/flows";
import { CLOCK_VARIABLE } from "./command";
import { ItemStatus, STATUS_LABELS, STATUSES } from "./model";
import { packDefinition } from "../../policies/api";
import type { PackInfo, PolicyConfigEntry, PolicyInfo } from "../analyzer/protocol";
import { markdownProse as prose } from "./render-markdown";
import { parsePolicyConfigDocument, reconcilePolicyConfig, ReconciledConfig } from "../engine/policy-config";
import { APP_PROFILES, BASELINE_PROFILE, PROFILES } from "./profiles";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const CHECKLIST_DOC = "docs/checklist.md";
export const POLICIES_DOC = "docs/policies.md";
/** The app's stacks, each with its profile; policies/config/ also holds the org-wide baseline (profiles.ts). */
export const PROFILE_STACKS = APP_PROFILES;

const DISPOSITION_LABELS: Record<DispositionKind, string> = {
  enforced: "enforced",
  provisioned: "provisioned",
  documented: "documented",
  "out-of-scope": "out of scope",
};

/** GitHub's anchor for a heading. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function cell(text: string): string {
  return prose(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function relativeLink(fromDoc: string, target: string): string {
  return path.posix.relative(path.posix.dirname(fromDoc), target);
}

/** Which policies enforce which item: read from the policies, never written twice. */
type Enforcement = ReadonlyMap<string, readonly string[]>;

function dispositionKind(item: ChecklistItem, enforcement: Enforcement): DispositionKind {
  return enforcement.has(item.id) ? "enforced" : item.disposition.kind;
}

function answeredBy(item: ChecklistItem, enforcement: Enforcement): string {
  const disposition = item.disposition;
  if (enforcement.has(item.id) || disposition.kind === "enforced") {
    return (enforcement.get(item.id) ?? []).map((name) => `[\`${name}\`](policies.md#${name})`).join(", ");
  }
  switch (disposition.kind) {
    case "provisioned":
      return `\`${disposition.component}\` ([${path.posix.basename(disposition.file)}](${relativeLink(CHECKLIST_DOC, disposition.file)})): ${disposition.setting}`;
    case "documented":
      return `[${path.posix.basename(disposition.doc)}: ${disposition.heading}](${relativeLink(CHECKLIST_DOC, disposition.doc)}#${headingAnchor(disposition.heading)})`;
    case "out-of-scope":
      return `${disposition.reason} Owner: ${disposition.owner}.`;
  }
}

function dispositionCounts(
  items: readonly ChecklistItem[],
  enforcement: Enforcement,
): Record<DispositionKind, number> {
  const counts = Object.fromEntries(DISPOSITION_KINDS.map((kind) => [kind, 0])) as Record<
    DispositionKind,
    number
  >;
  for (const item of items) counts[dispositionKind(item, enforcement)] += 1;
  return counts;
}

const STATUS_MEANINGS: Record<ItemStatus, string> = {
  fail: "Enforced: an enforcing policy reported a violation (blocking or advisory) or a policy error; the report lists them. Nothing overrides it.",
  "failed-by-evidence":
    "A fresh evidence fact shows the item does not hold (a failing test, a `check --deploy` warning, a vulnerable pin), even where a policy passed it; the report names the file and the fact.",
  "not-enforced":
    "The pack should enforce it, but its policy is disabled in the profile or no policy of the pack names it. Fresh passing evidence or a sign-off answers it.",
  "needs-evidence": "Out of scope for infrastructure, and no fresh evidence or valid sign-off answers it.",
  "stale-evidence": "Only evidence older than the maximum age speaks for it; the report says how old.",
  "signoff-expired": "Its sign-off is past its `expires` day, and nothing else answers it.",
  unverified: "Enforced: no violation, but a check read a value that is unknown until deploy.",
  pass: "Enforced: every enforcing policy is enabled and none reported a violation. A policy that found nothing to judge (no Aurora cluster, say) passes: the protocol does not say which policy judged which resource.",
  evidenced: "A fresh evidence file proves it; the report links the file and names the fact.",
  "signed-off":
    "A person signed it off, with a link to what they looked at, and the sign-off has not expired.",
  provisioned: "The program's component makes it true (the item's disposition).",
  documented: "A doc in docs/ covers it (the item's disposition).",
  "out-of-scope": "`--scope infrastructure` only: an item application teams own, not judged.",
};

const CLAIM_LABELS: Record<FormatMapping["proves"][number]["claims"], string> = {
  "pass-and-fail": "pass, fail",
  "pass-only": "pass",
  "fail-only": "fail",
};

/** The evidence mapping (evidence/mapping.ts): per format, what recognises it, what dates it, what it proves. */
function evidenceMappingSection(items: readonly ChecklistItem[] = CHECKLIST_ITEMS): string[] {
  const provable = new Set(EVIDENCE_MAPPING.flatMap((mapping) => mapping.proves.map((p) => p.item)));
  const signOnly = items.filter((item) => item.disposition.kind === "out-of-scope" && !provable.has(item.id));
  const lines = [
    "### What evidence proves",
    "",
    "Generated from the mapping kept with the checklist data (`EVIDENCE_MAPPING` in",
    "gate/checklist/evidence/mapping.ts). A format claims only the items its table lists, and only the",
    "results listed (a `fail`-only row can fail an item, never pass it); the collector refuses any other",
    "claim. A fresh failing fact fails its item even where a policy passed it.",
    "",
    "| Format | Recognised by | Dated by |",
    "| --- | --- | --- |",
    ...EVIDENCE_MAPPING.map(
      (mapping) =>
        `| [${cell(mapping.title)}](#${headingAnchor(mapping.title)}) | ${cell(mapping.recognisedBy)} | ${cell(mapping.producedAt)} |`,
    ),
    "",
  ];
  for (const mapping of EVIDENCE_MAPPING) {
    lines.push(`#### ${mapping.title}`, "", "| Item | Claims | How |", "| --- | --- | --- |");
    for (const proof of mapping.proves)
      lines.push(`| \`${proof.item}\` | ${CLAIM_LABELS[proof.claims]} | ${cell(proof.how)} |`);
    lines.push("");
    if (mapping.cannotProve) lines.push(`It cannot prove ${prose(mapping.cannotProve)}.`, "");
  }
  lines.push(
    "#### What only a sign-off answers",
    "",
    `No format proves these ${signOnly.length} out-of-scope items; a sign-off answers them:`,
    "",
    ...signOnly.map((item) => `- \`${item.id}\`: ${prose(item.text)}`),
    "",
  );
  return lines;
}

/** What docs/checklist.md says about `prodready checklist`; written here so the doc is generated whole. */
function readinessReportSection(): string[] {
  const defaults = DEFAULT_EVIDENCE_OPTIONS;
  const code = (value: unknown) => `\`${String(value).replace(/\|/g, "\\|")}\``;
  return [
    "## The readiness report",
    "",
    "```",
    "npx prodready checklist --stack production --evidence evidence/django --evidence evidence/nextjs \\",
    "  --signoff readiness/signoff.yaml --format html --output checklist.html",
    "npx prodready gate --stack production --format json --output gate.json",
    "npx prodready checklist --from gate.json --evidence evidence/ --format markdown",
    "npx prodready checklist --stack production --scope infrastructure   # the pull-request gate",
    "```",
    "",
    "Without `--from`, the command runs the gate on the stack (`--project-dir`, default `.`; `--stack`,",
    "default `production`; `--config key=value` and `--secret key=value` as for `prodready gate`): preview",
    "and deploy, with the stack's profile from `policies/config/` or `--policy-pack-config`. With `--from`,",
    "it reads a `prodready gate --format json` result; each policy's level comes from the pack at",
    "`--policy-pack` and the profile of the result's stack (or `--policy-pack-config`). A result from",
    "another pack is refused; one from another version of the pack is read with a warning. `--config`",
    "with `--from` is refused (no gate runs); `--secret` values are redacted from every output either way.",
    "",
    "Which policies enforce an item is read from the policies' own `checklist` metadata (in a report,",
    "the run's `PolicyInfo` tags `checklist:<id>`): an item is enforced exactly when a policy names it.",
    "",
    "### Scope and verdict",
    "",
    "`--scope production` (the default) judges the whole checklist. The verdict is **production ready**",
    "only when every item is passed by its policies, provisioned, documented, **evidenced** or **signed",
    "off**, and the run has no mandatory violation (including one of a policy that enforces no item);",
    "otherwise it is **not ready**, with each reason counted (`not ready: 62 items need evidence or",
    "sign-off` for our own stack without evidence) and every missing item listed under its owner.",
    "",
    "`--scope infrastructure` judges only what the pack, the program and the runbooks answer, for the",
    "pull-request gate that cannot have the applications' evidence: items application teams own are",
    'shown out of scope, and the verdict is **infrastructure ready** or **not ready**, never "production',
    'ready". `--evidence`, `--evidence-max-age`, `--evidence-config` and `--signoff` are refused there.',
    "",
    "Exit codes: `0` ready (production, or infrastructure with `--scope infrastructure`), `1` not ready,",
    "`2` could not decide, with one line on stderr: a `--from` file that is missing, not JSON, not a gate",
    "result or from another pack; an `--evidence` path that is missing or not a folder; an evidence",
    "config or a sign-off file that is unreadable, not YAML, breaks its schema or holds a value out of",
    `range; a sign-off naming an unknown item; an unreadable \`${CLOCK_VARIABLE}\`; an option that has no`,
    "effect in its combination; and every reason the gate exits 2.",
    "",
    "| Status | Meaning |",
    "| --- | --- |",
    ...STATUSES.map((status) => `| ${STATUS_LABELS[status]} | ${STATUS_MEANINGS[status]} |`),
    "",
    "The first six keep the stack from being ready. How evidence and sign-off combine with the gate: a",
    "policy failure stands; a fresh failing fact fails any item, even one a policy passed (Django's",
    "`check --deploy` sees settings a task definition cannot show); an item the gate already answers",
    "keeps its status; an item nothing answers is evidenced by a fresh passing fact, else signed off by a",
    "sign-off that holds. A sign-off never overrides a failure, and stale evidence never counts.",
    "",
    "### Evidence",
    "",
    "`--evidence DIR` (repeatable) reads every file under the folder (recursively, skipping `node_modules`",
    "and `.git`, following symbolic links only inside it) and recognises each by its content, never by its",
    "name, in the formats of [What evidence proves](#what-evidence-proves). Each fact names the item it",
    "proves or disproves, the file and what decided it. A malformed, truncated or foreign file proves",
    "nothing; the report lists every file with what was read from it or what is wrong with it, and stderr",
    "has a warning line for each malformed or stale file, one per folder for the files of no known format,",
    "and one for a folder where nothing is recognised. An `--evidence` path that does not exist or is not",
    "a folder is exit `2`.",
    "",
    "A file's age is the time written inside it where the format carries one (the table says which), else",
    "its modification time; a time more than a day after the report's makes the file malformed. Evidence",
    `older than \`maxAgeDays\` (default ${defaults.maxAgeDays}; \`--evidence-max-age DAYS\` overrides it) does not count:`,
    "the item shows it as **stale evidence** with its age. The report's clock is the time it runs;",
    `\`${CLOCK_VARIABLE}=<ISO 8601 time>\` fixes it (for tests, or to re-create a past day's report), with a`,
    "warning on stderr.",
    "",
    "`--evidence-config FILE` (YAML or JSON) overrides the settings evidence is judged against. Every key",
    "is optional; a flow's patterns replace that item's defaults (`[]` switches the item off); each",
    "Lighthouse threshold given replaces its default; `--evidence-max-age` wins over `maxAgeDays`. A file",
    "that is not YAML, has an unknown key or a value out of range is exit `2`:",
    "",
    "| Key | Default | Meaning |",
    "| --- | --- | --- |",
    `| \`maxAgeDays\` | ${code(defaults.maxAgeDays)} | evidence older than this many whole days does not count (0: only the last 24 hours) |`,
    ...FLOW_ITEMS.map(
      (flow) =>
        `| \`flowPatterns.${flow.item}\` | ${flow.patterns.length > 0 ? flow.patterns.map(code).join(", ") : "none"} | ${flow.patterns.length > 0 ? `tests of ${cell(flow.subject)}` : "one pattern per main feature (`checkout`, `search`); with none, only a sign-off answers the item"} |`,
    ),
    `| \`lighthouse.performance\` | ${code(defaults.lighthouse.performance)} | minimum Lighthouse performance score (0-100) |`,
    `| \`lighthouse.accessibility\` | ${code(defaults.lighthouse.accessibility)} | minimum Lighthouse accessibility score (0-100) |`,
    `| \`lighthouse.bestPractices\` | ${code(defaults.lighthouse.bestPractices)} | minimum Lighthouse best-practices score (0-100) |`,
    `| \`lighthouse.maxLoadMs\` | ${code(defaults.lighthouse.maxLoadMs)} | page-load budget: the largest contentful paint, in milliseconds |`,
    `| \`apiP95Ms\` | ${code(defaults.apiP95Ms)} | k6: the p95 HTTP response-time budget in milliseconds |`,
    "",
    "Flow patterns are regular expressions, matched case-insensitively against each test's name as",
    "written (`tests/test_auth.py::test_password_reset`, `auth.spec.ts › signs in`), its name as lower-case",
    "words (`test password reset`) and its file. Every pattern of an item needs a passing test (`|` inside",
    "one pattern lists alternatives); a matching failed test fails the item. Only the items above can be",
    "proved by test names; naming another item is exit `2`.",
    "",
    ...evidenceMappingSection(),
    "### Sign-off",
    "",
    "`--signoff FILE` (YAML) answers what no file can prove ([the list](#what-only-a-sign-off-answers):",
    "analytics, e-mails, iOS and Android, ...), and any other item nothing else answers; per checklist",
    "item, `signedBy` (who), `signedAt` (the day, `YYYY-MM-DD`), `link` (an http(s) URL of what they",
    "looked at), `expires` (the last day it holds, UTC) and an optional `note`:",
    "",
    "```yaml",
    ...SIGNOFF_EXAMPLE.trimEnd().split("\n"),
    "```",
    "",
    "A JSON schema validates the file (`SIGNOFF_SCHEMA` in gate/checklist/signoff.ts). A file that is not",
    "YAML or breaks the schema (a missing or unknown field, an empty `signedBy`, which is an unsigned",
    "entry, a date that is not `YYYY-MM-DD` or not on the calendar, a link that is not an http(s) URL),",
    "that names an item the checklist does not have, or an entry dated after today or expiring before it",
    "was signed is an error (exit `2`): the file is wrong and must be fixed. An entry past its `expires`",
    "day is not an error: the item is **sign-off expired** and the stack not ready until someone signs",
    "again. A sign-off counts only for an item nothing else answers; it never turns a failure into a pass.",
    "",
    "### Formats",
    "",
    "`--format`, `--output FILE`; with `--output` a summary line goes to stderr:",
    "",
    "- `markdown` (default): a pull-request comment with the marker `<!-- prodready-checklist -->`: the",
    "  verdict and its reasons, counts per status, the missing items by owner, the evidence files and",
    "  sign-offs read; sections with a missing item are unfolded. Every evidenced item names its file",
    "  and fact, every stale one its age.",
    '- `json`: `{tool, version, report: "checklist", scope, project, stack, mode, policyPack, generatedAt,',
    "  ready, verdict, headline, reasons[], counts{}, missing[{owner, items[{id, text, status}]}],",
    "  evidence{maxAgeDays, files[]} | null, signoffs[] | null, sections[{title, counts{}, items[{id,",
    "  subsection, text, awsEquivalent?, owner, disposition, status, policies[{name, enforcementLevel}],",
    "  findings[], evidence[], signoff}]}], otherBlocking[]}`; findings have the fields of the gate's JSON",
    "  violations ([gate.md](gate.md)), evidence facts `{item, result, fact, file, dir, format, producedAt,",
    "  ageDays, stale}`, `counts` one number per status (all thirteen, in every scope).",
    "- `html`: one self-contained page (inline CSS, no scripts, no external assets): a verdict banner,",
    "  counts per status, the missing items by owner, a bar per section, every item with its status badge,",
    "  findings, evidence (linked to its file) and sign-off.",
  ];
}

/**
 * docs/checklist.md: every item of the seed with its id and its one disposition; the enforcing
 * policies are the ones whose own `checklist` metadata names the item.
 */
export function renderChecklistDoc(
  policies: readonly ChecklistNamingPolicy[],
  items: readonly ChecklistItem[] = CHECKLIST_ITEMS,
): string {
  const enforcement = enforcingPolicies(policies);
  const counts = dispositionCounts(items, enforcement);
  const sections = [...new Set(items.map((item) => item.section))];
  const lines = [
    "# Production-readiness checklist",
    "",
    "<!-- Generated by `npm run docs:checklist` from gate/checklist/items.ts and the policies' checklist metadata. Do not edit: a test fails when this file is stale. -->",
    "",
    "Every item of the platform team's checklist, with its stable id and exactly one disposition:",
    "",
    "- **enforced**: the policies of the pack that check it at `pulumi preview` and `pulumi up`, on any stack;",
    "- **provisioned**: the component of the program in `stacks/` that makes it true (no policy checks it elsewhere);",
    "- **documented**: the doc and heading that tell people how to do it;",
    "- **out of scope**: why infrastructure cannot express it, and who owns it instead; evidence or a sign-off answers it (below).",
    "",
    "An item that is more than one of these lists the strongest (enforced, then provisioned, then documented).",
    "The Railway/Heroku and Vercel items name their AWS equivalent in this design.",
    "`prodready checklist` turns this table, one gate run, the application teams' evidence files and",
    "the sign-offs into a status per item and a verdict (below).",
    "",
    "| Disposition | Items |",
    "| --- | ---: |",
    ...DISPOSITION_KINDS.map((kind) => `| ${DISPOSITION_LABELS[kind]} | ${counts[kind]} |`),
    `| **total** | **${items.length}** |`,
    "",
    ...readinessReportSection(),
    "",
  ];
  for (const section of sections) {
    lines.push(`## ${section}`, "");
    const own = items.filter((item) => item.section === section);
    for (const subsection of [...new Set(own.map((item) => item.subsection))]) {
      if (subsection) lines.push(`### ${subsection}`, "");
      lines.push("| Id | Item | Disposition | Answered by |", "| --- | --- | --- | --- |");
      for (const item of own.filter((candidate) => candidate.subsection === subsection)) {
        const aws = item.awsEquivalent ? `<br>On AWS: ${cell(item.awsEquivalent)}` : "";
        lines.push(
          `| \`${item.id}\` | ${cell(item.text)}${aws} | ${DISPOSITION_LABELS[dispositionKind(item, enforcement)]} | ${cell(answeredBy(item, enforcement))} |`,
        );
      }
      lines.push("");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** A pack policy as the docs need it: the SDK's fields plus the checklist ids. */
export interface DocumentedPolicy {
  name: string;
  description: string;
  severity?: string;
  enforcementLevel?: string;
  remediationSteps?: string;
  checklist: readonly string[];
  configSchema?: { properties?: Record<string, any> };
}

/** The pack as the engine sees it, for reconciling a profile the way the engine does. */
export function packInfoOf(policies: readonly DocumentedPolicy[], defaultLevel: string): PackInfo {
  return {
    name: packDefinition().name,
    displayName: packDefinition().name,
    version: "docs",
    supportsConfig: true,
    initialConfig: {},
    policies: policies.map((policy): PolicyInfo => ({
      name: policy.name,
      displayName: policy.name,
      description: policy.description,
      enforcementLevel: (policy.enforcementLevel ?? defaultLevel) as PolicyInfo["enforcementLevel"],
      kind: "unspecified",
      severity: (policy.severity ?? "unspecified") as PolicyInfo["severity"],
      tags: [],
      remediationSteps: policy.remediationSteps ?? "",
      url: "",
      configSchema: { properties: policy.configSchema?.properties ?? {}, required: [] },
    })),
  };
}

/** A config value as a code span in a table cell (GFM needs `\|` even inside code spans there). */
function showValue(value: unknown): string {
  return `\`${JSON.stringify(value).replace(/\|/g, "\\|")}\``;
}

/** A profile's value of a setting; a long one (a dated table) that keeps the default is shown once, in the Default column. */
function showProfileValue(value: unknown, defaultValue: unknown): string {
  const json = JSON.stringify(value);
  return json.length > 80 && json === JSON.stringify(defaultValue) ? "default" : showValue(value);
}

/** How the profiles map onto Pulumi Cloud policy groups. */
function policyGroupsSection(stacks: readonly string[]): string[] {
  if (!stacks.includes(BASELINE_PROFILE)) return [];
  const apps = stacks.filter((stack) => stack !== BASELINE_PROFILE);
  return [
    "## Profiles and policy groups",
    "",
    `\`${BASELINE_PROFILE}.json\` is what every AWS stack of the organisation must meet, whatever it runs: only`,
    "engine- and app-neutral checks are mandatory in it (TLS, encryption, backups, engine support, public",
    "exposure, secrets, logging); the policies that assume this app (PostgreSQL only, pgBouncer, Django and",
    "Next.js settings) are disabled or advisory there, and its thresholds are ones a development stack can",
    `meet. The app's profiles (${apps.map((stack) => `\`${stack}.json\``).join(", ")}) are each a superset of it:`,
    "every policy at least as enforced, every threshold at least as strict (a test fails otherwise).",
    "",
    "In Pulumi Cloud, a policy group applies packs, each with a config, to a set of stacks; the organization's",
    "default policy group applies to every stack that is in no other group, and a stack in several groups runs",
    "each pack once (one version), so give each stack this pack through one group only. Publish the pack",
    "(`pulumi policy publish <org>` from `policies/`), then:",
    "",
    "| Policy group | Stacks | Pack config |",
    "| --- | --- | --- |",
    `| the default preventative policy group | every stack not in a group below | \`policies/config/${BASELINE_PROFILE}.json\` |`,
    ...apps.map(
      (stack) =>
        `| \`prodready-${stack}\` | this app's \`${stack}\` stack | \`policies/config/${stack}.json\` |`,
    ),
    "",
    "Moving the app's stacks out of the default group loses nothing: their profiles hold every baseline",
    "check at least as strictly. The same files drive the offline gate: a stack is gated with",
    "`--policy-pack-config FILE`, else `--profile NAME`, else the profile its own `Pulumi.<stack>.yaml` names",
    `(\`prodready:profile\`), else \`${BASELINE_PROFILE}\` (docs/gate.md).`,
    "The table below shows every policy's level in every profile.",
    "",
  ];
}

/** docs/policies.md: every policy of the pack, its levels and thresholds per environment profile. */
export function renderPoliciesDoc(
  policies: readonly DocumentedPolicy[],
  profiles: Record<string, Record<string, PolicyConfigEntry>>,
  defaultLevel: string,
): string {
  const pack = packInfoOf(policies, defaultLevel);
  const stacks = Object.keys(profiles);
  const reconciled: Record<string, ReconciledConfig> = Object.fromEntries(
    stacks.map((stack) => [stack, reconcilePolicyConfig(pack, profiles[stack]).config]),
  );
  const checklistText = new Map(CHECKLIST_ITEMS.map((item) => [item.id, item.text]));
  const lines = [
    "# Policies",
    "",
    "<!-- Generated by `npm run docs:policies` from the pack's metadata (policies/pack.ts) and its profiles (policies/config/*.json). Do not edit: a test fails when this file is stale. -->",
    "",
    `The policy pack \`${packDefinition().name}\` has ${policies.length} policies. Unconfigured, every policy is \`${defaultLevel}\`:`,
    "the pack fails closed. The environment profiles in `policies/config/` set each policy's level and",
    "thresholds per stack, as the engine reconciles them (schema defaults, then the profile's `all`, then",
    "its per-policy entries):",
    "",
    "```",
    "pulumi preview --policy-pack policies --policy-pack-config policies/config/production.json",
    "```",
    "",
    "Every policy also takes `exemptions`: a list of resource matchers (`urn`, `name` or `type` globs),",
    "each with a `reason` and an `expires` date (`YYYY-MM-DD`). An exempted finding is reported as",
    "advisory with its reason; an expired exemption stops exempting and says so.",
    "[checklist.md](checklist.md) lists which checklist items each policy enforces.",
    "",
    ...policyGroupsSection(stacks),
    `| Policy | Severity | ${stacks.join(" | ")} | Checklist items |`,
    `| --- | --- | ${stacks.map(() => "---").join(" | ")} | ---: |`,
    ...policies.map(
      (policy) =>
        `| [\`${policy.name}\`](#${policy.name}) | ${policy.severity ?? ""} | ${stacks.map((stack) => reconciled[stack][policy.name].enforcementLevel).join(" | ")} | ${policy.checklist.length} |`,
    ),
    "",
  ];
  for (const policy of policies) {
    lines.push(`## ${policy.name}`, "", prose(policy.description), "");
    lines.push(
      `- Severity: ${policy.severity ?? "unspecified"}`,
      `- Level: ${stacks.map((stack) => `${stack} \`${reconciled[stack][policy.name].enforcementLevel}\``).join(", ")}; unconfigured \`${policy.enforcementLevel ?? defaultLevel}\``,
    );
    if (policy.checklist.length === 0) {
      lines.push("- Checklist: none (a safeguard beyond the checklist)");
    } else {
      lines.push("- Checklist:");
      for (const id of policy.checklist)
        lines.push(`  - \`${id}\`: ${prose(checklistText.get(id) ?? "(unknown item)")}`);
    }
    if (policy.remediationSteps) lines.push(`- Remediation: ${prose(policy.remediationSteps)}`);
    lines.push("");
    const settings = Object.entries(policy.configSchema?.properties ?? {}).filter(
      ([key]) => key !== "exemptions",
    );
    if (settings.length > 0) {
      lines.push(
        `| Setting | Default | ${stacks.join(" | ")} | Meaning |`,
        `| --- | --- | ${stacks.map(() => "---").join(" | ")} | --- |`,
      );
      for (const [key, schema] of settings) {
        const perStack = stacks.map((stack) =>
          showProfileValue(reconciled[stack][policy.name].properties[key], schema.default),
        );
        lines.push(
          `| \`${key}\` | ${showValue(schema.default)} | ${perStack.join(" | ")} | ${cell(String(schema.description ?? ""))} |`,
        );
      }
      lines.push("");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The profiles in policies/config/, parsed as the engine parses a --policy-pack-config file. */
export function readProfiles(root: string = REPO_ROOT): Record<string, Record<string, PolicyConfigEntry>> {
  return Object.fromEntries(
    PROFILES.map((stack) => [
      stack,
      parsePolicyConfigDocument(
        JSON.parse(fs.readFileSync(path.join(root, "policies/config", `${stack}.json`), "utf8")),
      ),
    ]),
  );
}

export const PACK_README = "policies/README.md";

/** policies/README.md, the published pack's README: how to use the pack, then every policy (docs/policies.md). */
export function renderPackReadme(policiesDoc: string): string {
  const body = policiesDoc
    .slice(policiesDoc.indexOf("The policy pack"))
    .replace("[checklist.md](checklist.md)", "[docs/checklist.md](../docs/checklist.md)");
  return [
    `# ${packDefinition().name}`,
    "",
    "<!-- Generated by `npm run docs:policies` from the pack's metadata and profiles. Do not edit: a test fails when this file is stale. -->",
    "",
    "A CrossGuard policy pack that enforces the production-readiness checklist for Django + PostgreSQL +",
    "Next.js on AWS wherever infrastructure can express it, at `pulumi preview` and `pulumi up`, on any AWS",
    "stack (it matches every type token of the same thing: `aws.lb` and `aws.alb`, `Bucket` and `BucketV2`,",
    "instances and Aurora clusters). Values unknown at preview are reported as `[unverified at preview]`",
    "(advisory) naming the property, and enforced at deploy; no message quotes an input value.",
    "A fault found in several nested blocks of one resource (cache behaviours, origins, listener actions,",
    "containers, ingress rules, grants) is one finding on the resource naming them. A task definition whose",
    "`containerDefinitions` are unknown at preview gets one unverified finding, from `ecs-logging`, naming",
    "every policy that judges containers (the others skip it): keep `ecs-logging` on wherever they are on.",
    "",
    "```",
    "pulumi preview --policy-pack policies --policy-pack-config policies/config/production.json",
    "pulumi policy publish <org>                # from this folder; then enable it for a policy group",
    "npx prodready gate --stack production      # the same pack, offline (see docs/gate.md in the repository)",
    "```",
    "",
    "The package holds `PulumiPolicy.yaml`, compiled JavaScript in `bin/` and the profiles in `config/`;",
    "its only runtime dependencies are `@pulumi/policy` and `@pulumi/pulumi`.",
    "",
    body.trimEnd(),
    "",
  ].join("\n");
}

/** The docs as they should be now, keyed by their path in the repository. */
export function generatedDocs(root: string = REPO_ROOT): Record<string, string> {
  const policiesDoc = renderPoliciesDoc(
    packDefinition().policies as unknown as DocumentedPolicy[],
    readProfiles(root),
    packDefinition().args.enforcementLevel ?? "advisory",
  );
  return {
    [CHECKLIST_DOC]: renderChecklistDoc(packDefinition().policies),
    [POLICIES_DOC]: policiesDoc,
    [PACK_README]: renderPackReadme(policiesDoc),
  };
}

if (require.main === module) {
  const which = process.argv[2];
  const files =
    which === "checklist" ? [CHECKLIST_DOC] : which === "policies" ? [POLICIES_DOC, PACK_README] : undefined;
  if (!files) {
    process.stderr.write("docs: name the doc to write: checklist or policies\n");
    process.exitCode = 2;
  } else {
    const docs = generatedDocs();
    for (const file of files) {
      fs.writeFileSync(path.join(REPO_ROOT, file), docs[file]);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
}
