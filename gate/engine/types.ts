/** What the engine hands an analyzer for one resource: the gate's central data type. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type PropertyMap = Record<string, JsonValue>;

export interface SourcePosition {
  file: string;
  line: number;
  column?: number;
}

export interface EngineProvider {
  urn: string;
  type: string;
  name: string;
  properties: PropertyMap;
}

export interface EngineResourceOptions {
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace?: boolean;
  aliases: string[];
  additionalSecretOutputs: string[];
  customTimeouts: { create: number; update: number; delete: number };
  parent?: string;
}

export interface EngineResource {
  urn: string;
  type: string;
  name: string;
  /** Inputs (Analyze) or outputs (AnalyzeStack), with unknown sentinels and secret envelopes in place. */
  properties: PropertyMap;
  /** Deploy mode: the resource's outputs, which AnalyzeStack sees (preview: inputs plus unknowns). */
  outputs?: PropertyMap;
  custom: boolean;
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider?: EngineProvider;
  options: EngineResourceOptions;
  /** Where the program registered the resource, when known (not part of the protocol). */
  source?: SourcePosition;
  /** Registered with `remote: true` (a multi-language component); not part of the protocol. */
  remote?: boolean;
}

export interface StackContext {
  project: string;
  stack: string;
  organization: string;
  dryRun: boolean;
  /** Stack config as the engine passes it to ConfigureStack (`<ns>:<key>` → JSON-encoded or plain string). */
  config: Record<string, string>;
  configSecretKeys: string[];
  tags: Record<string, string>;
}

/**
 * How deep a property value may nest. The SDK's serializer and protobuf's encoder recurse and run out
 * of stack near 1,000 levels; the gate's readers stop well before that with a clear error.
 */
export const MAX_VALUE_DEPTH = 256;

/**
 * The path to the first place where `value` nests deeper than MAX_VALUE_DEPTH, or undefined.
 * Iterative, so it cannot itself run out of stack; a value that refers to itself counts as too deep.
 */
export function tooDeepAt(value: unknown): string | undefined {
  const pending: Array<[unknown, number, string[]]> = [[value, 0, []]];
  while (pending.length > 0) {
    const [current, depth, path] = pending.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= MAX_VALUE_DEPTH) {
      const shown = path.slice(0, 4).join(".");
      return path.length > 4 ? `${shown}... (${path.length} levels)` : shown;
    }
    for (const [key, child] of Object.entries(current)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1, [...path, key]]);
    }
  }
  return undefined;
}

/** The wire signatures the Pulumi SDK exports (`@pulumi/pulumi/runtime/rpc`), imported rather than copied. */
export interface WireSignatures {
  /** An output not known at preview, whatever its type. */
  unknown: string;
  /** The key that marks a special object (a secret, a resource reference, an asset). */
  sigKey: string;
  secret: string;
  resourceReference: string;
}

let signatures: WireSignatures | undefined;

/**
 * The SDK's wire signatures. Its rpc module loads most of the SDK (about 0.2 s), which the gate's
 * process otherwise never needs: it is loaded on first use, once the program and the pack are running.
 */
export function wire(): WireSignatures {
  if (!signatures) {
    const rpc: typeof import("@pulumi/pulumi/runtime/rpc") = require("@pulumi/pulumi/runtime/rpc");
    signatures = {
      unknown: rpc.unknownValue,
      sigKey: rpc.specialSigKey,
      secret: rpc.specialSecretSig,
      resourceReference: rpc.specialResourceSig,
    };
  }
  return signatures;
}
