/**
 * Transport two: the pack's own gRPC service implementation, loaded into this process without a
 * server. Requests and responses still pass through the service's protobuf serializers, so the
 * pack sees exactly the bytes the engine would send. One pack per process, as with the SDK.
 */
import { createRequire } from "module";
import * as path from "path";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzerMethod, AnalyzerTransport, PackError, resolvePackEntry } from "./transport";

interface MethodDefinition {
  requestSerialize(message: unknown): Buffer;
  requestDeserialize(bytes: Buffer): unknown;
  responseSerialize(message: unknown): Buffer;
  responseDeserialize(bytes: Buffer): unknown;
}
type Handler = (
  call: { request: unknown },
  callback: (error: Error | null | undefined, response?: unknown) => void,
) => void;

const gateService = AnalyzerService as unknown as Record<AnalyzerMethod, MethodDefinition>;

/**
 * Node's own `createRequire`. A test runner that gives each test file its own module registry (jest
 * does, `module.createRequire` included) lends the real one as `globalThis.__nodeCreateRequire`
 * (test/helpers/environment.js), so there too the pack is loaded once per process, as in the gate.
 */
const nodeCreateRequire: typeof createRequire =
  (globalThis as { __nodeCreateRequire?: typeof createRequire }).__nodeCreateRequire ?? createRequire;
const nativeRequire = nodeCreateRequire(__filename);

/**
 * One loaded pack: its service, its handlers, and what it was last told. The pack lives as long as
 * the process, so analyses (a test file makes hundreds) would configure it again and again with
 * what it already holds. The last request and response of each state setter, and the pack's info
 * (fixed once loaded), are kept with it: a repeat is answered without the pack, anything else
 * reaches it. A failed call forgets its method, since the pack's state is then unknown. Everything
 * here is the pack's side or bytes, so it may outlive the module registry that loaded it.
 */
interface LoadedPack {
  service: Record<AnalyzerMethod, MethodDefinition>;
  handlers: Record<AnalyzerMethod, Handler>;
  lastState: Map<AnalyzerMethod, { request: string; response: Buffer }>;
  analyzerInfo?: Buffer;
}

/** Packs loaded in this process, by folder: plain JavaScript from Node's own require, so shared by every registry. */
const loaded: Map<string, LoadedPack> = nativeRequire("./in-process-registry.js");
/** This registry's transports, by folder (a test file's protobuf classes are its own). */
const transports = new Map<string, InProcessPackTransport>();

/** Calls whose effect is the pack's state: repeating the last one with the same bytes changes nothing. */
const STATE_SETTERS: ReadonlySet<AnalyzerMethod> = new Set<AnalyzerMethod>(["configureStack", "configure"]);

function loadPack(dir: string, entry?: string): LoadedPack {
  const entryPath = entry ? path.resolve(dir, entry) : resolvePackEntry(dir).entry;
  const policySdk = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [dir] }));
  const grpc = nativeRequire(require.resolve("@grpc/grpc-js", { paths: [policySdk] }));
  if (/\.tsx?$/.test(entryPath)) nativeRequire("../bin/register.js");
  const serverProto = grpc.Server.prototype;
  const { addService, bindAsync } = serverProto;
  let captured:
    | { service: Record<AnalyzerMethod, MethodDefinition>; handlers: Record<AnalyzerMethod, Handler> }
    | undefined;
  serverProto.addService = function (service: never, handlers: never) {
    captured = { service, handlers };
  };
  serverProto.bindAsync = function () {
    /* in process: no socket, no port line */
  };
  const cwd = process.cwd();
  try {
    process.chdir(dir); // the SDK reads the pack version from ./package.json
    nativeRequire(entryPath);
  } catch (error) {
    throw new PackError(`the policy pack failed to load: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    process.chdir(cwd);
    serverProto.addService = addService;
    serverProto.bindAsync = bindAsync;
  }
  if (!captured) throw new PackError(`${entryPath} did not create a PolicyPack`);
  return { ...captured, lastState: new Map() };
}

export class InProcessPackTransport implements AnalyzerTransport {
  /** The pack's info decoded with this registry's classes: fixed once loaded, and ~30 ms to decode. */
  private analyzerInfo?: unknown;

  private constructor(private readonly pack: LoadedPack) {}

  /** The pack's handlers (a test may spy on one). */
  get handlers(): Record<AnalyzerMethod, Handler> {
    return this.pack.handlers;
  }

  /** Loads the pack once per process (a second PolicyPack would make the SDK exit). */
  static load(packDir: string, entry?: string): InProcessPackTransport {
    const dir = path.resolve(packDir);
    let transport = transports.get(dir);
    if (!transport) {
      let pack = loaded.get(dir);
      if (!pack) {
        pack = loadPack(dir, entry);
        loaded.set(dir, pack);
      }
      transport = new InProcessPackTransport(pack);
      transports.set(dir, transport);
    }
    return transport;
  }

  call<Response>(method: AnalyzerMethod, request: unknown): Promise<Response> {
    const { handlers, service, lastState } = this.pack;
    const handler = handlers[method];
    if (!handler) return Promise.reject(new PackError(`the policy pack does not implement ${method}`));
    const packSide = service[method];
    const requestBytes = gateService[method].requestSerialize(request);
    const answer = (bytes: Buffer) => gateService[method].responseDeserialize(bytes) as Response;
    const key = STATE_SETTERS.has(method) ? requestBytes.toString("base64") : undefined;
    const last = lastState.get(method);
    if (key !== undefined && last?.request === key) return Promise.resolve(answer(last.response));
    if (method === "getAnalyzerInfo") {
      if (this.analyzerInfo) return Promise.resolve(this.analyzerInfo as Response);
      if (this.pack.analyzerInfo) {
        this.analyzerInfo = answer(this.pack.analyzerInfo);
        return Promise.resolve(this.analyzerInfo as Response);
      }
    }
    if (key !== undefined) lastState.delete(method);
    const wireRequest = packSide.requestDeserialize(requestBytes);
    return new Promise<Response>((resolve, reject) => {
      handler({ request: wireRequest }, (error, response) => {
        if (error)
          return reject(
            new PackError(`the policy pack failed in ${method}: ${error.message.split("\n")[0]}`),
          );
        const bytes = packSide.responseSerialize(response);
        if (key !== undefined) lastState.set(method, { request: key, response: bytes });
        const decoded = answer(bytes);
        if (method === "getAnalyzerInfo") {
          this.pack.analyzerInfo = bytes;
          this.analyzerInfo = decoded;
        }
        resolve(decoded);
      });
    });
  }

  async close(): Promise<void> {
    /* the pack stays loaded for the life of the process, like the SDK's singleton server */
  }
}
