/**
 * Drives the real policy pack through its own gRPC handlers (in process), exactly as the engine
 * would: config reconciled and validated, Remediate + Analyze per resource, one AnalyzeStack.
 */
import type { createRequire } from "module";
import * as path from "path";
import type { InProcessPackTransport } from "../../gate/analyzer/in-process-transport";
import type { PolicyConfigEntry } from "../../gate/analyzer/protocol";
import type { AnalysisResult, Finding } from "../../gate/analyzer/session";
import type { EngineResource, PropertyMap, StackContext } from "../../gate/engine/types";
import { UNKNOWN_VALUE } from "../../policies/lib/values";
import { TYPE_TAG_PREFIX } from "../../policies/lib/markers";

/**
 * Node's own require, which the test environment lends (test/helpers/environment.js): what it loads
 * is loaded once per jest worker and shared by every test file, not once per file.
 */
export const nodeRequire = (globalThis as { __nodeCreateRequire?: typeof createRequire })
  .__nodeCreateRequire!(__filename);
nodeRequire("../../gate/bin/register.js");
/**
 * The gate's side of an analysis (session, protocol, config reconciliation, transport), loaded once
 * per worker like the pack it drives: loading it and compiling the pack's 58 config schemas cost
 * each policy test file ~0.35 s. The analyses these helpers make are this one module set's, start to
 * end (a test that mixes it with the gate modules it imports itself gets "Expected argument of type").
 */
const { InProcessPackTransport: Transport } = nodeRequire(
  "../../gate/analyzer/in-process-transport.ts",
) as typeof import("../../gate/analyzer/in-process-transport");
export const { runAnalysis } = nodeRequire(
  "../../gate/analyzer/session.ts",
) as typeof import("../../gate/analyzer/session");
export const { parsePolicyConfigDocument } = nodeRequire(
  "../../gate/engine/policy-config.ts",
) as typeof import("../../gate/engine/policy-config");
const { wire } = nodeRequire("../../gate/engine/types.ts") as typeof import("../../gate/engine/types");

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
  /** Or the entries already read (a profile loaded as the gate loads it); wins over `config`. */
  policyConfig?: Record<string, PolicyConfigEntry>;
  dryRun?: boolean;
  project?: string;
  stack?: string;
}

export function pack(): InProcessPackTransport {
  return Transport.load(PACK_DIR, "index.ts");
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

/** The stack context the engine sends (ConfigureStack) for a test analysis: no config, no tags. */
export function testContext(
  options: Pick<AnalyzeOptions, "project" | "stack" | "dryRun"> = {},
): StackContext {
  return {
    project: options.project ?? "prodready",
    stack: options.stack ?? "test",
    organization: "organization",
    dryRun: options.dryRun ?? true,
    config: {},
    configSecretKeys: [],
    tags: {},
  };
}

/** Analyses the resources; every test that does also checks the type-tag contract on what it saw. */
export async function analyze(
  specs: readonly ResourceSpec[],
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  return analyzeResources(toEngineResources(specs), options);
}

/** As `analyze`, for resources already in the engine's shape (a captured program's, a synthetic stack). */
export async function analyzeResources(
  resources: EngineResource[],
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const result = await runAnalysis(pack(), {
    context: testContext(options),
    resources,
    policyConfig: options.policyConfig ?? parsePolicyConfigDocument(options.config ?? { all: "mandatory" }),
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
