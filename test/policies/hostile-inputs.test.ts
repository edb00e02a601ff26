/**
 * The pack never crashes: random and hostile inputs (unknowns at any path, secret envelopes, nulls,
 * wrong types, huge strings, malformed JSON documents) for every resource type the pack routes, with
 * every policy mandatory, give no "[policy error]" finding and no rejected call.
 *
 * Property names come from the rules' own sources, per type (the names read by the areas that route
 * it), so generated resources reach the paths policies actually read, nested documents included
 * (container definitions, policy JSON): a rule that reads `a.b` without the readers fails here.
 */
import fc from "fast-check";
import { analyze, ResourceSpec, secret, UNKNOWN } from "../helpers/pack";
import { ALL_TYPE_TOKENS, EXTRA_TYPE_TOKENS, KEYS_BY_TYPE } from "./pack-inputs";

const TOKENS = [...ALL_TYPE_TOKENS, ...EXTRA_TYPE_TOKENS];

/** Every sentinel the SDK knows for a value not known at preview (typed ones included). */
const SENTINELS = [
  UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

const HOSTILE_STRINGS = [
  "",
  " ",
  "*",
  "0",
  "-1",
  "1e309",
  "NaN",
  "true",
  "False",
  "null",
  "[",
  "{",
  "[{",
  '{"a":',
  "[1, 2",
  "[]",
  "{}",
  "[null]",
  '[1, "x", []]',
  '[{"name": null, "environment": "x", "secrets": {}, "command": 5}]',
  `[{"name": "web", "environment": [{"name": "DEBUG", "value": "${UNKNOWN}"}]}]`,
  '{"Version": "2012-10-17", "Statement": "*"}',
  '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": null}]}',
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x",
  "postgres://user:pass@host/db",
  "sqlite:///db.sqlite3",
  "https://localhost",
  "http://",
  "0.0.0.0/0",
  "::/0",
  "AKIAIOSFODNN7EXAMPLE",
  "-----BEGIN PRIVATE KEY-----",
  "constructor",
  "__proto__",
];

/** Huge strings, kept to tens of kilobytes: the SDK deserializes a resource's properties once per policy. */
const HUGE_STRINGS = [
  "a".repeat(70_000),
  "a://b:".repeat(12_000),
  "[".repeat(5_000),
  "ghp_".repeat(5_000),
  `[${'{"environment":[{"name":"A","value":"x"}]},'.repeat(1_500)}{}]`,
];

const SCALARS: unknown[] = [
  ...HOSTILE_STRINGS,
  ...SENTINELS,
  null,
  true,
  false,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  [],
  {},
];

const keysOf = (type: string) => KEYS_BY_TYPE.get(type)!;
/** Upper-case names (DEBUG, SECRET_KEY) are environment variable names inside documents, not resource properties. */
const topLevelKeysOf = (type: string) => keysOf(type).filter((name) => !/^[A-Z0-9_]+$/.test(name));

/** Random values whose objects use the given property names, so nested reads meet hostile values. */
function treeOver(keys: readonly string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }).filter((k) => !k.startsWith("__")) },
  );
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SENTINELS) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false) },
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()) },
    { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...keys) },
  );
  return fc.letrec<{ tree: unknown; node: unknown; dict: Record<string, unknown> }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      { weight: 3, arbitrary: tie("node") },
      // Documents held in strings, as containerDefinitions and policy documents are.
      { weight: 2, arbitrary: tie("node").map((value) => JSON.stringify(value)) },
      {
        weight: 2,
        arbitrary: fc
          .array(tie("dict"), { minLength: 1, maxLength: 3 })
          .map((value) => JSON.stringify(value)),
      },
      { weight: 1, arbitrary: tie("tree").map((value) => secret(value)) },
    ),
    node: fc.oneof({ depthSize: "small" }, fc.array(tie("tree"), { maxLength: 3 }), tie("dict")),
    dict: fc.dictionary(key, tie("tree"), { maxKeys: 4 }),
  })).tree;
}

