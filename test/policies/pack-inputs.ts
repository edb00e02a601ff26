/**
 * Inputs for the pack-wide tests (hostile inputs, secret canaries): every resource type token the
 * pack routes, and the property names its rules read, taken from the rules' own sources so that
 * policies added later are covered without editing these tests.
 */
import * as fs from "fs";
import * as path from "path";
import { TYPES } from "../../policies/lib/types";
import { policies } from "../../policies/pack";
import { ResourceSpec, secret, UNKNOWN } from "../helpers/pack";

export const ALL_TYPE_TOKENS: readonly string[] = [
  ...new Set(Object.values(TYPES).flat() as string[]),
].sort();

/** A few tokens no group names, so that rules applying to every type (`appliesTo: "*"`) see them too. */
export const EXTRA_TYPE_TOKENS: readonly string[] = [
  "aws:lambda/function:Function",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
  "aws:ec2/instance:Instance",
  "pulumi:providers:aws",
];

const RULES_DIR = path.resolve(__dirname, "../../policies/rules");
const LIB_DIR = path.resolve(__dirname, "../../policies/lib");

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function sourcesUnder(dir: string): string[] {
  return filesUnder(dir).map((file) => fs.readFileSync(file, "utf8"));
}

/**
 * The sources of the given files and of the AWS-concept modules they import, transitively (the
 * modules in folders under policies/lib, such as lib/aws/rds-database.ts): what an area reads
 * through them is read by the area. The generic mechanics directly in policies/lib are not followed.
 */
function sourcesWithConcepts(files: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of fs.readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
      const target = `${path.resolve(path.dirname(file), match[1])}.ts`;
      if (path.dirname(path.dirname(target)) === LIB_DIR && fs.existsSync(target)) visit(target);
    }
  };
  files.forEach(visit);
  return [...seen].map((file) => fs.readFileSync(file, "utf8"));
}

/**
 * Property names a source reads: member accesses that are not method calls (`props.x`, `?.x`) and
 * short quoted identifiers. `__`-prefixed names are left out: the engine drops such keys before a
 * pack sees them (SkipInternalKeys).
 */
/** Words the sources quote that are not property names: policy names, config keys, type groups, schema words. */
const NOT_PROPERTIES = new Set<string>([
  ...policies.map((policy) => policy.name),
  ...policies.flatMap((policy) => Object.keys((policy.configSchema?.properties ?? {}) as object)),
  ...Object.keys(TYPES),
  ...[
    "array",
    "boolean",
    "integer",
    "number",
    "object",
    "string",
    "default",
    "description",
    "items",
    "type",
    "length",
    "raw",
    "props",
    "config",
  ],
]);

function keysIn(sources: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/(?:\?\.|\.)([A-Za-z_][A-Za-z0-9_]{1,40})\b(?!\s*[(<])/g))
      keys.add(match[1]);
    for (const match of source.matchAll(/["'`]([A-Za-z_][A-Za-z0-9_:-]{1,48})["'`]/g)) keys.add(match[1]);
  }
  return [...keys].filter((key) => !key.startsWith("__") && !NOT_PROPERTIES.has(key)).sort();
}

const ruleSources = sourcesUnder(RULES_DIR);

/** Every property name any rule (or the framework) reads. */
export const RULE_PROPERTY_KEYS: readonly string[] = keysIn([...ruleSources, ...sourcesUnder(LIB_DIR)]);

/**
 * The property names read by the policy areas that route a type token: an area routes a token when
 * one of its files names the token's TYPES group (`tokensOf("taskDefinition")`, `ofType(...)`).
 * Tokens no area names get every rule's names.
 */
export const KEYS_BY_TYPE: ReadonlyMap<string, readonly string[]> = (() => {
  const areas = fs
    .readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => sourcesWithConcepts(filesUnder(path.join(RULES_DIR, entry.name))));
  const byType = new Map<string, Set<string>>();
  for (const sources of areas) {
    const text = sources.join("\n");
    const keys = keysIn(sources);
    for (const [group, tokens] of Object.entries(TYPES)) {
      if (!text.includes(`"${group}"`)) continue;
      for (const token of tokens) {
        const set = byType.get(token) ?? new Set<string>();
        keys.forEach((key) => set.add(key));
        byType.set(token, set);
      }
    }
  }
  const result = new Map<string, readonly string[]>();
  for (const token of [...ALL_TYPE_TOKENS, ...EXTRA_TYPE_TOKENS])
    result.set(token, byType.has(token) ? [...byType.get(token)!].sort() : RULE_PROPERTY_KEYS);
  return result;
})();

/** Values that make policies speak: unknowns, wrong types, empty documents, plain settings. */
const ODD_VALUES: unknown[] = [
  UNKNOWN,
  "x",
  true,
  false,
  0,
  1,
  [],
  {},
  "[{}]",
  "{}",
  secret("y"),
  [UNKNOWN],
  null,
];

/** A resource of every type, each property its rules read set to an odd value (rotated by `round`). */
export function oddResources(round: number): ResourceSpec[] {
  return [...ALL_TYPE_TOKENS, ...EXTRA_TYPE_TOKENS].map((type, i) => ({
    type,
    name: `r${i}`,
    props: Object.fromEntries(
      KEYS_BY_TYPE.get(type)!.map((key, j) => [key, ODD_VALUES[(i * 5 + j + round) % ODD_VALUES.length]]),
    ),
  }));
}
