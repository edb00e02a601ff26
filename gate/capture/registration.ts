/** A resource registration exactly as the program sent it to the (mock) resource monitor. */
import type { MocksFile, Unanswered } from "./mocks-file";

export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  /** A multi-language component: its provider plugin builds its children, which mocks never see. */
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

/** How the program is loaded, as the Node language host decides it. */
export interface ProgramLoading {
  /** Absolute path of the entry file. */
  entry: string;
  /** `"type": "module"` in the program's package.json: the entry is imported as ES module. */
  esm: boolean;
  /** Pulumi.yaml runtime.options.typescript (default true): .ts files are compiled on load. */
  typescript: boolean;
  /** The tsconfig.json whose `paths` resolve the program's imports, if any. */
  tsconfig?: string;
}

export interface CaptureRequest extends ProgramLoading {
  projectDir: string;
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  config: Record<string, string>;
  secretKeys: string[];
  /** The user's --mocks answers. */
  mocks?: MocksFile;
}

export type CaptureReply =
  | { ok: true; registrations: Registration[]; millis: number }
  | { ok: false; kind: "unanswered"; unanswered: Unanswered; errors: string[] }
  | { ok: false; kind: "program" | "setup"; message: string; errors: string[] };
