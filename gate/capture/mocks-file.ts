/**
 * The `--mocks FILE` document (YAML or JSON): the user's answers for what the gate cannot know
 * offline. Stack reference outputs by stack name, invoke results by token (optionally matched on
 * the call's arguments), and outputs per resource type at deploy. Also the ready-to-paste snippet
 * the gate prints when a run leaves data sources or stack references unanswered.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import { ProjectError } from "./project";

export interface InvokeAnswer {
  /** Matches when every key given here equals the call's argument (deeply); absent matches any call. */
  args?: Record<string, unknown>;
  result: Record<string, unknown>;
}

export interface MocksFile {
  stackReferences?: Record<string, { outputs: Record<string, unknown>; secretOutputNames?: string[] }>;
  invokes?: Record<string, InvokeAnswer[]>;
  resources?: Record<string, { outputs: Record<string, unknown> }>;
}

/** What a run asked for and nobody answered; collected over the whole run, reported at once. */
export interface Unanswered {
  invokes: Array<{ token: string; args: Record<string, unknown> }>;
  stackReferences: Array<{ stack: string; outputs: string[] }>;
}

const object = { type: "object" };
export const MOCKS_FILE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    stackReferences: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["outputs"],
        properties: { outputs: object, secretOutputNames: { type: "array", items: { type: "string" } } },
      },
    },
    invokes: {
      type: "object",
      propertyNames: { pattern: "^[^:]+:[^:]*:[^:]+$" },
      additionalProperties: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["result"],
          properties: { args: object, result: object },
        },
      },
    },
    resources: {
      type: "object",
      propertyNames: { pattern: "^[^:]+:[^:]*:[^:]+$" },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["outputs"],
        properties: { outputs: object },
      },
    },
  },
} as const;

// Compiled on first use: the capture worker loads this module only to match answers.
let validator: import("ajv").ValidateFunction | undefined;
function validate(document: unknown): boolean {
  if (!validator) {
    const Ajv: typeof import("ajv").default = require("ajv").default;
    validator = new Ajv({ allErrors: false, strict: true }).compile(MOCKS_FILE_SCHEMA);
  }
  return validator(document);
}

export function loadMocksFile(file: string): MocksFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ProjectError(`the mocks file ${file} does not exist or cannot be read; fix --mocks`);
  }
  let document: unknown;
  try {
    document = yaml.load(text, { filename: file });
  } catch (error) {
    throw new ProjectError(
      `the mocks file ${file} is not valid YAML or JSON (${(error as Error).message.split("\n")[0]}); fix the file`,
    );
  }
  if (document === undefined || document === null) return {};
  if (!validate(document)) {
    const error = validator!.errors![0];
    const where = error.instancePath
      ? error.instancePath.replace(/~1/g, "/").replace(/~0/g, "~")
      : "the top level";
    const key = (error as { propertyName?: string }).propertyName;
    const what =
      key !== undefined
        ? `has a key "${key}" that is not a type token like aws:ec2/getVpc:getVpc`
        : error.keyword === "additionalProperties"
          ? `has an unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`
          : error.message;
    throw new ProjectError(`the mocks file ${file}: ${where} ${what}; see "The mocks file" in docs/gate.md`);
  }
  return document as MocksFile;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/** The user's answer to one invoke: the first entry whose `args` all equal the call's. */
export function answerInvoke(
  mocks: MocksFile,
  token: string,
  args: Record<string, unknown>,
): Record<string, unknown> | undefined {
  return mocks.invokes?.[token]?.find(
    (entry) => !entry.args || Object.entries(entry.args).every(([key, value]) => deepEqual(args[key], value)),
  )?.result;
}

/** The fields a result needs, for the data sources whose answer is one value the program reads. */
const RESULT_HINTS: Record<string, Record<string, string>> = {
  "aws:ssm/getParameter:getParameter": { value: "TODO" },
  "aws:secretsmanager/getSecretVersion:getSecretVersion": { secretString: "TODO" },
  "aws:ec2/getVpc:getVpc": { id: "TODO", cidrBlock: "TODO" },
  "aws:ec2/getSubnets:getSubnets": { ids: "TODO" },
};

/** A `--mocks` document answering everything in `unanswered`, with TODO where a value is needed. */
export function mocksSnippet(unanswered: Unanswered): string {
  const document: MocksFile = {};
  if (unanswered.stackReferences.length > 0) {
    document.stackReferences = Object.fromEntries(
      unanswered.stackReferences.map((ref) => [
        ref.stack,
        { outputs: Object.fromEntries(ref.outputs.map((output) => [output, "TODO"])) },
      ]),
    );
  }
  if (unanswered.invokes.length > 0) {
    document.invokes = {};
    for (const call of unanswered.invokes) {
      const args = canonical(call.args) as Record<string, unknown>;
      (document.invokes[call.token] ??= []).push({
        ...(Object.keys(args).length > 0 ? { args } : {}),
        result: { ...(RESULT_HINTS[call.token] ?? { TODO: "the fields the program reads" }) },
      });
    }
  }
  return yaml.dump(document, { lineWidth: 120, noRefs: true, flowLevel: 4 });
}

/** One line naming everything unanswered, for the exit-2 message. */
export function describeUnanswered(unanswered: Unanswered): string {
  const parts = [
    ...unanswered.stackReferences.map(
      (ref) =>
        `stack reference ${ref.stack}${ref.outputs.length > 0 ? ` (outputs ${ref.outputs.join(", ")})` : ""}`,
    ),
    ...unanswered.invokes.map((call) => `data source ${call.token}${argsSummary(call.args)}`),
  ];
  return parts.join("; ");
}

function argsSummary(args: Record<string, unknown>): string {
  const text = JSON.stringify(canonical(args));
  return text === "{}" ? "" : ` ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`;
}
