/**
 * The SDK deserializes a resource's properties once per policy (server.js), and once per resource
 * per stack policy: with forty policies that is most of the pack's time and garbage. The same
 * request Struct is handed to every policy, so this pack deserializes each Struct once and shares
 * the result, deep-frozen so that no policy can change what another one sees. Remediation (which
 * may rewrite properties) keeps the SDK's own path. Nothing changes if the SDK's layout differs.
 */
const deserialize = require("@pulumi/policy/deserialize") as {
  deserializeProperties?: (struct: object, proxySecrets: boolean) => Record<string, unknown>;
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

const original = deserialize.deserializeProperties;
if (typeof original === "function" && !(original as { shared?: boolean }).shared) {
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
}

export {};
