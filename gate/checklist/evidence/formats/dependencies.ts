/**
 * Dependency sets: pip requirements files, poetry.lock, uv.lock, npm's package-lock.json, and the
 * package list of a pip-audit run. They show which packages the Django app depends on (the seed names
 * dj-database-url, psycopg2-binary, gunicorn and whitenoise) and whether versions are pinned. Only a
 * lockfile is the project's whole dependency set, so only a lockfile proves a package missing: a
 * requirements file may be one of several (base, production, dev), a pip-audit run one environment.
 */
import { shown } from "../redaction";
import { Claim, isObject, MalformedEvidence, objectsIn, plural, provesNothing, Reading } from "./reading";

/** PEP 503 normalised name: `Django`, `dj_database_url` → `django`, `dj-database-url`. */
export function pythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const DRIVERS = ["psycopg2-binary", "psycopg2", "psycopg", "psycopg-binary"];
const SERVERS = ["gunicorn", "uvicorn"];

/** The packages each dependency item accepts, first the one the seed names. */
export const PYTHON_PACKAGE_RULES: readonly { item: string; accepts: readonly string[] }[] = [
  // django-environ parses DATABASE_URL as dj-database-url does.
  { item: "backend.dependencies.dj-database-url", accepts: ["dj-database-url", "django-environ"] },
  { item: "backend.dependencies.psycopg2", accepts: DRIVERS },
  // The django-production-settings policy accepts uvicorn as the production server too.
  { item: "backend.dependencies.gunicorn", accepts: SERVERS },
  { item: "backend.dependencies.whitenoise", accepts: ["whitenoise"] },
];

type Versions = ReadonlyMap<string, string | undefined>;

function named(packages: Versions, name: string): string {
  const version = packages.get(name);
  return version ? `${name} ${shown(version, 30)}` : name;
}

/**
 * What a Django dependency set shows about the seed's packages. `complete`: the set is the whole
 * project (a lockfile), so a package absent from it is absent.
 */
export function pythonPackageClaims(source: string, packages: Versions, complete: boolean): Claim[] {
  if (!packages.has("django")) return [];
  const claims: Claim[] = [];
  for (const rule of PYTHON_PACKAGE_RULES) {
    const found = rule.accepts.find((name) => packages.has(name));
    if (found) claims.push({ item: rule.item, result: "pass", fact: `${source}: ${named(packages, found)}` });
    else if (complete) {
      claims.push({
        item: rule.item,
        result: "fail",
        fact: `${source}: no ${rule.accepts.join(" or ")} among ${plural(packages.size, "package")}`,
      });
    }
  }
  const needed = [["django"], SERVERS, DRIVERS].map((names) => names.find((name) => packages.has(name)));
  const item = "backend.dependencies.requirements-production";
  if (needed.every((name) => name !== undefined)) {
    const list = (needed as string[]).map((name) => named(packages, name)).join(", ");
    claims.push({ item, result: "pass", fact: `${source}: the production set ${list}` });
  } else if (complete) {
    const missing = [
      needed[1] ? "" : "a production server (gunicorn or uvicorn)",
      needed[2] ? "" : "a PostgreSQL driver (psycopg2-binary or psycopg)",
    ].filter(Boolean);
    claims.push({ item, result: "fail", fact: `${source}: Django without ${missing.join(" and ")}` });
  }
  return claims;
}

function notDjango(packages: Versions): string {
  return packages.has("django")
    ? ""
    : `; no Django among its ${plural(packages.size, "package")}, so it is not the Django app's set`;
}

// --- pip requirements files ------------------------------------------------------------------

const OPTION_LINE =
  /^(-r|--requirement|-c|--constraint|-e|--editable|-i|--index-url|--extra-index-url|-f|--find-links|--no-index|--pre|--trusted-host|--require-hashes|--only-binary|--no-binary|--prefer-binary|--use-feature)(\s|=|$)/;
const SPECIFIER = String.raw`(?:===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+`;
const REQUIREMENT = new RegExp(
  String.raw`^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[A-Za-z0-9._,\s-]*\])?\s*(\(?\s*${SPECIFIER}(?:\s*,\s*${SPECIFIER})*\s*\)?)?\s*(@\s*\S+)?\s*(;[^#]*)?((?:\s+--hash[=\s]\S+)*)\s*$`,
);
const COMMIT = /@[0-9a-f]{40}\b/i;

interface Requirement {
  name: string;
  pinned: boolean;
  version?: string;
  spec: string;
}

