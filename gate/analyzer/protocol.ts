/**
 * The engine side of the Analyzer protocol as pure conversions between the gate's plain data and
 * the protobuf messages of `@pulumi/pulumi/proto` (the stubs the engine's own protocol is generated from).
 */
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { EngineProvider, EngineResource, PropertyMap, StackContext } from "../engine/types";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "unspecified" | "low" | "medium" | "high" | "critical";

const { EnforcementLevel: LevelCode, PolicySeverity, PolicyType } = analyzerProto;

const LEVEL_CODES: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
  advisory: LevelCode.ADVISORY,
  mandatory: LevelCode.MANDATORY,
  disabled: LevelCode.DISABLED,
  remediate: LevelCode.REMEDIATE,
};
const LEVELS = new Map(Object.entries(LEVEL_CODES).map(([name, code]) => [code, name as EnforcementLevel]));
const SEVERITIES = new Map<number, Severity>([
  [PolicySeverity.POLICY_SEVERITY_UNSPECIFIED, "unspecified"],
  [PolicySeverity.POLICY_SEVERITY_LOW, "low"],
  [PolicySeverity.POLICY_SEVERITY_MEDIUM, "medium"],
  [PolicySeverity.POLICY_SEVERITY_HIGH, "high"],
  [PolicySeverity.POLICY_SEVERITY_CRITICAL, "critical"],
]);

export interface PolicyInfo {
  name: string;
  displayName: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  kind: "resource" | "stack" | "unspecified";
  severity: Severity;
  tags: string[];
  remediationSteps: string;
  url: string;
  configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface PolicyConfigEntry {
  enforcementLevel?: EnforcementLevel;
  properties?: Record<string, unknown>;
}

export interface PackInfo {
  name: string;
  displayName: string;
  version: string;
  supportsConfig: boolean;
  policies: PolicyInfo[];
  initialConfig: Record<string, PolicyConfigEntry>;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  /** Empty for resource policies: the engine attributes it to the analysed resource. */
  urn: string;
  severity: Severity;
}

export interface NotApplicable {
  policyName: string;
  reason: string;
}

export interface AnalyzeResult {
  diagnostics: Diagnostic[];
  notApplicable: NotApplicable[];
}

export interface Remediation {
  policyName: string;
  description: string;
  properties?: PropertyMap;
  diagnostic: string;
}

export interface RemediateResult {
  remediations: Remediation[];
  notApplicable: NotApplicable[];
}

export function levelCode(level: EnforcementLevel): analyzerProto.EnforcementLevel {
  return LEVEL_CODES[level];
}

export function levelName(code: number): EnforcementLevel {
  const level = LEVELS.get(code);
  if (!level) throw new Error(`the policy pack sent an unknown enforcement level ${code}`);
  return level;
}

/**
 * Structs already built in one analysis, by the property map they encode: a resource's inputs go
 * out in Analyze and again in AnalyzeStack, and one provider's properties with every resource.
 * Engine resources are not changed once built, so the map is the identity of the encoding.
 */
export type StructCache = WeakMap<object, Struct>;

function struct(properties: PropertyMap | Record<string, unknown>, cache?: StructCache): Struct {
  let built = cache?.get(properties);
  if (!built) {
    built = Struct.fromJavaScript(properties as Record<string, any>);
    cache?.set(properties, built);
  }
  return built;
}

function resourceOptions(resource: EngineResource): analyzerProto.AnalyzerResourceOptions {
  const o = resource.options;
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setProtect(o.protect);
  options.setIgnorechangesList(o.ignoreChanges);
  if (o.deleteBeforeReplace !== undefined) {
    options.setDeletebeforereplacedefined(true);
    options.setDeletebeforereplace(o.deleteBeforeReplace);
  }
  options.setAliasesList(o.aliases);
  options.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
  const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(o.customTimeouts.create);
  timeouts.setUpdate(o.customTimeouts.update);
  timeouts.setDelete(o.customTimeouts.delete);
  // The SDK refuses a request without options ("a more recent version of the Pulumi CLI is required").
  options.setCustomtimeouts(timeouts);
  if (o.parent) options.setParent(o.parent);
  return options;
}

function providerResource(
  provider: EngineProvider,
  cache?: StructCache,
): analyzerProto.AnalyzerProviderResource {
  const message = new analyzerProto.AnalyzerProviderResource();
  message.setType(provider.type);
  message.setUrn(provider.urn);
  message.setName(provider.name);
  message.setProperties(struct(provider.properties, cache));
  return message;
}

export function toAnalyzeRequest(
  resource: EngineResource,
  cache?: StructCache,
): analyzerProto.AnalyzeRequest {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(resource.type);
  request.setUrn(resource.urn);
  request.setName(resource.name);
  request.setProperties(struct(resource.properties, cache));
  request.setOptions(resourceOptions(resource));
  if (resource.provider) request.setProvider(providerResource(resource.provider, cache));
  return request;
}

export function toAnalyzerResource(
  resource: EngineResource,
  cache?: StructCache,
): analyzerProto.AnalyzerResource {
  const message = new analyzerProto.AnalyzerResource();
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(struct(resource.properties, cache));
  message.setOptions(resourceOptions(resource));
  if (resource.provider) message.setProvider(providerResource(resource.provider, cache));
  if (resource.parent) message.setParent(resource.parent);
  message.setDependenciesList(resource.dependencies);
  const propertyDependencies = message.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
    const deps = new analyzerProto.AnalyzerPropertyDependencies();
    deps.setUrnsList(urns);
    propertyDependencies.set(key, deps);
  }
  return message;
}

