/**
 * The contract the gate's `summary.recognised` reads: every policy carries `type:<token>` tags in its
 * PolicyInfo naming each resource type it judges (`type:*` for every type), and a policy never reports
 * a finding on a type its tags do not name.
 */
import { TYPE_TAG_PREFIX } from "../../policies/lib/markers";
import { TYPES } from "../../policies/lib/types";
import { policies } from "../../policies/pack";
import { analyze, findingsOutsideTypeTags } from "../helpers/pack";
import { oddResources } from "./pack-inputs";

const KNOWN_TOKENS = new Set<string>(Object.values(TYPES).flat());
const typeTags = (tags: readonly string[] | undefined) =>
  (tags ?? [])
    .filter((tag) => tag.startsWith(TYPE_TAG_PREFIX))
    .map((tag) => tag.slice(TYPE_TAG_PREFIX.length));

describe("type tags", () => {
  it("name at least one type for every policy, each a token of TYPES or *", () => {
    for (const policy of policies) {
      const tokens = typeTags(policy.tags);
      expect({ policy: policy.name, tokens: tokens.length > 0 }).toEqual({
        policy: policy.name,
        tokens: true,
      });
      for (const token of tokens)
        expect({ policy: policy.name, token, known: token === "*" || KNOWN_TOKENS.has(token) }).toEqual({
          policy: policy.name,
          token,
          known: true,
        });
      expect(new Set(tokens).size).toBe(tokens.length);
    }
  });

  it("keep the checklist tags as they were, before the type tags", () => {
    for (const policy of policies) {
      const checklistTags = policy.checklist.map((id) => `checklist:${id}`);
      expect(policy.tags?.slice(0, checklistTags.length)).toEqual(checklistTags);
      expect(policy.tags?.length).toBe(checklistTags.length + typeTags(policy.tags).length);
    }
  });

  it.each([
    ["at preview", 0, true],
    ["at deploy", 3, false],
  ])("cover every type a policy reports a finding on, %s", async (_case, round, dryRun) => {
    // analyze() throws on a finding outside its policy's type tags (helpers/pack.ts), in every policy test.
    const result = await analyze(oddResources(round), { dryRun });
    expect(findingsOutsideTypeTags(result)).toEqual([]);
    expect(new Set(result.findings.map((finding) => finding.policyName)).size).toBeGreaterThan(10);
  });

  it("are checked: a finding on a type its policy does not tag is caught", async () => {
    const result = await analyze(oddResources(0));
    const finding = result.findings.find((f) => f.policyName === "monitoring-alarms")!;
    const untagged = {
      ...result,
      pack: {
        ...result.pack,
        policies: result.pack.policies.map((policy) =>
          policy.name === finding.policyName
            ? {
                ...policy,
                tags: policy.tags.filter((tag) => tag !== `${TYPE_TAG_PREFIX}${finding.resourceType}`),
              }
            : policy,
        ),
      },
    };
    expect(findingsOutsideTypeTags(untagged)).toContain(
      `monitoring-alarms reported on ${finding.resourceType}, which its type tags do not name`,
    );
  });
});
