/**
 * Broken variants of the production program, each breaking one checklist item the way an edit to
 * the program would: the right policy fails it, with a blocking finding, and names that item.
 */
import { isMandatoryFailure } from "../../gate/analyzer/session";
import { analyzeCaptured, captureStack, Captured } from "../helpers/program";
import { variants } from "../helpers/broken-variants";
import { CHECKLIST_TAG_PREFIX } from "../../policies/lib/markers";

describe("broken variants of the production program", () => {
  let captured: Captured;
  let baseline: Set<string>;
  beforeAll(async () => {
    captured = await captureStack("production", "deploy");
    const result = await analyzeCaptured(captured);
    baseline = new Set(result.findings.filter(isMandatoryFailure).map((f) => f.policyName));
  });

  it("covers every policy of the pack", async () => {
    const result = await analyzeCaptured(captured);
    expect(new Set(variants.map(([, policy]) => policy))).toEqual(
      new Set(result.pack.policies.map((p) => p.name)),
    );
  });

  it("starts from a compliant baseline", () => {
    expect([...baseline]).toEqual([]);
  });

  it.each(variants)("breaking %s fails %s", async (item, policy, mutate) => {
    const result = await analyzeCaptured(captured, mutate);
    const blocking = result.findings.filter(isMandatoryFailure);
    expect(blocking.map((f) => f.policyName)).toContain(policy);
    expect(result.findings.filter((f) => f.category === "policy-error")).toEqual([]);
    const info = result.pack.policies.find((p) => p.name === policy)!;
    if (item) expect(info.tags).toContain(`${CHECKLIST_TAG_PREFIX}${item}`);
    else expect(info.tags.filter((t) => t.startsWith(CHECKLIST_TAG_PREFIX))).toEqual([]);
  });
});
