/**
 * The engine's side of one analysis, in the engine's order: ConfigureStack, GetAnalyzerInfo,
 * policy config reconciliation and validation, Configure, then Remediate + Analyze per resource,
 * then one AnalyzeStack over every resource.
 */
import type * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import type { EngineResource, PropertyMap, StackContext } from "../engine/types";
import { reconcilePolicyConfig, Reconciliation } from "../engine/policy-config";
import {
  AnalyzeResult,
  Diagnostic,
  fromAnalyzeResponse,
  fromAnalyzerInfo,
  fromRemediateResponse,
  PackInfo,
  PolicyConfigEntry,
  RemediateResult,
  StructCache,
  toAnalyzeRequest,
  toAnalyzeStackRequest,
  toConfigureRequest,
  toStackConfigureRequest,
} from "./protocol";
import type { AnalyzerTransport } from "./transport";
import {
  EXEMPT_PREFIX,
  INTERNAL_ERROR_PREFIX,
  SDK_UNKNOWN_PREFIX,
  UNVERIFIED_PREFIX,
} from "../../policies/api";

export type FindingCategory = "violation" | "unverified" | "exempt" | "policy-error";

export interface Finding extends Diagnostic {
  /** The resource the finding is about (the analysed one for resource policies). */
  urn: string;
  resourceType: string;
  resourceName: string;
  source?: { file: string; line: number };
  /** Where the finding arose: a pack call, or the gate's own capture (a remote component it could not see). */
  stage: "analyze" | "analyzeStack" | "remediate" | "capture";
  category: FindingCategory;
}

export interface AppliedRemediation {
  policyName: string;
  urn: string;
  changedKeys: string[];
}

export interface AnalysisInput {
  context: StackContext;
  /** Resources in registration order, with the properties Analyze sees (inputs). */
  resources: readonly EngineResource[];
  /** The parsed --policy-pack-config document, if any. */
  policyConfig?: Record<string, PolicyConfigEntry>;
  /** Requests in flight at once (the engine analyses steps concurrently). */
  concurrency?: number;
}

export interface AnalysisResult {
  pack: PackInfo;
  config: Reconciliation;
  findings: Finding[];
  remediations: AppliedRemediation[];
  notApplicable: number;
  resourcesAnalyzed: number;
}

export function categorize(message: string): FindingCategory {
  if (message.startsWith(UNVERIFIED_PREFIX) || message.startsWith(SDK_UNKNOWN_PREFIX)) return "unverified";
  if (message.startsWith(EXEMPT_PREFIX)) return "exempt";
  if (message.startsWith(INTERNAL_ERROR_PREFIX)) return "policy-error";
  return "violation";
}

