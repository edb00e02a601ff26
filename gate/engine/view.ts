/**
 * The engine view, pure: from raw registrations to exactly what the engine hands analyzers.
 * Engine URNs (parent-qualified types), resource references collapsed to ids (custom) or URNs
 * (components), `__` keys dropped, default providers synthesised from stack config.
 */
import type { Registration } from "../capture/registration";
import { GateInputError } from "../errors";
import {
  EngineProvider,
  EngineResource,
  JsonValue,
  MAX_VALUE_DEPTH,
  PropertyMap,
  tooDeepAt,
  wire,
} from "./types";

export interface ViewContext {
  project: string;
  stack: string;
  /** Stack config (`<ns>:<key>` → string) — default providers take their `<pkg>:*` keys. */
  config: Record<string, string>;
  preview: boolean;
}

export function engineUrn(context: ViewContext, qualifiedType: string, name: string): string {
  return `urn:pulumi:${context.stack}::${context.project}::${qualifiedType}::${name}`;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Parses a duration the SDK sends ("5m", "1h30m", "45s") into seconds, as the engine does. */
export function durationSeconds(text: string): number {
  if (!text) return 0;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g)) {
    total += Number(amount) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as Record<string, number>)[unit];
  }
  return total;
}

function defaultProviderName(version: string): string {
  return version ? `default_${version.replace(/[.\-+]/g, "_")}` : "default";
}

export function buildEngineView(
  registrations: readonly Registration[],
  context: ViewContext,
): EngineResource[] {
  const byMockUrn = new Map<string, Registration>();
  const qualified = new Map<string, string>(); // mock URN → qualified type
  const urnOf = new Map<string, string>(); // mock URN → engine URN
  for (const r of registrations) {
    byMockUrn.set(r.mockUrn, r);
    const parent = r.parent ? byMockUrn.get(r.parent) : undefined;
    const parentQualified = parent && parent.type !== STACK_TYPE ? qualified.get(parent.mockUrn) : undefined;
    const qualifiedType = parentQualified ? `${parentQualified}$${r.type}` : r.type;
    qualified.set(r.mockUrn, qualifiedType);
    urnOf.set(r.mockUrn, engineUrn(context, qualifiedType, r.name));
  }
  const mapUrn = (urn: string) => urnOf.get(urn) ?? urn;
  const { sigKey, resourceReference, unknown } = wire();

  const collapse = (value: unknown): JsonValue | undefined => {
    if (value === null || typeof value !== "object") return value as JsonValue;
    if (Array.isArray(value)) return value.map((v) => collapse(v) ?? null);
    const object = value as Record<string, unknown>;
    if (object[sigKey] === resourceReference) {
      const target = byMockUrn.get(String(object.urn));
      if (target && !target.custom) return mapUrn(target.mockUrn);
      const id = object.id;
      return typeof id === "string" && id !== ""
        ? id
        : context.preview
          ? unknown
          : mapUrn(String(object.urn));
    }
    const result: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(object)) {
      if (key.startsWith("__")) continue; // the engine marshals with SkipInternalKeys
      const collapsed = collapse(child);
      if (collapsed !== undefined) result[key] = collapsed;
    }
    return result;
  };
  const properties = (map: Record<string, unknown>) => collapse(map) as PropertyMap;

  const resources: EngineResource[] = [];
  const defaultProviders = new Map<string, EngineResource>();
  const explicitProviders = new Map<string, EngineProvider>();

  const providerFor = (r: Registration): EngineProvider | undefined => {
    if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type === STACK_TYPE) return undefined;
    if (r.provider) {
      const cut = r.provider.lastIndexOf("::");
      const providerUrn = mapUrn(cut > 0 ? r.provider.slice(0, cut) : r.provider);
      return explicitProviders.get(providerUrn);
    }
    const pkg = r.type.split(":")[0];
    const name = defaultProviderName(r.version);
    const urn = engineUrn(context, `pulumi:providers:${pkg}`, name);
    let provider = defaultProviders.get(urn);
    if (!provider) {
      const props: PropertyMap = {};
      for (const [key, value] of Object.entries(context.config)) {
        if (key.startsWith(`${pkg}:`)) props[key.slice(pkg.length + 1)] = value;
      }
      if (r.version) props.version = r.version;
      provider = {
        urn,
        type: `pulumi:providers:${pkg}`,
        name,
        properties: props,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: emptyOptions(),
      };
      defaultProviders.set(urn, provider);
      resources.push(provider); // registered just before its first user, as the engine does
    }
    return { urn: provider.urn, type: provider.type, name: provider.name, properties: provider.properties };
  };

  for (const r of registrations) {
    const deep = tooDeepAt(r.inputs) ?? tooDeepAt(r.outputs);
    if (deep !== undefined)
      throw new GateInputError(
        `resource ${r.name} (${r.type}) has a value nested more than ${MAX_VALUE_DEPTH} levels deep at ${deep}; the gate reads values up to ${MAX_VALUE_DEPTH} levels deep: flatten it or pass it JSON-encoded`,
      );
    const urn = mapUrn(r.mockUrn);
    const provider = providerFor(r);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, urns] of Object.entries(r.propertyDependencies))
      propertyDependencies[key] = urns.map(mapUrn);
    const resource: EngineResource = {
      urn,
      type: r.type,
      name: r.name,
      properties: properties(r.inputs),
      outputs: context.preview ? undefined : properties({ ...r.outputs, id: r.id }),
      custom: r.custom,
      parent: r.parent ? mapUrn(r.parent) : undefined,
      dependencies: r.dependencies.map(mapUrn),
      propertyDependencies,
      provider,
      options: {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        deleteBeforeReplace: r.deleteBeforeReplace,
        aliases: r.aliases,
        additionalSecretOutputs: r.additionalSecretOutputs,
        customTimeouts: {
          create: durationSeconds(r.customTimeouts.create),
          update: durationSeconds(r.customTimeouts.update),
          delete: durationSeconds(r.customTimeouts.delete),
        },
        parent: r.parent ? mapUrn(r.parent) : undefined,
      },
      source: r.source
        ? { file: fileOf(r.source.uri), line: r.source.line, column: r.source.column }
        : undefined,
      ...(r.remote ? { remote: true } : {}),
    };
    if (r.type.startsWith("pulumi:providers:")) {
      explicitProviders.set(urn, { urn, type: r.type, name: r.name, properties: resource.properties });
    }
    resources.push(resource);
  }
  return resources;
}

function fileOf(uri: string): string {
  return uri.startsWith("file://") ? decodeURIComponent(uri.slice("file://".length)) : uri;
}

export function emptyOptions(): EngineResource["options"] {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { create: 0, update: 0, delete: 0 },
  };
}
