import { packInfoOf, readProfiles } from "../../gate/checklist/docs";
import { APP_PROFILES, BASELINE_PROFILE, laxerThanBaseline } from "../../gate/checklist/profiles";
import { parsePolicyConfigDocument, reconcilePolicyConfig } from "../../gate/engine/policy-config";
import { packArgs, policies } from "../../policies/pack";

const pack = packInfoOf(policies as never, packArgs.enforcementLevel ?? "advisory");
const profiles = readProfiles();
const reconciled = (document: Record<string, unknown>) =>
  reconcilePolicyConfig(pack, parsePolicyConfigDocument(document)).config;
const baseline = reconcilePolicyConfig(pack, profiles[BASELINE_PROFILE]);

describe("profiles", () => {
  it("reads the org baseline and every app profile, each valid against the pack's schemas, naming only its policies", () => {
    expect(Object.keys(profiles)).toEqual([BASELINE_PROFILE, ...APP_PROFILES]);
    for (const name of Object.keys(profiles))
      expect({ name, unknown: reconcilePolicyConfig(pack, profiles[name]).unknownPolicies }).toEqual({
        name,
        unknown: [],
      });
  });

  it.each(APP_PROFILES)("%s is a superset of the org baseline", (name) => {
    const app = reconcilePolicyConfig(pack, profiles[name]).config;
    expect(laxerThanBaseline(baseline.config, app, name)).toEqual([]);
  });

  it("keeps the app-specific policies out of the baseline's mandatory set", () => {
    const levels = Object.fromEntries(
      Object.entries(baseline.config).map(([policy, entry]) => [policy, entry.enforcementLevel]),
    );
    expect(levels["rds-postgres-engine"]).toBe("disabled");
    expect(levels["db-connection-pooling"]).toBe("disabled");
    for (const appSpecific of [
      "django-production-settings",
      "nextjs-production-settings",
      "ecs-error-tracking",
    ])
      expect([appSpecific, levels[appSpecific]]).toEqual([appSpecific, "advisory"]);
    for (const neutral of ["rds-force-tls", "rds-engine-supported", "rds-storage-encrypted", "s3-tls-only"])
      expect([neutral, levels[neutral]]).toEqual([neutral, "mandatory"]);
  });

  describe("catches an app profile laxer than the baseline", () => {
    const base = reconciled({
      all: "mandatory",
      "rds-backup-retention": { minimumDays: 7 },
      "waf-rate-limiting": { maximumRateLimit: 2000 },
      "pg-provider-tls": { allowedSslModes: ["verify-full"] },
    });
    const check = (app: Record<string, unknown>) => laxerThanBaseline(base, reconciled(app), "app");

    it("accepts the same profile and a stricter one", () => {
      expect(
        check({
          all: "mandatory",
          "rds-backup-retention": { minimumDays: 14 },
          "waf-rate-limiting": { maximumRateLimit: 1000 },
          "pg-provider-tls": { allowedSslModes: ["verify-full"] },
        }),
      ).toEqual([]);
    });

    it("a policy advisory or disabled that the baseline makes mandatory", () => {
      expect(
        check({
          all: "mandatory",
          "rds-backup-retention": { enforcementLevel: "advisory", minimumDays: 7 },
          "rds-force-tls": "disabled",
          "waf-rate-limiting": { maximumRateLimit: 2000 },
          "pg-provider-tls": { allowedSslModes: ["verify-full"] },
        }),
      ).toEqual([
        "app sets rds-backup-retention to advisory; the baseline has it mandatory",
        "app sets rds-force-tls to disabled; the baseline has it mandatory",
      ]);
    });

    it("a new policy left to an `all` level below the baseline's", () => {
      const problems = check({
        all: "advisory",
        "rds-backup-retention": { enforcementLevel: "mandatory", minimumDays: 7 },
        "waf-rate-limiting": { enforcementLevel: "mandatory", maximumRateLimit: 2000 },
        "pg-provider-tls": { enforcementLevel: "mandatory", allowedSslModes: ["verify-full"] },
      });
      expect(problems).toContain("app sets rds-engine-supported to advisory; the baseline has it mandatory");
      expect(problems).toHaveLength(pack.policies.length - 3);
    });

    it("a minimum lower, a maximum higher, an allowed list longer, a trusted default", () => {
      expect(
        check({
          all: "mandatory",
          "rds-backup-retention": { minimumDays: 3 },
          "waf-rate-limiting": { maximumRateLimit: 5000 },
          "pg-provider-tls": { allowedSslModes: ["verify-full", "require"] },
          "rds-force-tls": { trustEngineDefaults: true },
        }),
      ).toEqual([
        "app rds-backup-retention.minimumDays is 3, below the baseline's 7",
        "app rds-force-tls.trustEngineDefaults is on; the baseline has it off",
        "app waf-rate-limiting.maximumRateLimit is 5000, above the baseline's 2000",
        'app pg-provider-tls.allowedSslModes allows ["require"], which the baseline does not',
      ]);
    });

    it("a setting with no known stricter direction, which must be classified first", () => {
      expect(check({ all: "mandatory", "rds-engine-supported": { warningDays: 30 }, ...{} })).toContain(
        "app rds-engine-supported.warningDays differs from the baseline and has no known stricter direction; classify it in gate/checklist/profiles.ts",
      );
    });
  });
});
