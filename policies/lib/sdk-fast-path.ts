/**
 * The SDK deserializes a resource's properties once per policy (server.js), and once per resource
 * per stack policy: with forty policies that is most of the pack's time and garbage. The same
 * request Struct is handed to every policy, so this pack deserializes each Struct once and shares
 * the result, deep-frozen so that no policy can change what another one sees (and so StackView.fromSdk
 * finds the view it built for the same request). Remediation (which may rewrite properties) keeps the
 * SDK's own path. Nothing changes if the SDK's layout differs.
 *
 * What it buys, measured (2026-12, @pulumi/policy 1.21.0, Node 20, two shared cores) with
 * `BENCH_RUNS=10 node -r ./gate/bin/register.js bench/sdk-fast-path.ts`: the pack spends 9-19% less
 * CPU per analysis, with identical findings. Medians, CPU seconds without / with:
 * - in process (the SDK's function swapped between interleaved runs): production stack, 201 resources,
 *   five analyses a run, 1.57 / 1.28 (1.23x); synthetic 2,000 resources 1.63 / 1.43 (1.14x);
 * - the pack over gRPC (its process's CPU, 5 runs): production stack 0.99 / 0.87 (1.14x); synthetic
 *   2,000 resources 2.95 / 2.69 (1.10x).
 * test/policies/sdk-fast-path.test.ts fails the day an SDK upgrade breaks what this relies on, and
 * checks that the pack's results are the same with and without it.
 */
type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** The SDK's function and the pack's sharing one, when installed; for the test that guards the patch. */
export let sdkFastPath: { original: Deserialize; shared: Deserialize } | undefined;

const current = deserialize.deserializeProperties;
if (typeof current === "function" && !(current as { shared?: boolean }).shared) {
  const original = current;
  const cache = new WeakMap<object, Record<string, unknown>>();
  const shared = function (struct: object, proxySecrets: boolean) {
    if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
    let props = cache.get(struct);
    if (!props) {
      props = deepFreeze(original(struct, false));
      cache.set(struct, props);
    }
    return props;
  };
  (shared as { shared?: boolean }).shared = true;
  deserialize.deserializeProperties = shared;
  sdkFastPath = { original, shared };
}
