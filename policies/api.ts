/**
 * The pack's public surface for the tools around it (the gate, its reports, the generated docs):
 * the marks its diagnostics and policies carry, what a secret looks like, and the policies'
 * metadata. Everything outside policies/ imports the pack through this module only
 * (test/architecture.test.ts fails otherwise), so the pack may reorganise its insides freely.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import type * as Pack from "./pack";

export {
  CHECKLIST_TAG_PREFIX,
  EXEMPT_PREFIX,
  INTERNAL_ERROR_PREFIX,
  SDK_UNKNOWN_PREFIX,
  TYPE_TAG_PREFIX,
  UNVERIFIED_PREFIX,
} from "./lib/markers";
export { looksSecret } from "./lib/secrets/secret-formats";

export interface PackDefinition {
  /** The name the pack is published and served under. */
  name: string;
  /** What `new PolicyPack(name, args)` receives: levels, policies with their config schemas. */
  args: PolicyPackArgs;
  policies: typeof Pack.policies;
}

/**
 * The policies as the pack serves them. Loaded on first call, not with this module: readers of the
 * markers above (the gate's report, its capture worker) must not pay for loading every policy.
 */
export function packDefinition(): PackDefinition {
  const pack: typeof Pack = require("./pack");
  return { name: pack.PACK_NAME, args: pack.packArgs, policies: pack.policies };
}
