// The Pulumi SDK loads the TypeScript compiler and npm's Arborist as soon as it is required, for its
// closure serializer (a program that turns a JavaScript function into a Lambda's code, e.g.
// aws.lambda.CallbackFunction): about half of the SDK's load time, paid by every capture worker for
// a feature most programs never use; and its Automation API (driving the Pulumi CLI from code),
// about a third of what is left. Here each is loaded on its first use instead: the module the SDK
// receives forwards every access to the real one, loaded then, so a program that does use one gets
// exactly what it would have had. docs/performance.md has the measurements.
const Module = require("module");
const path = require("path");

/** A stand-in for a module's exports that loads the real module on the first access of any kind. */
function deferredModule(load, { esModule = false } = {}) {
  let real;
  const target = () => (real === undefined ? (real = load()) : real);
  return new Proxy(
    {},
    {
      // __importStar(require(x)) returns a module marked __esModule as it is, without reading its keys.
      get: (_, key) => (esModule && key === "__esModule" ? true : Reflect.get(target(), key)),
      has: (_, key) => Reflect.has(target(), key),
      set: (_, key, value) => Reflect.set(target(), key, value),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/** True for a file directly in an @pulumi/pulumi folder (not in one of its subfolders). */
function isSdkRoot(file) {
  return (
    path.basename(path.dirname(file)) === "pulumi" &&
    path.basename(path.dirname(path.dirname(file))) === "@pulumi"
  );
}

/** The SDK files that require each deferred module, by the request they make. */
function sdkDeferral(request, parentFile) {
  if (!parentFile || !parentFile.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)) return undefined;
  // parseFunction.js and utils.js: `const ts = require("../../typescript-shim")`, used as ts.<name>.
  if (/^(\.\.?\/)+typescript-shim$/.test(request)) return {};
  // codePaths.js: `__importStar(require("@npmcli/arborist"))`, used as arborist.Arborist.
  if (request === "@npmcli/arborist") return { esModule: true };
  // index.js: `__importStar(require("./automation"))`, the Automation API (driving the Pulumi CLI
  // from code), exported as pulumi.automation: a program or a pack the engine runs does not use it.
  if (request === "./automation" && path.basename(parentFile) === "index.js" && isSdkRoot(parentFile))
    return { esModule: true };
  return undefined;
}

let installed = false;

/** Makes this process's Pulumi SDK load TypeScript and Arborist on first use. */
function deferSdkModules() {
  if (installed) return;
  installed = true;
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const deferral = sdkDeferral(request, parent && parent.filename);
    if (!deferral) return load.call(this, request, parent, isMain);
    return deferredModule(() => load.call(this, request, parent, isMain), deferral);
  };
}

module.exports = { deferredModule, deferSdkModules, sdkDeferral };
