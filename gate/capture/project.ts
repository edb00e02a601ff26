/**
 * A Pulumi project as the CLI finds it: Pulumi.yaml (name, runtime, main, stackConfigDir), the
 * stack's config file, config overrides from the command line, and the program's entry point.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { GateInputError } from "../errors";

/** Bad input about the project or its stack: the gate cannot decide, exit code 2. */
export class ProjectError extends GateInputError {}

export interface ProjectInfo {
  dir: string;
  name: string;
  runtime: string;
  /** Absolute path of the program's entry file. */
  entry: string;
  typescript: boolean;
  stackConfigFile: string;
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

export function loadProject(projectDir: string, stack: string): ProjectInfo {
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
  const mainField = typeof manifest.main === "string" ? manifest.main : ".";
  const entry = resolveEntry(path.resolve(dir, mainField));
  if (!entry)
    throw new ProjectError(
      `the program entry ${path.resolve(dir, mainField)} has no index.ts, index.js or package.json main; fix main: in ${manifestFile}`,
    );
  const configDir =
    typeof manifest.stackConfigDir === "string" ? path.resolve(dir, manifest.stackConfigDir) : dir;
  const stackConfigFile = ["yaml", "yml"]
    .map((ext) => path.join(configDir, `Pulumi.${stack}.${ext}`))
    .find((f) => fs.existsSync(f));
  if (!stackConfigFile) {
    throw new ProjectError(
      `stack ${stack} has no config file ${path.join(configDir, `Pulumi.${stack}.yaml`)}; create it or pass another --stack`,
    );
  }
  return { dir, name, runtime, entry, typescript: /\.tsx?$/.test(entry), stackConfigFile };
}

function resolveEntry(target: string): string | undefined {
  if (fs.existsSync(target) && fs.statSync(target).isFile()) return target;
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) return undefined;
  const manifest = path.join(target, "package.json");
  if (fs.existsSync(manifest)) {
    try {
      const main = JSON.parse(fs.readFileSync(manifest, "utf8")).main;
      if (typeof main === "string") {
        const resolved =
          resolveEntry(path.resolve(target, main)) ?? resolveEntry(path.resolve(target, `${main}.js`));
        if (resolved) return resolved;
      }
    } catch {
      /* fall through to index files, as Node does */
    }
  }
  return ["index.ts", "index.js"].map((f) => path.join(target, f)).find((f) => fs.existsSync(f));
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
  const document = readYaml(project.stackConfigFile, "the stack config file");
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
      `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} encrypted in ${path.basename(project.stackConfigFile)} and cannot be decrypted offline; pass --secret ${missing[0]}=VALUE`,
    );
  }
  return { values, secretKeys: [...secretKeys].sort() };
}