/** True when the finding blocks: mandatory (remediate counts as mandatory) and not a soft category. */
export function isMandatoryFailure(finding: Finding): boolean {
  return (
    (finding.category === "violation" || finding.category === "policy-error") &&
    (finding.enforcementLevel === "mandatory" || finding.enforcementLevel === "remediate")
  );
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface PreparedAnalysis {
  pack: PackInfo;
  config: Reconciliation;
}

/**
 * The pack's info as read, per decoded AnalyzerInfo message: a transport that answers a repeat with
 * the same message (the in-process one) is read once; a fresh message is always read afresh.
 */
const packInfos = new WeakMap<analyzerProto.AnalyzerInfo, PackInfo>();

function readPackInfo(info: analyzerProto.AnalyzerInfo): PackInfo {
  let pack = packInfos.get(info);
  if (!pack) {
    pack = fromAnalyzerInfo(info);
    packInfos.set(info, pack);
  }
  return pack;
}

/**
 * The engine's first steps, which need no resources: ConfigureStack, GetAnalyzerInfo, policy config
 * reconciliation and validation, Configure. The gate runs them while the program is still running.
 */
export async function prepareAnalysis(
  transport: AnalyzerTransport,
  input: Pick<AnalysisInput, "context" | "policyConfig">,
): Promise<PreparedAnalysis> {
  await transport.call("configureStack", toStackConfigureRequest(input.context));
  const pack = readPackInfo(
    await transport.call<analyzerProto.AnalyzerInfo>("getAnalyzerInfo", new (await emptyCtor())()),
  );
  const config = reconcilePolicyConfig(pack, input.policyConfig);
  await transport.call("configure", toConfigureRequest(config.config));
  return { pack, config };
}

export async function runAnalysis(
  transport: AnalyzerTransport,
  input: AnalysisInput,
  prepared?: Promise<PreparedAnalysis>,
): Promise<AnalysisResult> {
  const { pack, config } = await (prepared ?? prepareAnalysis(transport, input));

  const structs: StructCache = new WeakMap();
  const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
  const findings: Finding[] = [];
  const remediations: AppliedRemediation[] = [];
  let notApplicable = 0;
  const anyRemediation = Object.values(config.config).some((c) => c.enforcementLevel === "remediate");

  const analyzed = await mapConcurrent(input.resources, input.concurrency ?? 32, async (resource) => {
    let current = resource;
    // The engine always asks; skipping the call when no policy is at remediate level only saves a round trip.
    if (anyRemediation) {
      const remediated: RemediateResult = fromRemediateResponse(
        await transport.call<analyzerProto.RemediateResponse>(
          "remediate",
          toAnalyzeRequest(resource, structs),
        ),
      );
      for (const r of remediated.remediations) {
        if (r.properties) {
          remediations.push({
            policyName: r.policyName,
            urn: resource.urn,
            changedKeys: changedKeys(current.properties, r.properties),
          });
          current = { ...current, properties: r.properties };
        }
        if (r.diagnostic) {
          findings.push(
            toFinding(
              {
                policyName: r.policyName,
                policyPackName: pack.name,
                policyPackVersion: pack.version,
                description: r.description,
                message: `${UNVERIFIED_PREFIX} ${r.diagnostic}`,
                enforcementLevel: "advisory",
                urn: "",
                severity: "unspecified",
              },
              current,
              "remediate",
            ),
          );
        }
      }
    }
    const result: AnalyzeResult = fromAnalyzeResponse(
      await transport.call<analyzerProto.AnalyzeResponse>("analyze", toAnalyzeRequest(current, structs)),
    );
    notApplicable += result.notApplicable.length;
    for (const d of result.diagnostics)
      findings.push(toFinding(d, d.urn ? (byUrn.get(d.urn) ?? current) : current, "analyze"));
    // AnalyzeStack sees outputs: at deploy the provider's (which include the remediated inputs), at preview the inputs.
    const stackProperties = resource.outputs
      ? { ...resource.outputs, ...(current === resource ? {} : current.properties) }
      : current.properties;
    return { ...current, properties: stackProperties };
  });

  const stack = fromAnalyzeResponse(
    await transport.call<analyzerProto.AnalyzeResponse>(
      "analyzeStack",
      toAnalyzeStackRequest(analyzed, structs),
    ),
  );
  notApplicable += stack.notApplicable.length;
  for (const d of stack.diagnostics) {
    const target = d.urn ? byUrn.get(d.urn) : undefined;
    findings.push(toFinding(d, target, "analyzeStack"));
  }
  findings.sort(compareFindings);
  return { pack, config, findings, remediations, notApplicable, resourcesAnalyzed: input.resources.length };
}

function toFinding(d: Diagnostic, resource: EngineResource | undefined, stage: Finding["stage"]): Finding {
  return {
    ...d,
    urn: d.urn || resource?.urn || "",
    resourceType: resource?.type ?? "",
    resourceName: resource?.name ?? "",
    source: resource?.source ? { file: resource.source.file, line: resource.source.line } : undefined,
    stage,
    category: categorize(d.message),
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.policyName.localeCompare(b.policyName) ||
    a.urn.localeCompare(b.urn) ||
    a.message.localeCompare(b.message)
  );
}

function changedKeys(before: PropertyMap, after: PropertyMap): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

let emptyCtorCache: (new () => unknown) | undefined;
async function emptyCtor(): Promise<new () => unknown> {
  if (!emptyCtorCache) {
    // The request type the generated stubs declare for GetAnalyzerInfo (google.protobuf.Empty).
    const { AnalyzerService } = await import("@pulumi/pulumi/proto/analyzer_grpc_pb");
    emptyCtorCache = (AnalyzerService as any).getAnalyzerInfo.requestType;
  }
  return emptyCtorCache!;
}
