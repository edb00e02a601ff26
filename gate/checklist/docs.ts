/**
 * The generated docs: docs/checklist.md from the checklist data and docs/policies.md from the
 * pack's metadata and environment profiles. The renderers are pure; run this file to write them:
 *
 *   npm run docs:checklist     npm run docs:policies
 *
 * A test renders both and fails when the committed files differ.
 */
import * as fs from "fs";
import * as path from "path";
import { CHECKLIST_ITEMS, ChecklistItem, DISPOSITION_KINDS, DispositionKind } from "../../policies/checklist";
import { PACK_NAME, packArgs, policies as packPolicies } from "../../policies/pack";
import type { PackInfo, PolicyConfigEntry, PolicyInfo } from "../analyzer/protocol";
import { markdownProse as prose } from "./render-markdown";
import { parsePolicyConfigDocument, reconcilePolicyConfig, ReconciledConfig } from "../engine/policy-config";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const CHECKLIST_DOC = "docs/checklist.md";
export const POLICIES_DOC = "docs/policies.md";
export const PROFILE_STACKS = ["dev", "staging", "production"] as const;

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

function answeredBy(item: ChecklistItem): string {
  const disposition = item.disposition;
  switch (disposition.kind) {
    case "enforced":
      return disposition.policies.map((name) => `[\`${name}\`](policies.md#${name})`).join(", ");
    case "provisioned":
      return `\`${disposition.component}\` ([${path.posix.basename(disposition.file)}](${relativeLink(CHECKLIST_DOC, disposition.file)})): ${disposition.setting}`;
    case "documented":
      return `[${path.posix.basename(disposition.doc)}: ${disposition.heading}](${relativeLink(CHECKLIST_DOC, disposition.doc)}#${headingAnchor(disposition.heading)})`;
    case "out-of-scope":
      return `${disposition.reason} Owner: ${disposition.owner}.`;
  }
}

function dispositionCounts(items: readonly ChecklistItem[]): Record<DispositionKind, number> {
  const counts = Object.fromEntries(DISPOSITION_KINDS.map((kind) => [kind, 0])) as Record<
    DispositionKind,
    number
  >;
  for (const item of items) counts[item.disposition.kind] += 1;
  return counts;
}

/** What docs/checklist.md says about `prodready checklist`; written here so the doc is generated whole. */
const READINESS_REPORT = [
  "## The readiness report",
  "",
  "```",
  "npx prodready checklist --stack production --format html --output checklist.html",
  "npx prodready gate --stack production --format json --output gate.json",
  "npx prodready checklist --from gate.json --format markdown",
  "```",
  "",
  "Without `--from`, the command runs the gate on the stack (`--project-dir`, default `.`; `--stack`,",
  "default `production`): preview and deploy, with the stack's profile from `policies/config/` or",
  "`--policy-pack-config`. With `--from`, it reads a `prodready gate --format json` result; that result",
  "does not record policy levels, so each policy's level comes from the pack at `--policy-pack` and the",
  "profile of the result's stack (or `--policy-pack-config`). A result from another pack is refused; one",
  "from another version of the pack is read with a warning.",
  "",
  "| Status | Meaning |",
  "| --- | --- |",
  "| pass | Enforced: every enforcing policy is in the pack and enabled, and none reported a violation. A policy that found nothing to judge (no Aurora cluster, say) passes: the protocol does not say which policy judged which resource. |",
  "| fail | Enforced: an enforcing policy reported a violation (blocking or advisory) or a policy error; the report lists them. |",
  "| not enforced | Enforced on paper, but an enforcing policy is disabled in the profile or missing from the pack. |",
  "| unverified at preview | Enforced: no violation, but a check read a value that is unknown until deploy. |",
  "| provisioned, documented, out of scope | The item's disposition: no gate run can judge it. |",
  "",
  "The verdict is **production ready** only when no item fails or is not enforced and the run has no",
  "mandatory violation, including one from a policy that enforces no checklist item; otherwise it is",
  "**not ready**. Exit codes: `0` production ready, `1` not ready, `2` could not decide (a `--from` file",
  "that is missing, not JSON, not a gate result or from another pack, and every reason the gate exits 2),",
  "with one line on stderr.",
  "",
  "Formats (`--format`, `--output FILE`; with `--output` a summary line goes to stderr):",
  "",
  "- `markdown` (default): a pull-request comment with the marker `<!-- prodready-checklist -->`;",
  "  sections that fail are unfolded.",
  '- `json`: `{tool, version, report: "checklist", project, stack, mode, policyPack, ready, verdict,',
  "  reasons[], counts{}, sections[{title, counts{}, items[{id, subsection, text, awsEquivalent?,",
  "  disposition, status, policies[{name, enforcementLevel}], findings[]}]}], otherBlocking[]}`; findings",
  "  have the fields of the gate's JSON violations ([gate.md](gate.md)), `counts` one number per status.",
  "- `html`: one self-contained page (inline CSS, no scripts, no external assets): a verdict banner,",
  "  counts per status, a bar per section, every item with its status badge and findings.",
];