const treeByKeys = new Map<readonly string[], fc.Arbitrary<unknown>>();
function resourceProps(type: string): fc.Arbitrary<Record<string, unknown>> {
  const keys = keysOf(type);
  if (!treeByKeys.has(keys)) treeByKeys.set(keys, treeOver(keys));
  // Up to ten of the names the type's policies read, each set to a random tree.
  return fc.dictionary(fc.constantFrom(...topLevelKeysOf(type)), treeByKeys.get(keys)!, { maxKeys: 10 });
}

/**
 * One resource per type token, with propertyDependencies between them for the stack policies' joins,
 * and a few huge strings planted at random (a handful per batch keeps a run fast).
 */
const batch: fc.Arbitrary<ResourceSpec[]> = fc
  .tuple(
    fc.tuple(...TOKENS.map((type) => resourceProps(type))),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 60 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...HUGE_STRINGS)), { maxLength: 3 }),
  )
  .map(([allProps, links, huge]) => {
    const specs: ResourceSpec[] = TOKENS.map((type, i) => ({
      type,
      name: `r${i}`,
      props: { ...allProps[i] },
      refs: {},
    }));
    const nameOf = (spec: ResourceSpec, index: number) => keysOf(spec.type)[index % keysOf(spec.type).length];
    for (const [from, property, to] of links) {
      const source = specs[from % specs.length];
      const name = nameOf(source, property);
      source.refs![name] = [...(source.refs![name] ?? []), specs[to % specs.length].name];
    }
    for (const [target, property, value] of huge) {
      const spec = specs[target % specs.length];
      spec.props[nameOf(spec, property)] = value;
    }
    return specs;
  });

const policyErrors = (
  findings: Array<{ category: string; policyName: string; resourceType: string; message: string }>,
) =>
  findings
    .filter((f) => f.category === "policy-error")
    .map((f) => `${f.policyName} on ${f.resourceType}: ${f.message}`);

describe("every policy on hostile inputs", () => {
  it("reports no policy error and never rejects on random resources", async () => {
    const property = fc.asyncProperty(batch, fc.boolean(), async (specs, dryRun) => {
      const errors = policyErrors((await analyze(specs, { dryRun })).findings);
      if (errors.length > 0) throw new Error(errors.join("\n"));
    });
    const details = await fc.check(property, { numRuns: 6, endOnFailure: true });
    // A counterexample can hold megabytes of hostile strings: report the seed to replay it, the error, and a bounded excerpt.
    if (details.failed) {
      const excerpt = JSON.stringify(details.counterexample, (_k, v) =>
        typeof v === "string" && v.length > 80 ? `${v.slice(0, 80)}...(${v.length})` : v,
      );
      throw new Error(
        `seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance)}\n${excerpt.slice(0, 4000)}`,
      );
    }
    // Six batches were analysed (a property that never ran would pass the check above).
    expect([details.failed, details.numRuns]).toEqual([false, 6]);
  });

  it("reports no policy error for wrong types and missing members at each property, and inside documents", async () => {
    // Values of the wrong type (no sentinels, which would stop a rule early as unverified) at each
    // property a type's policies read, as the property itself and as the members of a document
    // there: a list of objects, the same as JSON (container definitions), and an object.
    const WRONG: unknown[] = [null, 0, true, "x", "", [], {}, [null], [{}], -1, "[", "{}"];
    const member = (keys: readonly string[], seed: number) =>
      Object.fromEntries(
        [0, 1].map((i) => [keys[(seed * 2 + i) % keys.length], WRONG[(seed + i) % WRONG.length]]),
      );
    const forms = [
      (keys: readonly string[], seed: number) => [member(keys, seed)],
      (keys: readonly string[], seed: number) => JSON.stringify([member(keys, seed), {}]),
      (keys: readonly string[], seed: number) => member(keys, seed),
      (_keys: readonly string[], seed: number) => SCALARS[seed % SCALARS.length],
    ];
    for (const form of forms) {
      const specs = TOKENS.map((type, i) => {
        const keys = keysOf(type);
        return {
          type,
          name: `r${i}`,
          props: Object.fromEntries(topLevelKeysOf(type).map((name, j) => [name, form(keys, i * 31 + j)])),
        };
      });
      expect(policyErrors((await analyze(specs)).findings)).toEqual([]);
    }
  });
});
