/**
 * How the gate reaches a policy pack. Both transports move the same protobuf bytes the engine
 * would: one over real gRPC to a spawned pack process, one straight into the pack's own gRPC
 * handlers loaded in this process (for fast tests); a contract test holds them to the same results.
 */
import * as path from "path";
import * as fs from "fs";

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
export class PackError extends Error {}

/**
 * The entry a Pulumi CLI would run for a pack folder: `main` of its package.json, else index.js.
 * A TypeScript pack must be built first; a build older than its sources is refused, because
 * analysing with stale policies would report on rules nobody wrote.
 */
export function resolvePackEntry(packDir: string): string {
  const manifestPath = path.join(packDir, "package.json");
  if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
    throw new PackError(`${packDir} is not a policy pack: it has no PulumiPolicy.yaml; pass the pack folder with --policy-pack`);
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
  const entry = path.resolve(packDir, manifest.main ?? "index.js");
  const candidates = [entry, `${entry}.js`, path.join(entry, "index.js")];
  const found = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  if (!found) {
    const hint = fs.existsSync(path.join(packDir, "index.ts")) ? " (a TypeScript pack: build it first, e.g. `npm run build:pack`)" : "";
    throw new PackError(`the policy pack entry ${path.relative(process.cwd(), entry) || entry} does not exist${hint}`);
  }
  const staleSource = newerTypeScriptSource(packDir, fs.statSync(found).mtimeMs);
  if (staleSource) {
    throw new PackError(
      `the policy pack build is older than ${path.relative(packDir, staleSource)}; rebuild it (npm run build:pack) so the gate runs the policies as written`,
    );
  }
  return found;
}

function newerTypeScriptSource(packDir: string, builtAt: number): string | undefined {
  const stack = [packDir];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "bin" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && fs.statSync(full).mtimeMs > builtAt) return full;
    }
  }
  return undefined;
}
