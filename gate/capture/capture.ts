/**
 * Runs a Pulumi program under the SDK's mocks and records every registration as the resource
 * monitor receives it. Runs in its own process (worker.ts): a program is loaded once, and its
 * failures (including late unhandled rejections) must not take the gate down with them. The
 * program is loaded as the Node language host loads it: CommonJS through require, an ES module
 * ("type": "module") through import with module hooks, TypeScript compiled on load.
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { emptyUnanswered, invoke, MockContext, newResource } from "./mocks";
import type { Unanswered } from "./mocks-file";
import type { CaptureRequest, ProgramLoading, Registration } from "./registration";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

const BIN = path.resolve(__dirname, "../bin");
const GATE_DIR = path.resolve(__dirname, "..");
const { transpile } = require(path.join(BIN, "transpile.js"));
const { candidatePaths, createPathsResolver, programCompilerOptions } = require(
  path.join(BIN, "program-resolution.js"),
);

/** What the run asked for and nobody answered (data sources, stack references), read by the worker. */
export const unanswered: Unanswered = emptyUnanswered();

function structToJs(
  struct: { toJavaScript(): Record<string, unknown> } | undefined,
): Record<string, unknown> {
  return struct ? struct.toJavaScript() : {};
}

function recordRequest(req: any): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  const timeouts = req.getCustomtimeouts?.();
  const position = req.getSourceposition?.();
  return {
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    remote: req.getRemote?.() ?? false,
    mockUrn: "",
    parent: req.getParent(),
    inputs: structToJs(req.getObject()),
    outputs: {},
    id: "",
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    provider: req.getProvider(),
    version: req.getVersion?.() ?? "",
    protect: Boolean(req.getProtect?.()),
    ignoreChanges: req.getIgnorechangesList?.() ?? [],
    deleteBeforeReplace: req.getDeletebeforereplacedefined?.() ? req.getDeletebeforereplace() : undefined,
    additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
    aliases: (req.getAliasesList?.() ?? []).filter((a: unknown) => typeof a === "string"),
    customTimeouts: {
      create: timeouts?.getCreate() ?? "",
      update: timeouts?.getUpdate() ?? "",
      delete: timeouts?.getDelete() ?? "",
    },
    source:
      position && position.getUri()
        ? originalPosition(position.getUri(), position.getLine(), position.getColumn())
        : undefined,
  };
}

function sourceMaps(): Map<string, string> | undefined {
  return (globalThis as { __prodreadySourceMaps?: Map<string, string> }).__prodreadySourceMaps;
}

const traceMaps = new Map<string, TraceMap | null>();

interface ProgramFiles {
  owns(file: string): boolean;
  typescript: boolean;
  compilerOptions: { useDefineForClassFields?: boolean };
}

function programFiles(): ProgramFiles | undefined {
  return (globalThis as { __prodreadyProgram?: ProgramFiles }).__prodreadyProgram;
}

/** The source map of a compiled .ts file: kept by the CommonJS hook, recomputed for ES modules. */
function traceMapOf(file: string): TraceMap | null {
  let map = traceMaps.get(file);
  if (map !== undefined) return map;
  let raw = sourceMaps()?.get(file);
  if (!raw && /\.(ts|tsx|mts)$/.test(file) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
    try {
      raw = transpile(fs.readFileSync(file, "utf8"), file, "es6", programFiles()?.compilerOptions ?? {}).map;
    } catch {
      raw = undefined;
    }
  }
  map = raw ? new TraceMap(raw) : null;
  traceMaps.set(file, map);
  return map;
}

/** Maps a position in transpiled TypeScript back to the .ts source (JavaScript files map to themselves). */
export function originalPosition(
  uri: string,
  line: number,
  column: number,
): { uri: string; line: number; column: number } {
  const file = uri.startsWith("file://") ? fileURLToPath(uri) : uri;
  const map = traceMapOf(file);
  if (!map) return { uri, line, column };
  const original = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
  return original.line
    ? { uri: pathToFileURL(file).toString(), line: original.line, column: (original.column ?? 0) + 1 }
    : { uri, line, column };
}

