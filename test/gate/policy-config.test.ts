import { parsePolicyConfigDocument, reconcilePolicyConfig } from "../../gate/engine/policy-config";
import type { PackInfo } from "../../gate/analyzer/protocol";

const pack: PackInfo = {
  name: "pack",
  displayName: "",
  version: "1.0.0",
  supportsConfig: true,
  initialConfig: { beta: { enforcementLevel: "advisory", properties: { limit: 5 } } },
  policies: [
    {
      name: "alpha",
      displayName: "",
      description: "",
      enforcementLevel: "mandatory",
      kind: "resource",
      severity: "high",
      tags: [],
      remediationSteps: "",
      url: "",
      configSchema: { properties: { days: { type: "integer", minimum: 1, default: 7 } }, required: [] },
    },
    {
      name: "beta",
      displayName: "",
      description: "",
      enforcementLevel: "mandatory",
      kind: "stack",
      severity: "low",
      tags: [],
      remediationSteps: "",
      url: "",
      configSchema: {
        properties: {
          limit: { type: "number", default: 1 },
          names: { type: "array", items: { type: "string" } },
        },
        required: ["names"],
      },
    },
  ],
};

describe("policy config reconciliation", () => {
  it("layers schema defaults < initialConfig < file, with `all` applied before per-policy entries", () => {
    const file = parsePolicyConfigDocument({
      all: "disabled",
      beta: { enforcementLevel: "remediate", names: ["x"] },
    });
    const { config, unknownPolicies } = reconcilePolicyConfig(pack, file);
    expect(config).toEqual({
      alpha: { enforcementLevel: "disabled", properties: { days: 7 } },
      beta: { enforcementLevel: "remediate", properties: { limit: 5, names: ["x"] } },
    });
    expect(unknownPolicies).toEqual([]);
  });

  it("validates properties against each policy's schema, naming the policy", () => {
    expect(() => reconcilePolicyConfig(pack, parsePolicyConfigDocument({ alpha: { days: 0 } }))).toThrow(
      "validating policy config: pack 1.0.0: alpha: /days must be >= 1; beta: (root) must have required property 'names'",
    );
  });

  it("rejects invalid enforcement levels and value shapes like the engine", () => {
    expect(() => parsePolicyConfigDocument({ alpha: "blocking" })).toThrow(
      'parsing enforcement level for "alpha": "blocking" is not a valid enforcement level',
    );
    expect(() => parsePolicyConfigDocument({ alpha: 3 })).toThrow(
      'parsing "alpha": 3 is not a valid value; must be a string or object',
    );
    expect(() => parsePolicyConfigDocument([])).toThrow("must be a JSON object");
  });

  it("reports config keys that name no policy", () => {
    const { unknownPolicies } = reconcilePolicyConfig(
      pack,
      parsePolicyConfigDocument({ alpah: "advisory", beta: { names: [] } }),
    );
    expect(unknownPolicies).toEqual(["alpah"]);
  });
});
