/**
 * A Pulumi project as the CLI finds it: Pulumi.yaml (name, runtime, main, stackConfigDir), the
 * stack's config file, config overrides from the command line, and the program's entry point and
 * module system, resolved as the Node language host resolves them.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { GateInputError } from "../errors";
import type { ProgramLoading } from "./registration";

/** Bad input about the project or its stack: the gate cannot decide, exit code 2. */
export class ProjectError extends GateInputError {}

export interface ProjectInfo extends ProgramLoading {
  dir: string;
  name: string;
  runtime: string;
  /** The stack: as given, or the only one with a config file (chooseStack). */
  stack: string;
  /** Absent when the stack has no Pulumi.<stack>.yaml: it runs with empty config, as the CLI allows. */
  stackConfigFile?: string;
  /** Where that file is, or would be (the folder named by stackConfigDir). */
  stackConfigDir: string;
}

/** The stack the gate picks when several have config files and --stack names none. */
export const DEFAULT_STACK = "production";

/** The stacks whose config files are in `configDir` (Pulumi.<stack>.yaml), sorted. */
export function stacksIn(configDir: string): string[] {
  if (!fs.existsSync(configDir)) return [];
  return fs
    .readdirSync(configDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * The stack when --stack names none: the only stack with a config file; among several, production
 * (the gate's rule before it read stack files); otherwise the user has to say which.
 */
export function chooseStack(configDir: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const stacks = stacksIn(configDir);
  if (stacks.length === 1) return stacks[0];
  if (stacks.includes(DEFAULT_STACK)) return DEFAULT_STACK;
  if (stacks.length === 0)
    throw new ProjectError(
      `no Pulumi.<stack>.yaml in ${configDir} to choose a stack from; pass --stack NAME (a stack without a config file runs with empty config)`,
    );
  throw new ProjectError(
    `${configDir} has config files for the stacks ${stacks.join(", ")}; pass --stack with one of them`,
  );
}

/** The fields of a project that say how its program is loaded (what a capture request carries). */
export function programLoading(project: ProjectInfo): ProgramLoading {
  return {
    entry: project.entry,
    esm: project.esm,
    typescript: project.typescript,
    tsconfig: project.tsconfig,
  };
}

export interface StackConfig {
  /** `<namespace>:<key>` → value as the engine hands it to programs (strings; structured values JSON-encoded). */
  values: Record<string, string>;
  secretKeys: string[];
}

function readYaml(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ProjectError(`${what} ${file} does not exist or cannot be read`);
  }
  try {
    const document = yaml.load(text);
    if (document === undefined || document === null) return {};
    if (typeof document !== "object" || Array.isArray(document)) throw new Error("not a mapping");
    return document as Record<string, unknown>;
  } catch (error) {
    throw new ProjectError(
      `${what} ${file} is not valid YAML (${(error as Error).message.split("\n")[0]}); fix the file`,
    );
  }
}

export function loadProject(projectDir: string, stack: string | undefined): ProjectInfo {
  const dir = path.resolve(projectDir);
  const manifestFile = ["Pulumi.yaml", "Pulumi.yml"]
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  if (!manifestFile)
    throw new ProjectError(`no Pulumi.yaml in ${dir}; pass the project folder with --project-dir`);
  const manifest = readYaml(manifestFile, "the project file");
  const name = manifest.name;
  if (typeof name !== "string" || !name)
    throw new ProjectError(`${manifestFile} has no project name; set name:`);
  const runtimeField = manifest.runtime;
  const runtime =
    typeof runtimeField === "string" ? runtimeField : (runtimeField as { name?: string } | undefined)?.name;
  if (runtime !== "nodejs") {
    throw new ProjectError(
      `${manifestFile} uses runtime ${runtime ?? "(none)"}; the gate runs Node.js (TypeScript or JavaScript) programs only`,
    );
  }
  const options = (
    typeof runtimeField === "object" && runtimeField !== null
      ? ((runtimeField as { options?: Record<string, unknown> }).options ?? {})
      : {}
  ) as Record<string, unknown>;
  const typescript =
    options.typescript === undefined ? true : options.typescript !== false && options.typescript !== "false";
  const main = manifest.main;
  if (main !== undefined && (typeof main !== "string" || !main))
    throw new ProjectError(`${manifestFile}: main must be a path; fix main:`);
  const entry = resolveProgram(dir, main as string | undefined, manifestFile);
  if (!typescript && /\.(ts|tsx|mts|cts)$/.test(entry))
    throw new ProjectError(
      `the program entry ${entry} is TypeScript but ${path.basename(manifestFile)} sets runtime.options.typescript: false; point main at the compiled JavaScript or remove that option`,
    );
  const packageRoot = packageRootOf(entry, dir);
  const esm = readPackageJson(packageRoot)?.type === "module";
  const tsconfigFile = path.resolve(dir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  const tsconfig = fs.existsSync(tsconfigFile) ? tsconfigFile : undefined;
  const configDir =
    typeof manifest.stackConfigDir === "string" ? path.resolve(dir, manifest.stackConfigDir) : dir;
  const chosen = chooseStack(configDir, stack);
  const stackConfigFile = ["yaml", "yml"]
    .map((ext) => path.join(configDir, `Pulumi.${chosen}.${ext}`))
    .find((f) => fs.existsSync(f));
  return {
    dir,
    name,
    runtime,
    entry,
    esm,
    typescript,
    tsconfig,
    stack: chosen,
    stackConfigFile,
    stackConfigDir: configDir,
  };
}

function readPackageJson(dir: string): Record<string, any> | undefined {
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined; // as the language host: the manifest is best-effort
  }
}

/** The folder of the package.json nearest to the program (searched up to the project folder). */
function packageRootOf(entry: string, projectDir: string): string {
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (dir === projectDir || path.dirname(dir) === dir) return projectDir;
  }
}

const isFile = (file: string) => fs.existsSync(file) && fs.statSync(file).isFile();
const isDirectory = (file: string) => fs.existsSync(file) && fs.statSync(file).isDirectory();

/**
 * The program's entry file as the language host finds it: Pulumi.yaml `main` (a file, or a folder
 * resolved like `require`: its package.json main, then index.js, then index.ts); without `main`,
 * the project's package.json `exports` or `main`, then the project folder's index.
 */
function resolveProgram(dir: string, main: string | undefined, manifestFile: string): string {
  if (main !== undefined) {
    const target = path.resolve(dir, main);
    const entry = resolveModulePath(target);
    if (!entry)
      throw new ProjectError(
        `the program entry ${target} does not exist or has no package.json main, index.js or index.ts; fix main: in ${manifestFile}`,
      );
    return entry;
  }
  const manifest = readPackageJson(dir) ?? {};
  const exported =
    typeof manifest.exports === "string"
      ? manifest.exports
      : typeof manifest.exports?.["."] === "string"
        ? manifest.exports["."]
        : (manifest.exports?.["."]?.default ??
          manifest.exports?.["."]?.require ??
          manifest.exports?.["."]?.import);
  const declared =
    typeof exported === "string" ? exported : typeof manifest.main === "string" ? manifest.main : undefined;
  const entry = (declared && resolveModulePath(path.resolve(dir, declared))) || resolveModulePath(dir);
  if (!entry)
    throw new ProjectError(
      `no program in ${dir}: no package.json main, index.js or index.ts; set main: in ${manifestFile}`,
    );
  return entry;
}

/** A path resolved as `require` resolves a file or folder (with .ts, which the language host registers). */
function resolveModulePath(target: string): string | undefined {
  if (isFile(target)) return target;
  for (const ext of [".js", ".ts"]) if (isFile(target + ext)) return target + ext;
  if (!isDirectory(target)) return undefined;
  const main = readPackageJson(target)?.main;
  if (typeof main === "string" && path.resolve(target, main) !== target) {
    const resolved = resolveModulePath(path.resolve(target, main));
    if (resolved) return resolved;
  }
  return ["index.js", "index.mjs", "index.ts", "index.mts"].map((f) => path.join(target, f)).find(isFile);
}

/** A `key=value` override; the key is qualified with the project name when it has no namespace. */
export function parseOverride(text: string, project: string, flag: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new ProjectError(
      `${flag} ${text} is not key=value; write e.g. ${flag} ${project}:domain=example.com`,
    );
  const key = text.slice(0, eq);
  return [key.includes(":") ? key : `${project}:${key}`, text.slice(eq + 1)];
}

export function loadStackConfig(
  project: ProjectInfo,
  overrides: { config: string[]; secrets: string[] },
): StackConfig {
  const document = project.stackConfigFile ? readYaml(project.stackConfigFile, "the stack config file") : {};
  const raw = (document.config ?? {}) as Record<string, unknown>;
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new ProjectError(`${project.stackConfigFile}: config: must be a mapping`);
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const encrypted: string[] = [];
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      encrypted.push(key);
      secretKeys.add(key);
      continue;
    }
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const text of overrides.config) {
    const [key, value] = parseOverride(text, project.name, "--config");
    values[key] = value;
  }
  for (const text of overrides.secrets) {
    const [key, value] = parseOverride(text, project.name, "--secret");
    values[key] = value;
    secretKeys.add(key);
  }
  const missing = encrypted.filter((key) => !(key in values));
  if (missing.length > 0) {
    throw new ProjectError(
      `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} encrypted in ${path.basename(project.stackConfigFile ?? "")} and cannot be decrypted offline; pass --secret ${missing[0]}=VALUE`,
    );
  }
  return { values, secretKeys: [...secretKeys].sort() };
}