export function toAnalyzeStackRequest(
  resources: readonly EngineResource[],
  cache?: StructCache,
): analyzerProto.AnalyzeStackRequest {
  const request = new analyzerProto.AnalyzeStackRequest();
  request.setResourcesList(resources.map((resource) => toAnalyzerResource(resource, cache)));
  return request;
}

export function toStackConfigureRequest(context: StackContext): analyzerProto.AnalyzerStackConfigureRequest {
  const request = new analyzerProto.AnalyzerStackConfigureRequest();
  request.setStack(context.stack);
  request.setProject(context.project);
  request.setOrganization(context.organization);
  request.setDryRun(context.dryRun);
  request.setConfigSecretKeysList(context.configSecretKeys);
  const config = request.getConfigMap();
  for (const [key, value] of Object.entries(context.config)) config.set(key, value);
  const tags = request.getTagsMap();
  for (const [key, value] of Object.entries(context.tags)) tags.set(key, value);
  return request;
}

/** One entry per policy, each always with a properties Struct (the Node SDK crashes on a missing one). */
export function toConfigureRequest(
  config: Record<string, Required<PolicyConfigEntry>>,
): analyzerProto.ConfigureAnalyzerRequest {
  const request = new analyzerProto.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [policy, entry] of Object.entries(config)) {
    const policyConfig = new analyzerProto.PolicyConfig();
    policyConfig.setEnforcementlevel(levelCode(entry.enforcementLevel));
    policyConfig.setProperties(struct(entry.properties));
    map.set(policy, policyConfig);
  }
  return request;
}

export function fromAnalyzerInfo(info: analyzerProto.AnalyzerInfo): PackInfo {
  const initialConfig: Record<string, PolicyConfigEntry> = {};
  info.getInitialconfigMap().forEach((value, key) => {
    const entry: PolicyConfigEntry = { enforcementLevel: levelName(value.getEnforcementlevel()) };
    const properties = value.getProperties();
    if (properties) entry.properties = properties.toJavaScript();
    initialConfig[key] = entry;
  });
  return {
    name: info.getName(),
    displayName: info.getDisplayname(),
    version: info.getVersion(),
    supportsConfig: info.getSupportsconfig(),
    initialConfig,
    policies: info.getPoliciesList().map((policy) => {
      const schema = policy.getConfigschema();
      const kind = policy.getPolicyType();
      return {
        name: policy.getName(),
        displayName: policy.getDisplayname(),
        description: policy.getDescription(),
        enforcementLevel: levelName(policy.getEnforcementlevel()),
        kind:
          kind === PolicyType.POLICY_TYPE_RESOURCE
            ? "resource"
            : kind === PolicyType.POLICY_TYPE_STACK
              ? "stack"
              : "unspecified",
        severity: SEVERITIES.get(policy.getSeverity()) ?? "unspecified",
        tags: policy.getTagsList(),
        remediationSteps: policy.getRemediationSteps(),
        url: policy.getUrl(),
        configSchema: schema
          ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() }
          : undefined,
      };
    }),
  };
}

function notApplicable(list: analyzerProto.PolicyNotApplicable[]): NotApplicable[] {
  return list.map((item) => ({ policyName: item.getPolicyName(), reason: item.getReason() }));
}

export function fromAnalyzeResponse(response: analyzerProto.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: levelName(d.getEnforcementlevel()),
      urn: d.getUrn(),
      severity: SEVERITIES.get(d.getSeverity()) ?? "unspecified",
    })),
    notApplicable: notApplicable(response.getNotApplicableList()),
  };
}

export function fromRemediateResponse(response: analyzerProto.RemediateResponse): RemediateResult {
  return {
    remediations: response.getRemediationsList().map((r) => ({
      policyName: r.getPolicyname(),
      description: r.getDescription(),
      properties: r.getProperties()?.toJavaScript() as PropertyMap | undefined,
      diagnostic: r.getDiagnostic(),
    })),
    notApplicable: notApplicable(response.getNotApplicableList()),
  };
}