interface RequirementsFile {
  requirements: Requirement[];
  includes: number;
  hashed: number;
}

/** Logical lines: comments dropped, backslash continuations joined. */
function logicalLines(text: string): string[] {
  return (
    text
      .replace(/\\\r?\n/g, " ")
      .split(/\r?\n/)
      // One space between tokens keeps the requirement pattern's optional parts from backtracking.
      .map((line) =>
        line
          .replace(/(^|\s)#.*$/, "")
          .replace(/\s+/g, " ")
          .trim(),
      )
      .filter((line) => line !== "")
  );
}

/**
 * The content test for a requirements file: every logical line is a requirement specifier or a pip
 * option, and at least one requirement carries a version specifier, a URL or a hash (so that a list
 * of words is not taken for one). Undefined when the text is not a requirements file.
 */
export function parseRequirements(text: string): RequirementsFile | undefined {
  const requirements: Requirement[] = [];
  let includes = 0;
  let hashed = 0;
  let specified = 0;
  for (const line of logicalLines(text)) {
    if (OPTION_LINE.test(line)) {
      if (/^(-r|--requirement|-c|--constraint)\b/.test(line)) includes++;
      const editable = /^(-e|--editable)[\s=]+(\S+)/.exec(line);
      if (editable && !/^(\.|\/|file:)/.test(editable[2])) {
        const egg = /#egg=([A-Za-z0-9._-]+)/.exec(editable[2]);
        requirements.push({
          name: pythonName(egg?.[1] ?? editable[2]),
          pinned: COMMIT.test(editable[2]),
          spec: "-e (editable)",
        });
      }
      continue;
    }
    const match = REQUIREMENT.exec(line);
    if (!match) return undefined;
    const [, name, , specifiers = "", url = "", , hashes = ""] = match;
    const exact = /^\(?\s*(===|==)\s*([A-Za-z0-9.+!_-]+)\s*\)?$/.exec(specifiers.trim());
    const hasHash = hashes.trim() !== "";
    if (hasHash) hashed++;
    if (specifiers || url || hasHash) specified++;
    const urlPinned = url !== "" && (COMMIT.test(url) || /#sha256=/.test(url));
    requirements.push({
      name: pythonName(name),
      pinned: (exact !== null && !exact[2].includes("*")) || hasHash || urlPinned,
      version: exact?.[2],
      spec: specifiers.replace(/\s+/g, "") || (url ? "@ URL" : "(no version)"),
    });
  }
  if (requirements.length === 0 || specified === 0) return undefined;
  return { requirements, includes, hashed };
}

export function readRequirements(parsed: RequirementsFile): Reading {
  const { requirements, includes, hashed } = parsed;
  const packages: Versions = new Map(requirements.map((r) => [r.name, r.version]));
  const source = "requirements file";
  const claims = pythonPackageClaims(source, packages, false);
  const unpinned = requirements.filter((r) => !r.pinned);
  const item = "backend.dependencies.pinned-versions";
  if (unpinned.length > 0) {
    const list = unpinned
      .slice(0, 4)
      .map((r) => shown(`${r.name}${r.spec.startsWith("(") ? "" : r.spec}`, 40));
    claims.push({
      item,
      result: "fail",
      fact: `${source}: ${unpinned.length} of ${plural(requirements.length, "requirement")} not pinned with == or a hash (${list.join(", ")}${unpinned.length > 4 ? ", ..." : ""})`,
    });
  } else {
    claims.push({
      item,
      result: "pass",
      fact: `${source}: all ${plural(requirements.length, "requirement")} pinned${hashed > 0 ? ` (${hashed} with --hash)` : " with =="}`,
    });
  }
  const includeNote = includes > 0 ? `; ${plural(includes, "included file")} (-r/-c) not read from here` : "";
  return {
    message: `pip requirements: ${plural(requirements.length, "requirement")}${includeNote}${notDjango(packages)}`,
    claims,
  };
}

// --- poetry.lock and uv.lock -------------------------------------------------------------------

export function isUvLock(document: Record<string, unknown>): boolean {
  return (
    typeof document.version === "number" && Array.isArray(document.package) && !isObject(document.metadata)
  );
}

export function isPoetryLock(document: Record<string, unknown>): boolean {
  const metadata = document.metadata;
  return (
    Array.isArray(document.package) &&
    isObject(metadata) &&
    (typeof metadata["lock-version"] === "string" || typeof metadata["content-hash"] === "string")
  );
}

export function readPythonLock(document: Record<string, unknown>, tool: "uv" | "Poetry"): Reading {
  const entries = objectsIn(document.package);
  const packages = new Map<string, string | undefined>();
  for (const entry of entries) {
    if (typeof entry.name !== "string")
      throw new MalformedEvidence(`${tool} lockfile with a package without a name`);
    const source = isObject(entry.source) ? entry.source : {};
    // uv lists the project itself (editable or virtual source); it is not a dependency.
    if ("editable" in source || "virtual" in source) continue;
    if (typeof entry.version !== "string") {
      throw new MalformedEvidence(`${tool} lockfile with no version for ${shown(entry.name, 40)}`);
    }
    packages.set(pythonName(entry.name), entry.version);
  }
  const file = tool === "uv" ? "uv.lock" : "poetry.lock";
  const claims = pythonPackageClaims(file, packages, true);
  if (packages.has("django")) {
    const examples = ["django", ...SERVERS, ...DRIVERS].filter((n) => packages.has(n)).slice(0, 3);
    claims.push({
      item: "backend.dependencies.pinned-versions",
      result: "pass",
      fact: `${file}: ${plural(packages.size, "package")} locked to exact versions (${examples.map((n) => named(packages, n)).join(", ")})`,
    });
  }
  return {
    message: `${file}: ${plural(packages.size, "package")} locked${notDjango(packages)}`,
    claims,
  };
}

// --- npm package-lock.json -------------------------------------------------------------------

export function isNpmLockfile(document: Record<string, unknown>): boolean {
  return (
    typeof document.lockfileVersion === "number" &&
    (isObject(document.packages) || isObject(document.dependencies))
  );
}

interface NpmPackage {
  name: string;
  version?: string;
  resolved?: string;
}

function npmPackages(document: Record<string, unknown>): NpmPackage[] {
  if (isObject(document.packages)) {
    return Object.entries(document.packages)
      .filter(([key, entry]) => key !== "" && isObject(entry) && entry.link !== true)
      .map(([key, entry]) => {
        const value = entry as Record<string, unknown>;
        return {
          name: key.replace(/^.*node_modules\//, ""),
          version: typeof value.version === "string" ? value.version : undefined,
          resolved: typeof value.resolved === "string" ? value.resolved : undefined,
        };
      });
  }
  const flat: NpmPackage[] = [];
  const walk = (tree: unknown) => {
    if (!isObject(tree)) return;
    for (const [name, entry] of Object.entries(tree)) {
      if (!isObject(entry)) continue;
      flat.push({
        name,
        version: typeof entry.version === "string" ? entry.version : undefined,
        resolved: typeof entry.resolved === "string" ? entry.resolved : undefined,
      });
      walk(entry.dependencies);
    }
  };
  walk(document.dependencies);
  return flat;
}

const GIT_SOURCE = /^(git\+|git:|github:|gitlab:|bitbucket:)/;

export function readNpmLockfile(document: Record<string, unknown>): Reading {
  const packages = npmPackages(document);
  const version = document.lockfileVersion as number;
  const file = `package-lock.json (lockfileVersion ${version})`;
  const byName = new Map(packages.map((p) => [p.name, p.version]));
  if (!byName.has("next")) {
    return provesNothing(
      `${file}: ${plural(packages.length, "package")}`,
      "no next among its packages, so it is not the Next.js app's lockfile",
    );
  }
  const loose = packages.filter((p) => {
    const source = p.resolved ?? p.version ?? "";
    if (p.version === undefined) return true;
    return GIT_SOURCE.test(source) && !/#[0-9a-f]{40}$/i.test(source);
  });
  const item = "backend.dependencies.pinned-versions";
  const claims: Claim[] = [];
  if (loose.length > 0) {
    claims.push({
      item,
      result: "fail",
      fact: `${file}: ${plural(loose.length, "package")} without a locked version or commit (${loose
        .slice(0, 3)
        .map((p) => shown(p.name, 40))
        .join(", ")})`,
    });
  } else {
    const examples = ["next", "react", "react-dom"]
      .filter((n) => byName.has(n))
      .map((n) => `${n} ${shown(byName.get(n) ?? "", 20)}`);
    claims.push({
      item,
      result: "pass",
      fact: `${file}: ${plural(packages.length, "npm package")} locked (${examples.join(", ")}); the Python side needs its own evidence`,
    });
  }
  return { message: `${file}: ${plural(packages.length, "package")} locked`, claims };
}