/** docs/checklist.md: every item of the seed with its id and its one disposition. */
export function renderChecklistDoc(items: readonly ChecklistItem[] = CHECKLIST_ITEMS): string {
  const counts = dispositionCounts(items);
  const sections = [...new Set(items.map((item) => item.section))];
  const lines = [
    "# Production-readiness checklist",
    "",
    "<!-- Generated by `npm run docs:checklist` from policies/checklist.ts. Do not edit: a test fails when this file is stale. -->",
    "",
    "Every item of the platform team's checklist, with its stable id and exactly one disposition:",
    "",
    "- **enforced**: the policies of the pack that check it at `pulumi preview` and `pulumi up`, on any stack;",
    "- **provisioned**: the component of the program in `stacks/` that makes it true (no policy checks it elsewhere);",
    "- **documented**: the doc and heading that tell people how to do it;",
    "- **out of scope**: why infrastructure cannot express it, and who owns it instead.",
    "",
    "An item that is more than one of these lists the strongest (enforced, then provisioned, then documented).",
    "The Railway/Heroku and Vercel items name their AWS equivalent in this design.",
    "`prodready checklist` turns this table and one gate run into a status per item and a verdict",
    "(below).",
    "",
    "| Disposition | Items |",
    "| --- | ---: |",
    ...DISPOSITION_KINDS.map((kind) => `| ${DISPOSITION_LABELS[kind]} | ${counts[kind]} |`),
    `| **total** | **${items.length}** |`,
    "",
    ...READINESS_REPORT,
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
          `| \`${item.id}\` | ${cell(item.text)}${aws} | ${DISPOSITION_LABELS[item.disposition.kind]} | ${cell(answeredBy(item))} |`,
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
function packInfoOf(policies: readonly DocumentedPolicy[], defaultLevel: string): PackInfo {
  return {
    name: PACK_NAME,
    displayName: PACK_NAME,
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
    `The policy pack \`${PACK_NAME}\` has ${policies.length} policies. Unconfigured, every policy is \`${defaultLevel}\`:`,
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
        const perStack = stacks.map((stack) => showValue(reconciled[stack][policy.name].properties[key]));
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
    PROFILE_STACKS.map((stack) => [
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
    `# ${PACK_NAME}`,
    "",
    "<!-- Generated by `npm run docs:policies` from the pack's metadata and profiles. Do not edit: a test fails when this file is stale. -->",
    "",
    "A CrossGuard policy pack that enforces the production-readiness checklist for Django + PostgreSQL +",
    "Next.js on AWS wherever infrastructure can express it, at `pulumi preview` and `pulumi up`, on any AWS",
    "stack (it matches every type token of the same thing: `aws.lb` and `aws.alb`, `Bucket` and `BucketV2`,",
    "instances and Aurora clusters). Values unknown at preview are reported as `[unverified at preview]`",
    "(advisory) naming the property, and enforced at deploy; no message quotes an input value.",
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
    packPolicies as unknown as DocumentedPolicy[],
    readProfiles(root),
    packArgs.enforcementLevel ?? "advisory",
  );
  return {
    [CHECKLIST_DOC]: renderChecklistDoc(),
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
