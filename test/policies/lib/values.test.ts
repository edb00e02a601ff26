/**
 * The unknown sentinels have one home (policies/lib/values.ts), copied from SDK modules the pack
 * cannot import where it reads values; this fails the day an SDK upgrade changes them.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { isUnknown, UNKNOWN_SENTINELS, UNKNOWN_VALUE } from "../../../policies/lib/values";

describe("the unknown sentinels", () => {
  it("are the engine's unknown value and every sentinel @pulumi/policy recognises", () => {
    expect(UNKNOWN_VALUE).toBe(unknownValue);
    const proxy = require("@pulumi/policy/proxy");
    const sdk = Object.keys(proxy)
      .filter((name) => /^unknown[A-Z]\w*Value$/.test(name))
      .map((name) => proxy[name]);
    expect(sdk).toHaveLength(7);
    expect([...UNKNOWN_SENTINELS].sort()).toEqual([...sdk].sort());
    for (const sentinel of sdk) expect(isUnknown(sentinel)).toBe(true);
    expect(isUnknown("04da6b54-80e4-46f7-96ec-b56ff0331ba8")).toBe(false);
  });
});