/** Makes require() and import() find the program's modules as TypeScript and the language host do. */
function installProgramLoader(loading: ProgramLoading, projectDir: string): void {
  const pathsOf = createPathsResolver(loading.tsconfig);
  // typescript: false → the language host registers no compiler: the program's .ts files are not JavaScript.
  const program: ProgramFiles = {
    owns: (file) => file.startsWith(projectDir + path.sep) && !file.startsWith(GATE_DIR + path.sep),
    typescript: loading.typescript,
    compilerOptions: programCompilerOptions(loading.tsconfig),
  };
  (globalThis as { __prodreadyProgram?: ProgramFiles }).__prodreadyProgram = program;
  const Module = require("module");
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request: string, parent: any, ...rest: unknown[]) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const from: string | undefined = parent?.filename;
      if (
        (error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" ||
        !from ||
        from.includes("node_modules")
      )
        throw error;
      const found = (candidatePaths(request, from, pathsOf, loading.typescript) as string[]).find(
        (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
      );
      if (!found) throw error;
      return resolveFilename.call(this, found, parent, ...rest);
    }
  };
  if (loading.esm) {
    Module.register(pathToFileURL(path.join(BIN, "esm-hooks.mjs")).href, {
      data: { typescript: loading.typescript, tsconfig: loading.tsconfig },
    });
  }
}

// `import()` written so the CommonJS transform leaves it alone (the SDK's runner does the same).
const dynamicImport: (url: string) => Promise<any> = (0, eval)("u => import(u)");

/** Loads the entry the way the language host does and returns what the program exported. */
async function loadProgram(loading: ProgramLoading): Promise<unknown> {
  if (loading.esm) {
    let exported = await dynamicImport(pathToFileURL(loading.entry).href);
    if (Object.getOwnPropertyDescriptor(exported, "default") !== undefined) {
      if (Object.keys(exported).length !== 1)
        throw new Error(
          "expected entrypoint module to have either a default export or named exports but not both",
        );
      exported = exported.default;
    }
    return exported instanceof Function ? await exported() : exported;
  }
  const exported = require(loading.entry);
  return exported instanceof Function ? await exported() : exported;
}

/** The program's own frame that registered a resource: the first outside node_modules and the gate. */
function programPosition(
  stack: string | undefined,
): { uri: string; line: number; column: number } | undefined {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    // "at fn (file:line:col)" for functions, "at file:line:col" for an ES module's top level.
    const frame = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!frame || frame[1].startsWith("node:") || frame[1].includes(`${path.sep}node_modules${path.sep}`))
      continue;
    const file = frame[1].startsWith("file:") ? fileURLToPath(frame[1]) : frame[1];
    if (file.startsWith(GATE_DIR + path.sep) || !path.isAbsolute(file)) continue;
    return { uri: pathToFileURL(file).toString(), line: Number(frame[2]), column: Number(frame[3]) };
  }
  return undefined;
}

type Frame = { uri: string; line: number; column: number } | undefined;

/** The SDK's own parse of the stack (CommonJS): the first program frame, unless a frame it could not parse came first. */
function fromSdkFrames(frames: Frame[] | undefined): Frame {
  for (const frame of frames ?? []) {
    // An ES module's frames: unparsed (top level) or a file URL turned into a path again.
    if (!frame || frame.uri.includes("/file:")) return undefined;
    const file = fileURLToPath(frame.uri);
    if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(GATE_DIR + path.sep)) continue;
    return frame;
  }
  return undefined;
}

function ownFramePosition(): Frame {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const position = programPosition(new Error().stack);
  Error.stackTraceLimit = limit;
  return position;
}

