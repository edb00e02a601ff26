/**
 * Audit input: a `pulumi stack export` file (deployment version 3+) turned into what the engine
 * would hand analyzers for those resources. Secrets that were exported encrypted cannot be read
 * offline: they reach policies as unknown values, so checks that need them are reported unverified.
 */
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
import { emptyOptions } from "./view";

export class ExportError extends GateInputError {}

interface ExportedResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  protect?: boolean;
  delete?: boolean;
  additionalSecretOutputs?: string[];
  aliases?: string[];
}

export interface StackExport {
  project: string;
  stack: string;
  resources: EngineResource[];
  /** How many secret values were encrypted and therefore unknown to the policies. */
  encryptedSecrets: number;
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

export function parseStackExport(document: unknown): StackExport {
  if (document === null || typeof document !== "object")
    throw new ExportError("the export is not a JSON object; pass the output of `pulumi stack export`");
  const root = document as { version?: unknown; deployment?: { resources?: unknown } };
  if (typeof root.version !== "number")
    throw new ExportError("the export has no version; pass the output of `pulumi stack export`");
  if (root.version < 3)
    throw new ExportError(
      `export version ${root.version} is not supported; export again with a current Pulumi CLI (version 3 or later)`,
    );
  const list = root.deployment?.resources;
  if (list !== undefined && !Array.isArray(list))
    throw new ExportError("deployment.resources is not a list; the export is damaged");
  const exported = ((list ?? []) as ExportedResource[]).filter(
    (r) => r && typeof r.urn === "string" && typeof r.type === "string" && !r.delete,
  );
  if (exported.length === 0) throw new ExportError("the export has no resources to audit");
  for (const r of exported) {
    const deep = tooDeepAt(r.inputs) ?? tooDeepAt(r.outputs);
    if (deep !== undefined)
      throw new ExportError(
        `${r.urn} has a value nested more than ${MAX_VALUE_DEPTH} levels deep at ${deep}; the gate reads values up to ${MAX_VALUE_DEPTH} levels deep`,
      );
  }
  const { sigKey, secret, unknown } = wire();

  let encryptedSecrets = 0;
  const decode = (value: unknown): JsonValue => {
    if (value === null || typeof value !== "object") return value as JsonValue;
    if (Array.isArray(value)) return value.map(decode);
    const object = value as Record<string, unknown>;
    if (object[sigKey] === secret) {
      if ("plaintext" in object && typeof object.plaintext === "string") {
        let plain: unknown;
        try {
          plain = JSON.parse(object.plaintext);
        } catch {
          plain = object.plaintext;
        }
        // A secret's plaintext is JSON of its own, not seen by the check of the whole resource above.
        if (tooDeepAt(plain) !== undefined)
          throw new ExportError(
            `a secret's plaintext in the export nests values more than ${MAX_VALUE_DEPTH} levels deep; the gate reads values up to ${MAX_VALUE_DEPTH} levels deep`,
          );
        return { [sigKey]: secret, value: decode(plain) };
      }
      if ("value" in object) return { [sigKey]: secret, value: decode(object.value) };
      encryptedSecrets++;
      return { [sigKey]: secret, value: unknown };
    }
    const result: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(object)) if (!key.startsWith("__")) result[key] = decode(child);
    return result;
  };

  const byUrn = new Map(exported.map((r) => [r.urn, r]));
  const providerOf = (r: ExportedResource): EngineProvider | undefined => {
    if (!r.provider) return undefined;
    const cut = r.provider.lastIndexOf("::");
    const provider = byUrn.get(cut > 0 ? r.provider.slice(0, cut) : r.provider);
    if (!provider) return undefined;
    return {
      urn: provider.urn,
      type: provider.type,
      name: nameOf(provider.urn),
      properties: decode(provider.inputs ?? {}) as PropertyMap,
    };
  };

  const resources = exported.map<EngineResource>((r) => ({
    urn: r.urn,
    type: r.type,
    name: nameOf(r.urn),
    properties: decode(r.inputs ?? {}) as PropertyMap,
    outputs: decode({ ...(r.outputs ?? {}), ...(r.id ? { id: r.id } : {}) }) as PropertyMap,
    custom: Boolean(r.custom),
    parent: r.parent,
    dependencies: r.dependencies ?? [],
    propertyDependencies: r.propertyDependencies ?? {},
    provider: providerOf(r),
    options: {
      ...emptyOptions(),
      protect: Boolean(r.protect),
      additionalSecretOutputs: r.additionalSecretOutputs ?? [],
      aliases: r.aliases ?? [],
      parent: r.parent,
    },
  }));
  const [, stack = "", project = ""] = /^urn:pulumi:(.*?)::(.*?)::/.exec(exported[0].urn) ?? [];
  return { project, stack, resources, encryptedSecrets };
}
