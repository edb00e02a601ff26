import type { ResourceValidationArgs } from "@pulumi/policy";
import { logGroupRetention } from "../../../policies/rules/logs/log-group-retention";
import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "log-group-retention";
const TYPE = "aws:cloudwatch/logGroup:LogGroup";
const logGroup = (props: Record<string, unknown> = {}): ResourceSpec => ({
  type: TYPE,
  name: "app-logs",
  props: { name: "/prodready/app", retentionInDays: 90, ...props },
});
const unset = (): ResourceSpec => ({ type: TYPE, name: "app-logs", props: { name: "/prodready/app" } });
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);
const violation = (message: string) => [["violation", "mandatory", "app-logs", message]];

/** Calls the policy's remediation directly, as the SDK would, to see the corrected value. */
function remediate(props: Record<string, unknown>, config: Record<string, unknown> = {}) {
  const args = {
    type: TYPE,
    urn: `urn:pulumi:test::prodready::${TYPE}::app-logs`,
    name: "app-logs",
    props,
    getConfig: () => config,
  } as unknown as ResourceValidationArgs;
  return logGroupRetention.remediateResource!(args);
}

describe(POLICY, () => {
  it("passes an accepted retention within bounds", async () => {
    expect(await run([logGroup()])).toEqual([]);
  });

  it("fails an unset or zero retention, which keeps logs forever", async () => {
    expect(await run([unset()])).toEqual(
      violation("Set retentionInDays between 30 and 3653 days; it is unset, which keeps logs forever."),
    );
    expect(await run([logGroup({ retentionInDays: 0 })])).toEqual(
      violation("Set retentionInDays between 30 and 3653 days; it is 0, which keeps logs forever."),
    );
  });

  it("fails a retention below the minimum", async () => {
    expect(await run([logGroup({ retentionInDays: 7 })])).toEqual(
      violation("Set retentionInDays between 30 and 3653 days; it is 7."),
    );
  });

  it("fails a retention CloudWatch does not accept", async () => {
    expect(await run([logGroup({ retentionInDays: 45 })])).toEqual(
      violation("Set retentionInDays to a value CloudWatch accepts (for example 60); it is 45."),
    );
  });

  it("honours configured bounds", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { minimumDays: 365, maximumDays: 731, remediationDays: 400 },
    };
    expect(await run([logGroup()], config)).toEqual(
      violation("Set retentionInDays between 365 and 731 days; it is 90."),
    );
    expect(await run([logGroup({ retentionInDays: 1827 })], config)).toEqual(
      violation("Set retentionInDays between 365 and 731 days; it is 1827."),
    );
  });

  it("skips DELIVERY-class log groups, whose retention AWS fixes at 2 days", async () => {
    expect(await run([{ type: TYPE, name: "app-logs", props: { logGroupClass: "DELIVERY" } }])).toEqual([]);
  });

  it("reports unknown values as unverified", async () => {
    expect(await run([logGroup({ retentionInDays: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "app-logs",
        "[unverified at preview] retentionInDays is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([logGroup({ logGroupClass: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "app-logs",
        "[unverified at preview] logGroupClass is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("rejects a remediation value CloudWatch does not accept, like the engine", async () => {
    await expect(analyze([logGroup()], { config: { [POLICY]: { remediationDays: 45 } } })).rejects.toThrow(
      /validating policy config: .*log-group-retention: \/remediationDays must be equal to one of the allowed values/,
    );
  });

  describe("remediation", () => {
    it("sets the configured retention at the remediate level, and the result then passes", async () => {
      const result = await analyze([unset()], { config: { all: "mandatory", [POLICY]: "remediate" } });
      expect(result.remediations).toEqual([
        {
          policyName: POLICY,
          urn: `urn:pulumi:test::prodready::${TYPE}::app-logs`,
          changedKeys: ["retentionInDays"],
        },
      ]);
      expect(findingsOf(result, POLICY)).toEqual([]);
    });

    it("corrects unset, out-of-bounds and invalid values, and leaves good ones alone", () => {
      const defaults = { minimumDays: 30, maximumDays: 3653, remediationDays: 90 };
      expect(remediate({ name: "/app" }, defaults)).toEqual({ name: "/app", retentionInDays: 90 });
      expect(remediate({ retentionInDays: 0 }, defaults)).toEqual({ retentionInDays: 90 });
      expect(remediate({ retentionInDays: 7 }, defaults)).toEqual({ retentionInDays: 90 });
      expect(remediate({ retentionInDays: 45 }, defaults)).toEqual({ retentionInDays: 60 });
      expect(remediate({ retentionInDays: 365 }, defaults)).toBeUndefined();
      expect(
        remediate({ retentionInDays: 14 }, { ...defaults, minimumDays: 7, remediationDays: 30 }),
      ).toBeUndefined();
    });

    it("does not remediate unknowns, DELIVERY groups, or into a value outside the bounds", () => {
      const defaults = { minimumDays: 30, maximumDays: 3653, remediationDays: 90 };
      expect(remediate({ retentionInDays: UNKNOWN }, defaults)).toBeUndefined();
      expect(remediate({ logGroupClass: "DELIVERY" }, defaults)).toBeUndefined();
      expect(remediate({}, { ...defaults, minimumDays: 365 })).toBeUndefined();
    });
  });
});