const OUTPUT_DECLARATION = /resourceInputs\[["'](\w+)["']\]\s*=\s*undefined\b/g;
const outputsByClass = new WeakMap<Function, string[]>();

/**
 * The outputs a generated SDK class declares: its constructor sets them `resourceInputs["arn"] =
 * undefined /*out*\/`, while an input the program left out is `args?.x` (also undefined at run time).
 */
function declaredOutputsOf(resourceClass: Function): string[] {
  let names = outputsByClass.get(resourceClass);
  if (!names) {
    names = [
      ...new Set(
        [...Function.prototype.toString.call(resourceClass).matchAll(OUTPUT_DECLARATION)].map((m) => m[1]),
      ),
    ];
    outputsByClass.set(resourceClass, names);
  }
  return names;
}

/**
 * Instruments the SDK's registration: records, per resource type, the outputs its SDK class
 * declares, and gives each registration the program's own source position (the SDK's parser
 * misses an ES module's top-level frames).
 */
function instrumentRegistrations(sdkDir: string): (type: string) => readonly string[] {
  const declared = new Map<string, Set<string>>();
  const runtimeResource = require(path.join(sdkDir, "runtime", "resource"));
  const register = runtimeResource.registerResource;
  runtimeResource.registerResource = function (...args: any[]) {
    const [resource, , type] = args;
    if (typeof resource?.constructor === "function") {
      let names = declared.get(type);
      if (!names) declared.set(type, (names = new Set()));
      for (const name of declaredOutputsOf(resource.constructor)) names.add(name);
    }
    const position = fromSdkFrames(args[10]) ?? ownFramePosition();
    if (position) args[9] = position;
    return register.apply(this, args);
  };
  return (type) => [...(declared.get(type) ?? [])];
}

/** Notes which outputs the program reads from a stack reference nobody answered, for the snippet. */
function recordStackReferenceReads(pulumi: any): void {
  const prototype = pulumi.StackReference.prototype;
  for (const method of [
    "getOutput",
    "requireOutput",
    "getOutputDetails",
    "getOutputValue",
    "requireOutputValue",
  ]) {
    const original = prototype[method];
    if (typeof original !== "function") continue;
    prototype[method] = function (this: any, name: unknown) {
      pulumi.all([this.name, name]).apply(([stack, output]: [string, string]) => {
        const ref = unanswered.stackReferences.find((r) => r.stack === stack);
        if (ref && !ref.outputs.includes(output)) ref.outputs.push(output);
      });
      return original.call(this, name);
    };
  }
}

export async function captureProgram(request: CaptureRequest): Promise<Registration[]> {
  process.chdir(request.projectDir);
  installProgramLoader(request, request.projectDir);
  let sdkPath: string;
  try {
    // The program's own SDK (the one its @pulumi/aws shares), not the gate's.
    sdkPath = require.resolve("@pulumi/pulumi", { paths: [request.projectDir] });
  } catch {
    throw new Error(
      `the project ${request.projectDir} cannot resolve @pulumi/pulumi; run npm install there (the program's dependencies are its own)`,
    );
  }
  const sdkDir = path.dirname(sdkPath);
  const declaredOutputs = instrumentRegistrations(sdkDir);
  const pulumi = require(sdkPath);
  recordStackReferenceReads(pulumi);
  const runtime = pulumi.runtime;
  const context: MockContext = {
    preview: request.preview,
    region: request.config["aws:region"] ?? "us-east-1",
    answers: request.mocks ?? {},
    declaredOutputs,
    unanswered,
  };

  runtime.setAllConfig(request.config, request.secretKeys);
  await runtime.setMocks(
    {
      newResource: (args: any) => newResource(context, args),
      call: (args: any) => invoke(context, args.token, args.inputs ?? {}),
    },
    request.project,
    request.stack,
    request.preview,
    request.organization,
  );

  const registrations: Registration[] = [];
  const monitor = runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp?: any) => void) => {
    const registration = recordRequest(req);
    registrations.push(registration);
    register(req, (err: unknown, resp: any) => {
      if (resp) {
        registration.mockUrn = resp.getUrn();
        registration.id = resp.getId();
        registration.outputs = structToJs(resp.getObject());
      }
      callback(err, resp);
    });
  };

  await runtime.runInPulumiStack(() => loadProgram(request));
  await runtime.disconnect();
  return registrations;
}
