/**
 * The program in stacks/ passes the pack in all three stacks with their profiles and with the org
 * baseline, in preview and deploy; what preview cannot verify is reported as unverified and enforced at deploy.
 */
import { analyzeCaptured, captureStack, Captured, one } from "../helpers/program";
import { isMandatoryFailure } from "../../gate/analyzer/session";
import { BASELINE_PROFILE } from "../../gate/checklist/profiles";

const summary = (
  findings: { policyName: string; category: string; enforcementLevel: string; resourceName: string }[],
) => findings.map((f) => `${f.category}/${f.enforcementLevel} ${f.policyName} ${f.resourceName}`).sort();

describe.each(["dev", "staging", "production"])("the %s stack", (stack) => {
  const captures: Record<string, Captured> = {};
  beforeAll(async () => {
    [captures.preview, captures.deploy] = await Promise.all([
      captureStack(stack, "preview"),
      captureStack(stack, "deploy"),
    ]);
  });

  it("names its own profile, which the gate applies", () => {
    expect(captures.deploy.config["prodready:profile"]).toBe(stack);
  });

  it("has no mandatory violation and no policy error at deploy", async () => {
    const result = await analyzeCaptured(captures.deploy);
    expect(
      result.findings
        .filter((f) => isMandatoryFailure(f) || f.category === "policy-error" || f.category === "unverified")
        .map((f) => `${f.policyName} ${f.resourceName}: ${f.message}`),
    ).toEqual([]);
    expect(result.resourcesAnalyzed).toBeGreaterThan(150);
  });

  it("has no mandatory violation at preview; only values computed at deploy are unverified", async () => {
    const result = await analyzeCaptured(captures.preview);
    expect(result.findings.filter((f) => isMandatoryFailure(f) || f.category === "policy-error")).toEqual([]);
    // Bucket and role policies embed ARNs AWS assigns (buckets, log groups, secrets): unknown until deploy.
    // dev has no RDS Proxy, so no proxy role.
    const proxy = stack === "dev" ? [] : ["unverified/advisory iam-least-privilege pooling-proxy-secrets"];
    expect(summary(result.findings.filter((f) => f.category === "unverified"))).toEqual([
      "unverified/advisory iam-least-privilege network-flow-logs-policy",
      ...proxy,
      "unverified/advisory iam-least-privilege services-django-task-policy",
      "unverified/advisory iam-least-privilege services-execution-secrets",
      "unverified/advisory s3-tls-only edge-alb-logs-policy",
      "unverified/advisory s3-tls-only media-policy",
    ]);
  });

  it("has no mandatory violation under the org baseline either, in preview or at deploy", async () => {
    for (const captured of [captures.preview, captures.deploy]) {
      const result = await analyzeCaptured(captured, undefined, BASELINE_PROFILE);
      expect(
        result.findings
          .filter((f) => isMandatoryFailure(f) || f.category === "policy-error")
          .map((f) => `${f.policyName} ${f.resourceName}: ${f.message}`),
      ).toEqual([]);
    }
  });

  it("enforces at deploy what preview could not verify", async () => {
    const mutate = (registrations: any[]) => {
      const policy = one(registrations, "aws:s3/bucketPolicy:BucketPolicy", "media");
      const document =
        typeof policy.inputs.policy === "string" ? JSON.parse(policy.inputs.policy) : policy.inputs.policy;
      document.Statement = document.Statement.filter((s: any) => s.Effect !== "Deny");
      policy.inputs.policy = JSON.stringify(document);
    };
    const deploy = await analyzeCaptured(captures.deploy, mutate);
    expect(summary(deploy.findings.filter((f) => f.policyName === "s3-tls-only"))).toEqual([
      "violation/mandatory s3-tls-only media-policy",
    ]);
  });
});
