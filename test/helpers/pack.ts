/**
 * Drives the real policy pack through its own gRPC handlers (in process), exactly as the engine
 * would: config reconciled and validated, Remediate + Analyze per resource, one AnalyzeStack.
 */
import * as path from "path";
import { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import { AnalysisResult, Finding, runAnalysis } from "../../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { wire, type EngineResource, type PropertyMap } from "../../gate/engine/types";
import { UNKNOWN_VALUE } from "../../policies/lib/values";
import { TYPE_TAG_PREFIX } from "../../policies/lib/markers";

export const PACK_DIR = path.resolve(__dirname, "../../policies");
/** A value unknown at preview, as the engine sends it. */
export const UNKNOWN = UNKNOWN_VALUE;
/** A secret as the engine sends it, with the SDK's own signature (loaded on first use: it loads the SDK). */
export const secret = (value: unknown) => {
  const { sigKey, secret: signature } = wire();
  return { [sigKey]: signature, value };
};

export interface ResourceSpec {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Property name → names of the resources it refers to (recorded as propertyDependencies). */
  refs?: Record<string, string[]>;
  parent?: string;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::prodready::${type}::${name}`;
}

export function toEngineResources(specs: readonly ResourceSpec[]): EngineResource[] {
  const urnByName = new Map(specs.map((s) => [s.name, urnOf(s.type, s.name)]));
  const resolve = (name: string) => {
    const urn = urnByName.get(name);
    if (!urn) throw new Error(`test resource ${name} is referenced but not defined`);
    return urn;
  };
  return specs.map((spec) => {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, names] of Object.entries(spec.refs ?? {}))
      propertyDependencies[key] = names.map(resolve);
    return {
      urn: urnOf(spec.type, spec.name),
      type: spec.type,
      name: spec.name,
      properties: spec.props as PropertyMap,
      custom: true,
      parent: spec.parent ? resolve(spec.parent) : undefined,
      dependencies: [...new Set(Object.values(propertyDependencies).flat())],
      propertyDependencies,
      options: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
      },
    };
  });
}

export interface AnalyzeOptions {
  /** A policy-config document as in policies/config/*.json; defaults to every policy mandatory. */
  config?: Record<string, unknown>;
  dryRun?: boolean;
}

export function pack(): InProcessPackTransport {
  return InProcessPackTransport.load(PACK_DIR, "index.ts");
}

/**
 * The findings a policy reported on a resource type its `type:` tags (PolicyInfo, as served) do not
 * name: the contract the gate's `summary.recognised` reads. Empty when the tags hold.
 */
export function findingsOutsideTypeTags(result: AnalysisResult): string[] {
  const tokens = new Map(
    result.pack.policies.map((policy) => [
      policy.name,
      policy.tags
        .filter((tag) => tag.startsWith(TYPE_TAG_PREFIX))
        .map((tag) => tag.slice(TYPE_TAG_PREFIX.length)),
    ]),
  );
  return result.findings
    .filter((finding) => {
      const tagged = tokens.get(finding.policyName) ?? [];
      return !tagged.includes("*") && !tagged.includes(finding.resourceType);
    })
    .map(
      (finding) =>
        `${finding.policyName} reported on ${finding.resourceType}, which its type tags do not name`,
    );
}

/** Analyses the resources; every test that does also checks the type-tag contract on what it saw. */
export async function analyze(
  specs: readonly ResourceSpec[],
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const result = await runAnalysis(pack(), {
    context: {
      project: "prodready",
      stack: "test",
      organization: "organization",
      dryRun: options.dryRun ?? true,
      config: {},
      configSecretKeys: [],
      tags: {},
    },
    resources: toEngineResources(specs),
    policyConfig: parsePolicyConfigDocument(options.config ?? { all: "mandatory" }),
  });
  const outside = findingsOutsideTypeTags(result);
  if (outside.length > 0) throw new Error(`type tags do not cover the findings: ${outside.join("; ")}`);
  return result;
}

/** The findings of one policy, as `[category, level, resource name, message]` tuples, for terse assertions. */
export function findingsOf(
  result: AnalysisResult,
  policy: string,
): Array<[Finding["category"], string, string, string]> {
  return result.findings
    .filter((f) => f.policyName === policy)
    .map((f) => [f.category, f.enforcementLevel, f.resourceName, f.message]);
}
