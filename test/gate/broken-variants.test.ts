/**
 * Broken variants of the production program, each breaking one checklist item the way an edit to
 * the program would: the right policy fails it, with a blocking finding, and names that item.
 */
import { isMandatoryFailure } from "../../gate/analyzer/session";
import * as path from "path";
import { analyzeCaptured, captureStack, Captured } from "../helpers/program";
import { programVariants, variants } from "../helpers/broken-variants";
import { FIXTURES } from "../helpers/cli";
import { CHECKLIST_TAG_PREFIX } from "../../policies/lib/markers";

describe("broken variants of the production program", () => {
  let captured: Captured;
  let baseline: Set<string>;
  beforeAll(async () => {
    captured = await captureStack("production", "deploy");
    const result = await analyzeCaptured(captured);
    baseline = new Set(result.findings.filter(isMandatoryFailure).map((f) => f.policyName));
  });

  it("covers every policy of the pack, with the variants of the fixture programs", async () => {
    const result = await analyzeCaptured(captured);
    const covered = [...variants, ...programVariants.flatMap((program) => program.variants)];
    expect(new Set(covered.map(([, policy]) => policy))).toEqual(
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

describe.each(programVariants)("broken variants of the $program program", ({ program, stack, variants }) => {
  let captured: Captured;
  beforeAll(async () => {
    captured = await captureStack(stack, "deploy", path.join(FIXTURES, "programs", program));
  });

  it("starts from a compliant baseline", async () => {
    const result = await analyzeCaptured(captured);
    expect(result.findings.filter(isMandatoryFailure).map((f) => f.policyName)).toEqual([]);
  });

  it.each(variants)("breaking %s fails %s", async (item, policy, mutate) => {
    const result = await analyzeCaptured(captured, mutate);
    expect(result.findings.filter(isMandatoryFailure).map((f) => f.policyName)).toEqual([policy]);
    expect(result.findings.filter((f) => f.category === "policy-error")).toEqual([]);
    const info = result.pack.policies.find((p) => p.name === policy)!;
    if (item) expect(info.tags).toContain(`${CHECKLIST_TAG_PREFIX}${item}`);
    else expect(info.tags.filter((t) => t.startsWith(CHECKLIST_TAG_PREFIX))).toEqual([]);
  });
});
