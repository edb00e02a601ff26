/**
 * Message prefixes that classify a diagnostic beyond its enforcement level. They are a contract
 * between the pack and any reader of its diagnostics (the gate, the readiness report): Pulumi's
 * protocol has no field for "unverified at preview" or "exempted".
 */
export const UNVERIFIED_PREFIX = "[unverified at preview]";
export const EXEMPT_PREFIX = "[exempt]";
export const INTERNAL_ERROR_PREFIX = "[policy error]";
/** What the `@pulumi/policy` SDK itself says when a policy touched an unknown value (other packs). */
export const SDK_UNKNOWN_PREFIX = "can't run policy";
/** Tag prefix naming a checklist item a policy enforces, carried in PolicyInfo.tags. */
export const CHECKLIST_TAG_PREFIX = "checklist:";
/**
 * Tag prefix naming a resource type token a policy judges (`type:aws:rds/instance:Instance`), carried
 * in PolicyInfo.tags, so a reader of the pack's metadata (the gate's `summary.recognised`) knows which
 * resources the pack has any policy for. `type:*` means every type.
 */
export const TYPE_TAG_PREFIX = "type:";
