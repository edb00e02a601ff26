import { stackPolicy } from "../../lib/define";
import { StackResource } from "../../lib/stack";
import { wildcard } from "../../lib/patterns";
import { asProps, containsUnknown, json, knownString, Props, UnknownInput } from "../../lib/values";

type Verdict = "pass" | "no-statement" | "partial" | "malformed";

const STATEMENT_TEXT =
  "denies all principals (Effect Deny, Principal *, Action s3:*) when aws:SecureTransport is false, on the bucket ARN and <bucket ARN>/*";

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  const aws = asProps(principal)?.AWS;
  return asList(aws).includes("*");
}

function coversAllS3Actions(action: unknown): boolean {
  return asList(action).some((a) => typeof a === "string" && (a === "*" || a.toLowerCase() === "s3:*"));
}

/** True for a Bool (or BoolIfExists) condition aws:SecureTransport = false; condition keys are case-insensitive. */
function deniesInsecureTransport(condition: unknown): boolean {
  const operators = asProps(condition) ?? {};
  return ["Bool", "BoolIfExists"].some((operator) => {
    const keys = asProps(operators[operator]) ?? {};
    return Object.entries(keys).some(
      ([key, value]) =>
        key.toLowerCase() === "aws:securetransport" &&
        asList(value).some((v) => v === false || (typeof v === "string" && v.toLowerCase() === "false")),
    );
  });
}

/** IAM resource patterns: `*` any run of characters, `?` any one. */
function globMatches(pattern: string, text: string): boolean {
  return wildcard(pattern, { questionMark: true }).test(text);
}

const S3_ARN = /^arn:([^:]*):s3:::(.*)$/;

/** True when the resource patterns cover both the bucket and every object in it. */
function coversBucketAndObjects(patterns: string[], bucketName: string | undefined): boolean {
  if (patterns.includes("*")) return true;
  // Without a known name (autonamed at preview), take the names the bucket-level patterns spell.
  const names =
    bucketName !== undefined
      ? [bucketName]
      : patterns.flatMap((p) => p.match(S3_ARN)?.[2]?.split("/")[0] ?? []);
  return names.some((name) => {
    const covers = (suffix: string) =>
      patterns.some((pattern) => {
        const partition = pattern.match(S3_ARN)?.[1];
        return partition !== undefined && globMatches(pattern, `arn:${partition}:s3:::${name}${suffix}`);
      });
    return covers("") && covers("/any/object-key");
  });
}

function verdictOf(document: unknown, bucketName: string | undefined): Verdict {
  const statements = asList(asProps(document)?.Statement)
    .map(asProps)
    .filter((s): s is Props => s !== undefined);
  const tlsDenies = statements.filter(
    (s) =>
      s.Effect === "Deny" &&
      isEveryone(s.Principal) &&
      coversAllS3Actions(s.Action) &&
      deniesInsecureTransport(s.Condition),
  );
  if (tlsDenies.length === 0) return "no-statement";
  const patterns = tlsDenies.flatMap((s) =>
    asList(s.Resource).filter((r): r is string => typeof r === "string"),
  );
  return coversBucketAndObjects(patterns, bucketName) ? "pass" : "partial";
}

export const s3TlsOnly = stackPolicy({
  name: "s3-tls-only",
  description:
    "Checks that every S3 bucket has a bucket policy denying all requests that do not use TLS (aws:SecureTransport false), for the bucket and its objects.",
  severity: "high",
  checklist: ["backend.files.media-uploads-secured", "frontend.security.https-api-calls"],
  remediationSteps:
    'Add an aws.s3.BucketPolicy with a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, `${bucket.arn}/*`], ' +
    'Condition: { Bool: { "aws:SecureTransport": "false" } } } (build it with pulumi.jsonStringify).',
  judges: ["bucket", "bucketPolicy"],
  validateStack(stack, { violation, check, read }) {
    for (const bucket of stack.ofType("bucket")) {
      check(() => {
        const name = knownString(bucket.props.bucket);
        const sources: Array<{ owner: StackResource; value: unknown; label: string }> = stack
          .referrers(bucket, "bucket", "bucketPolicy")
          .map((owner) => ({ owner, value: owner.props.policy, label: "this bucket policy" }));
        if (bucket.props.policy !== undefined && bucket.props.policy !== null && bucket.props.policy !== "") {
          sources.push({
            owner: bucket,
            value: bucket.props.policy,
            label: "the inline policy of this bucket",
          });
        }
        if (sources.length === 0) {
          violation(
            `Add an aws.s3.BucketPolicy to this bucket with a statement that ${STATEMENT_TEXT}.`,
            bucket.urn,
          );
          return;
        }
        const verdicts: Array<{ owner: StackResource; label: string; verdict: Verdict }> = [];
        let unverified = false;
        for (const source of sources) {
          const judged = read(() => {
            const parsed = json(source.value, "policy");
            const verdict = parsed.ok ? verdictOf(parsed.value, name) : "malformed";
            // An object document with unknown parts (an ARN from an output) may still pass at deploy.
            if (verdict !== "pass" && parsed.ok && containsUnknown(parsed.value))
              throw new UnknownInput("policy");
            return verdict;
          }, source.owner.urn);
          if (judged.ok) verdicts.push({ ...source, verdict: judged.value });
          unverified ||= !judged.ok;
        }
        if (unverified || verdicts.some((v) => v.verdict === "pass")) return;
        for (const { owner, label, verdict } of verdicts) {
          if (verdict === "malformed") {
            violation(
              `Fix ${label}: it is not valid JSON, so it cannot be checked for a TLS-only Deny statement.`,
              owner.urn,
            );
          } else if (verdict === "partial") {
            violation(
              `Extend the aws:SecureTransport Deny statement of ${label} to both the bucket ARN and <bucket ARN>/*.`,
              owner.urn,
            );
          } else {
            violation(`Add a statement to ${label} that ${STATEMENT_TEXT}.`, owner.urn);
          }
        }
      }, bucket.urn);
    }
  },
});
