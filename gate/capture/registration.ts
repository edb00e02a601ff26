/** A resource registration exactly as the program sent it to the (mock) resource monitor. */
export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  remote: boolean;
  /** URN the mock monitor assigned (the engine view recomputes the engine's own). */
  mockUrn: string;
  /** Parent's mock URN; empty for the root stack resource. */
  parent: string;
  /** Serialized inputs: unknown sentinels, secret envelopes and resource references in place. */
  inputs: Record<string, unknown>;
  /** The state the mock answered with (deploy mode: inputs plus computed outputs). */
  outputs: Record<string, unknown>;
  id: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Explicit provider reference `<urn>::<id>`, empty for the default provider. */
  provider: string;
  /** Package version the resource's SDK asked for (names the default provider). */
  version: string;
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts: { create: string; update: string; delete: string };
  source?: { uri: string; line: number; column: number };
}

export interface CaptureRequest {
  projectDir: string;
  entry: string;
  typescript: boolean;
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  config: Record<string, string>;
  secretKeys: string[];
}

export type CaptureReply =
  | { ok: true; registrations: Registration[]; millis: number }
  | { ok: false; kind: "program" | "datasource" | "setup"; message: string };
