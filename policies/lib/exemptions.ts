/**
 * Exemptions live in policy config, not in code: a list of resource matchers, each with a reason and
 * an expiry date. An expired exemption stops exempting and says so in the violation it no longer hides.
 */
import { wildcard } from "./patterns";

export interface Exemption {
  /** Glob (`*` wildcard) over the resource URN. */
  urn?: string;
  /** Glob over the resource's logical name. */
  name?: string;
  /** Glob over the resource's type token. */
  type?: string;
  /** Why the resource is exempt; shown with every finding it suppresses. */
  reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the exemption applies. */
  expires: string;
}

export const EXEMPTIONS_SCHEMA = {
  type: "array",
  description:
    "Resources exempt from this policy: matchers (urn, name, type globs) with a reason and an expiry date.",
  default: [],
  items: {
    type: "object",
    additionalProperties: false,
    required: ["reason", "expires"],
    anyOf: [{ required: ["urn"] }, { required: ["name"] }, { required: ["type"] }],
    properties: {
      urn: { type: "string", minLength: 1 },
      name: { type: "string", minLength: 1 },
      type: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1 },
      expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
    },
  },
} as const;

export interface ResourceIdentity {
  urn: string;
  name: string;
  type: string;
}

export type ExemptionMatch =
  { kind: "none" } | { kind: "active"; exemption: Exemption } | { kind: "expired"; exemption: Exemption };

function matches(exemption: Exemption, resource: ResourceIdentity): boolean {
  if (!exemption.urn && !exemption.name && !exemption.type) return false;
  return (
    (!exemption.urn || wildcard(exemption.urn).test(resource.urn)) &&
    (!exemption.name || wildcard(exemption.name).test(resource.name)) &&
    (!exemption.type || wildcard(exemption.type).test(resource.type))
  );
}

/** The exemption that applies to a resource on `today` (UTC date `YYYY-MM-DD`); an active one wins over an expired one. */
export function findExemption(
  exemptions: readonly Exemption[] | undefined,
  resource: ResourceIdentity,
  today: string,
): ExemptionMatch {
  let expired: Exemption | undefined;
  for (const exemption of exemptions ?? []) {
    if (!exemption || typeof exemption !== "object" || !matches(exemption, resource)) continue;
    if (exemption.expires >= today) return { kind: "active", exemption };
    expired = expired ?? exemption;
  }
  return expired ? { kind: "expired", exemption: expired } : { kind: "none" };
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
