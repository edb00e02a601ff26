/**
 * Policy config as the engine reconciles it (pkg/resource/analyzer/config.go): schema defaults and
 * each policy's own level, then the pack's initialConfig, then the --policy-pack-config file, each
 * layer applying `all` first and then per-policy entries; then every policy's properties are
 * validated against its JSON schema and any error aborts the run.
 */
import Ajv from "ajv";
import { GateInputError } from "../errors";
import type { EnforcementLevel, PackInfo, PolicyConfigEntry } from "../analyzer/protocol";

/** The profile of the organisation's baseline (config/org-baseline.json): what a stack gets when nothing names one. */
export const BASELINE_PROFILE = "org-baseline";

const LEVELS: ReadonlySet<string> = new Set(["advisory", "mandatory", "remediate", "disabled"]);

export class PolicyConfigError extends GateInputError {}

export type ReconciledConfig = Record<
  string,
  { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
>;

function extractLevel(policy: string, value: unknown): EnforcementLevel | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !LEVELS.has(value)) {
    throw new PolicyConfigError(
      `parsing enforcement level for "${policy}": ${JSON.stringify(value)} is not a valid enforcement level; use advisory, mandatory, remediate or disabled`,
    );
  }
  return value as EnforcementLevel;
}

/** Parses a policy-config document (`{"all": level, "<policy>": level | {enforcementLevel, ...props}}`). */
export function parsePolicyConfigDocument(document: unknown): Record<string, PolicyConfigEntry> {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new PolicyConfigError('the policy config must be a JSON object keyed by policy name (or "all")');
  }
  const result: Record<string, PolicyConfigEntry> = {};
  for (const [policy, value] of Object.entries(document as Record<string, unknown>)) {
    if (typeof value === "string") {
      result[policy] = { enforcementLevel: extractLevel(policy, value) };
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      const entry: PolicyConfigEntry = { enforcementLevel: extractLevel(policy, enforcementLevel) };
      if (Object.keys(properties).length > 0) entry.properties = properties;
      if (entry.enforcementLevel || entry.properties) result[policy] = entry;
    } else {
      throw new PolicyConfigError(
        `parsing "${policy}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
      );
    }
  }
  return result;
}

function applyLayer(result: ReconciledConfig, layer: Record<string, PolicyConfigEntry>): void {
  const all = layer.all?.enforcementLevel;
  if (all) for (const key of Object.keys(result)) result[key] = { ...result[key], enforcementLevel: all };
  for (const [policy, given] of Object.entries(layer)) {
    const current = result[policy] ?? { enforcementLevel: "advisory" as EnforcementLevel, properties: {} };
    result[policy] = {
      enforcementLevel: given.enforcementLevel ?? current.enforcementLevel,
      properties: { ...current.properties, ...(given.properties ?? {}) },
    };
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Compiling a schema costs far more than validating with it; a pack's schemas are the same every run. */
function compiled(schema: Record<string, unknown>) {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

export interface Reconciliation {
  config: ReconciledConfig;
  /** Config keys that name no policy of the pack (the engine ignores them; the gate warns). */
  unknownPolicies: string[];
}

export function reconcilePolicyConfig(
  pack: PackInfo,
  file: Record<string, PolicyConfigEntry> | undefined,
): Reconciliation {
  const result: ReconciledConfig = {};
  for (const policy of pack.policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (schema && typeof schema === "object" && "default" in schema)
        properties[key] = (schema as { default: unknown }).default;
    }
    result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  applyLayer(result, pack.initialConfig);
  if (file) applyLayer(result, file);

  const known = new Set(pack.policies.map((p) => p.name));
  const unknownPolicies = Object.keys(file ?? {}).filter((key) => key !== "all" && !known.has(key));
  for (const key of [...Object.keys(result)]) if (!known.has(key)) delete result[key];

  const errors: string[] = [];
  for (const policy of pack.policies) {
    if (!policy.configSchema) continue;
    const schema: Record<string, unknown> = { type: "object" };
    if (Object.keys(policy.configSchema.properties).length > 0)
      schema.properties = policy.configSchema.properties;
    if (policy.configSchema.required.length > 0) schema.required = policy.configSchema.required;
    let validate;
    try {
      validate = compiled(schema);
    } catch (error) {
      throw new PolicyConfigError(
        `${policy.name}: the pack's config schema is invalid: ${(error as Error).message}`,
      );
    }
    if (!validate(result[policy.name].properties)) {
      for (const e of validate.errors ?? [])
        errors.push(`${policy.name}: ${e.instancePath || "(root)"} ${e.message}`);
    }
  }
  if (errors.length > 0) {
    throw new PolicyConfigError(
      `validating policy config: ${pack.name} ${pack.version}: ${errors.join("; ")}`,
    );
  }
  return { config: result, unknownPolicies };
}
