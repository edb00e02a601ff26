/**
 * Runs a Pulumi program under the SDK's mocks and records every registration as the resource
 * monitor receives it. Runs in its own process (worker.ts): a program is loaded once, and its
 * failures (including late unhandled rejections) must not take the gate down with them.
 */
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { invoke, MockContext, newResource } from "./mocks";
import type { CaptureRequest, Registration } from "./registration";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

export class DataSourceError extends Error {}

/** The SDK reports a failed invoke without its message; the first unanswered data source is kept here. */
export let unansweredDataSource: DataSourceError | undefined;

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

const traceMaps = new Map<string, TraceMap>();

/** Maps a position in transpiled TypeScript back to the .ts source (JavaScript files map to themselves). */
function originalPosition(
  uri: string,
  line: number,
  column: number,
): { uri: string; line: number; column: number } {
  const file = uri.startsWith("file://") ? fileURLToPath(uri) : uri;
  const raw = sourceMaps()?.get(file);
  if (!raw) return { uri, line, column };
  let map = traceMaps.get(file);
  if (!map) traceMaps.set(file, (map = new TraceMap(raw)));
  const original = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
  return original.line
    ? { uri: pathToFileURL(file).toString(), line: original.line, column: (original.column ?? 0) + 1 }
    : { uri, line, column };
}

export async function captureProgram(request: CaptureRequest): Promise<Registration[]> {
  process.chdir(request.projectDir);
  const sdkPath = require.resolve("@pulumi/pulumi", { paths: [request.projectDir] });
  const pulumi = require(sdkPath);
  const runtime = pulumi.runtime;
  const region = request.config["aws:region"] ?? "us-east-1";
  const context: MockContext = { preview: request.preview, region };

  runtime.setAllConfig(request.config, request.secretKeys);
  await runtime.setMocks(
    {
      newResource: (args: any) => newResource(context, args),
      call: (args: any) => {
        const answer = invoke(context, args.token, args.inputs ?? {});
        if (!answer) {
          const error = new DataSourceError(
            `the gate has no offline answer for data source ${args.token}; replace it with config, or report it to add a canned answer`,
          );
          unansweredDataSource ??= error;
          throw error;
        }
        return answer;
      },
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

  if (request.typescript && !sourceMaps()) {
    throw new Error(
      "the TypeScript loader is not registered; run the capture through gate/bin/capture-worker.js",
    );
  }
  await runtime.runInPulumiStack(async () => {
    const program = require(path.resolve(request.entry));
    const main =
      typeof program === "function"
        ? program
        : typeof program?.default === "function"
          ? program.default
          : undefined;
    return main ? await main() : program;
  });
  await runtime.disconnect();
  // A failure inside an apply surfaces as an unhandled rejection a turn later: let it arrive.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  return registrations;
}
