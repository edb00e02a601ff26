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

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
