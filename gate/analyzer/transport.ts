/**
 * How the gate reaches a policy pack. Both transports move the same protobuf bytes the engine
 * would: one over real gRPC to a spawned pack process, one straight into the pack's own gRPC
 * handlers loaded in this process (for fast tests); a contract test holds them to the same results.
 */
import * as path from "path";
import * as fs from "fs";
import { PackFailure } from "../errors";

export type AnalyzerMethod =
  | "getAnalyzerInfo"
  | "getPluginInfo"
  | "configureStack"
  | "configure"
  | "analyze"
  | "analyzeStack"
  | "remediate";

export interface AnalyzerTransport {
  /** Sends one request message and resolves with the response message. */
  call<Response>(method: AnalyzerMethod, request: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The gate could not run the pack: not a policy outcome, always exit code 2. */
export class PackError extends PackFailure {}

export interface PackEntry {
  /** The file `node` runs. */
  entry: string;
  /** Node arguments before it (a TypeScript loader when the pack runs from its sources). */
  nodeArgs: string[];
}

const TYPESCRIPT_LOADER = path.resolve(__dirname, "../bin/register.js");

/**
 * The entry a Pulumi CLI would run for a pack folder: `main` of its package.json, else index.js.
 * A TypeScript pack whose build is missing or older than its sources runs from the sources
 * (transpile-only), so the gate never analyses with policies other than the ones written.
 */
export function resolvePackEntry(packDir: string): PackEntry {
  const manifestPath = path.join(packDir, "package.json");
  if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
    throw new PackError(
      `${packDir} is not a policy pack: it has no PulumiPolicy.yaml; pass the pack folder with --policy-pack`,
    );
  }
  if (!fs.existsSync(manifestPath)) {
    throw new PackError(`${manifestPath} is missing: a policy pack needs a package.json with a version`);
  }
  let manifest: { main?: string };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  } catch {
    throw new PackError(`${manifestPath} is not valid JSON; fix the pack's package.json`);
  }
  const main = path.resolve(packDir, manifest.main ?? "index.js");
  const built = [main, `${main}.js`, path.join(main, "index.js")].find(
    (c) => fs.existsSync(c) && fs.statSync(c).isFile(),
  );
  const sources = path.join(packDir, "index.ts");
  if (fs.existsSync(sources) && (!built || newerTypeScriptSource(packDir, fs.statSync(built).mtimeMs))) {
    return { entry: sources, nodeArgs: ["-r", TYPESCRIPT_LOADER] };
  }
  if (!built)
    throw new PackError(
      `the policy pack entry ${main} does not exist; build the pack or fix main in its package.json`,
    );
  return { entry: built, nodeArgs: [] };
}

function newerTypeScriptSource(packDir: string, builtAt: number): string | undefined {
  const stack = [packDir];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "bin" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (
        entry.name.endsWith(".ts") &&
        !entry.name.endsWith(".d.ts") &&
        fs.statSync(full).mtimeMs > builtAt
      )
        return full;
    }
  }
  return undefined;
}
