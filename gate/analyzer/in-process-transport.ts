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
 * Node's own require, not a test runner's: the pack is loaded once per process and shared by every
 * test file; requests reach it as bytes, so the two sides need not share protobuf classes.
 */
const nativeRequire = createRequire(__filename);
const loaded: Map<string, InProcessPackTransport> = nativeRequire("./in-process-registry.js");

/** Calls whose effect is the pack's state: repeating the last one with the same bytes changes nothing. */
const STATE_SETTERS: ReadonlySet<AnalyzerMethod> = new Set<AnalyzerMethod>(["configureStack", "configure"]);

export class InProcessPackTransport implements AnalyzerTransport {
  /**
   * The pack lives as long as the process, so analyses (a test file makes hundreds) would configure
   * it again and again with what it already holds. The last request and response of each state
   * setter, and the pack's info (fixed once loaded), are kept: a repeat is answered here, anything
   * else reaches the pack. A failed call forgets its method, since the pack's state is then unknown.
   */
  private readonly lastState = new Map<AnalyzerMethod, { request: string; response: Buffer }>();
  /** Decoded once: the pack's info is fixed once loaded, and decoding its 58 schemas costs ~30 ms. */
  private analyzerInfo?: unknown;

  private constructor(
    private readonly service: Record<AnalyzerMethod, MethodDefinition>,
    private readonly handlers: Record<AnalyzerMethod, Handler>,
  ) {}

  /** Loads the pack once per process (a second PolicyPack would make the SDK exit). */
  static load(packDir: string, entry?: string): InProcessPackTransport {
    const dir = path.resolve(packDir);
    const existing = loaded.get(dir);
    if (existing) return existing;
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
    const transport = new InProcessPackTransport(captured.service, captured.handlers);
    loaded.set(dir, transport);
    return transport;
  }

  call<Response>(method: AnalyzerMethod, request: unknown): Promise<Response> {
    const handler = this.handlers[method];
    if (!handler) return Promise.reject(new PackError(`the policy pack does not implement ${method}`));
    const packSide = this.service[method];
    const requestBytes = gateService[method].requestSerialize(request);
    const answer = (bytes: Buffer) => gateService[method].responseDeserialize(bytes) as Response;
    const key = STATE_SETTERS.has(method) ? requestBytes.toString("base64") : undefined;
    const last = this.lastState.get(method);
    if (key !== undefined && last?.request === key) return Promise.resolve(answer(last.response));
    if (method === "getAnalyzerInfo" && this.analyzerInfo) return Promise.resolve(this.analyzerInfo as Response);
    if (key !== undefined) this.lastState.delete(method);
    const wireRequest = packSide.requestDeserialize(requestBytes);
    return new Promise<Response>((resolve, reject) => {
      handler({ request: wireRequest }, (error, response) => {
        if (error)
          return reject(
            new PackError(`the policy pack failed in ${method}: ${error.message.split("\n")[0]}`),
          );
        const bytes = packSide.responseSerialize(response);
        if (key !== undefined) this.lastState.set(method, { request: key, response: bytes });
        const decoded = answer(bytes);
        if (method === "getAnalyzerInfo") this.analyzerInfo = decoded;
        resolve(decoded);
      });
    });
  }

  async close(): Promise<void> {
    /* the pack stays loaded for the life of the process, like the SDK's singleton server */
  }
}
