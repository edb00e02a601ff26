/**
 * The pack's profiles and how they relate: `org-baseline` is what every AWS stack of the organisation
 * must meet; the app's profiles (dev, staging, production) must each be a superset of it. Pure
 * functions over reconciled configs (gate/engine/policy-config.ts), so the check reads a profile the
 * way the engine does: a policy a profile does not name takes the profile's `all` level.
 */
import type { EnforcementLevel } from "../analyzer/protocol";
import { BASELINE_PROFILE, type ReconciledConfig } from "../engine/policy-config";

export { BASELINE_PROFILE };
export const APP_PROFILES = ["dev", "staging", "production"] as const;
/** Every profile in policies/config/, the baseline first. */
export const PROFILES = [BASELINE_PROFILE, ...APP_PROFILES] as const;

/** How much a level enforces: disabled < advisory < mandatory (remediate also blocks, after fixing). */
const LEVEL_RANK: Record<string, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

function rank(level: EnforcementLevel | string | undefined): number {
  return LEVEL_RANK[level ?? "advisory"] ?? 1;
}

/**
 * Which way a setting is stricter, by the naming convention of the pack's config: `minimum*` higher,
 * `maximum*` lower, `allowed*` fewer items, `trustEngineDefaults` off. Undefined for any other setting.
 */
function stricterWay(key: string): "higher" | "lower" | "subset" | "false" | undefined {
  if (/^minimum[A-Z]/.test(key)) return "higher";
  if (/^maximum[A-Z]/.test(key)) return "lower";
  if (/^allowed[A-Z]/.test(key)) return "subset";
  if (key === "trustEngineDefaults") return "false";
  return undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Where `app` is laxer than `baseline`, one sentence each: a policy enforced at a lower level, a
 * threshold looser, or a setting that differs with no known stricter direction (classify it here
 * before a profile may change it). Empty when `app` is a superset of the baseline.
 */
export function laxerThanBaseline(
  baseline: ReconciledConfig,
  app: ReconciledConfig,
  appName: string,
): string[] {
  const problems: string[] = [];
  for (const [policy, base] of Object.entries(baseline)) {
    const mine = app[policy];
    if (!mine) {
      problems.push(`${appName} does not configure ${policy}, which the baseline does`);
      continue;
    }
    if (rank(mine.enforcementLevel) < rank(base.enforcementLevel)) {
      problems.push(
        `${appName} sets ${policy} to ${mine.enforcementLevel}; the baseline has it ${base.enforcementLevel}`,
      );
    }
    // A policy the baseline does not enforce holds no threshold the app must keep.
    if (rank(base.enforcementLevel) === 0) continue;
    for (const [key, baseValue] of Object.entries(base.properties)) {
      const value = mine.properties[key];
      if (key === "exemptions" || same(value, baseValue)) continue;
      const way = stricterWay(key);
      const at = `${appName} ${policy}.${key}`;
      if (way === "higher" && typeof value === "number" && typeof baseValue === "number") {
        if (value < baseValue) problems.push(`${at} is ${value}, below the baseline's ${baseValue}`);
      } else if (way === "lower" && typeof value === "number" && typeof baseValue === "number") {
        if (value > baseValue) problems.push(`${at} is ${value}, above the baseline's ${baseValue}`);
      } else if (way === "subset" && Array.isArray(value) && Array.isArray(baseValue)) {
        const extra = value.filter((item) => !baseValue.some((allowed) => same(allowed, item)));
        if (extra.length > 0)
          problems.push(`${at} allows ${JSON.stringify(extra)}, which the baseline does not`);
      } else if (way === "false") {
        if (value === true && baseValue !== true) problems.push(`${at} is on; the baseline has it off`);
      } else {
        problems.push(
          `${at} differs from the baseline and has no known stricter direction; classify it in gate/checklist/profiles.ts`,
        );
      }
    }
  }
  return problems;
}
