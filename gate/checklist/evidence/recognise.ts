/**
 * Telling an evidence file's format from its content alone: JSON by its keys and shape, XML by its
 * root element, TOML lockfiles by their tables, text by the lines each tool prints. A file that starts
 * like a known format but does not parse is malformed (with the parser's position); anything else is
 * foreign. One format per file: the first that matches, in the order below.
 */
import { XMLValidator } from "fast-xml-parser";
import * as yaml from "js-yaml";
import { parse as parseToml } from "smol-toml";
import type { EvidenceFormat } from "./types";
import type { ResolvedEvidenceOptions } from "./options";
import { isObject, Reading } from "./formats/reading";
import { shown } from "./redaction";
import { readJunit } from "./formats/junit";
import { looksLikeDjangoCheck, readDjangoCheck } from "./formats/django-check";
import { isRequiredServerFiles, readRequiredServerFiles } from "./formats/nextjs";
import {
  isLighthouseCiAssertions,
  isLighthouseCiManifest,
  isLighthouseResult,
  readLighthouseCiAssertions,
  readLighthouseCiManifest,
  readLighthouseResult,
} from "./formats/lighthouse";
import { isNpmAudit, isPipAudit, readNpmAudit, readPipAudit } from "./formats/audits";
import {
  isNpmLockfile,
  isPoetryLock,
  isUvLock,
  parseRequirements,
  readNpmLockfile,
  readPythonLock,
  readRequirements,
} from "./formats/dependencies";
import { looksLikeTscLog, readTscLog } from "./formats/tsc-log";
import { isEslintResults, readEslint } from "./formats/eslint";
import { isAxeResults, readAxe } from "./formats/axe-core";
import { isZapReport, readZap } from "./formats/zap";
import { isOpenApi, readOpenApi } from "./formats/openapi";
import { isK6Summary, readK6Summary } from "./formats/k6";

export type Recognition =
  | { kind: "recognised"; format: EvidenceFormat; read: (options: ResolvedEvidenceOptions) => Reading }
  | { kind: "malformed"; format: EvidenceFormat; message: string }
  | { kind: "foreign"; message: string };

interface JsonFormat {
  format: EvidenceFormat;
  is: (document: unknown) => boolean;
  read: (document: any, options: ResolvedEvidenceOptions) => Reading;
  /** Keys that name the format in text that does not parse (a truncated file): all must appear. */
  sniff: RegExp[];
}

const object = (test: (document: Record<string, unknown>) => boolean) => (document: unknown) =>
  isObject(document) && test(document);

/** A parser's complaint, its first line only (TOML and YAML parsers quote the text below it). */
function parserMessage(error: unknown): string {
  return shown((error as Error).message.split("\n")[0], 160);
}

/** V8's JSON complaint without the stretch of the file it quotes: `Unexpected token 's'`, with the position. */
function jsonProblem(error: unknown): string {
  const message = (error as Error).message;
  const reason = message.replace(/,?\s*(\.\.\.)?".*$/s, "");
  const position = /at position \d+/.exec(message)?.[0];
  return shown(position && !reason.includes(position) ? `${reason} ${position}` : reason, 160);
}

const JSON_FORMATS: readonly JsonFormat[] = [
  {
    format: "lighthouse",
    is: object(isLighthouseResult),
    read: readLighthouseResult,
    sniff: [/"lighthouseVersion"\s*:/],
  },
  {
    format: "lighthouse",
    is: isLighthouseCiManifest,
    read: readLighthouseCiManifest,
    sniff: [/"isRepresentativeRun"\s*:/],
  },
  {
    format: "lighthouse",
    is: isLighthouseCiAssertions,
    read: readLighthouseCiAssertions,
    sniff: [/"auditId"\s*:/],
  },
  { format: "npm-audit", is: object(isNpmAudit), read: readNpmAudit, sniff: [/"auditReportVersion"\s*:/] },
  { format: "pip-audit", is: isPipAudit, read: readPipAudit, sniff: [/"vulns"\s*:/] },
  {
    format: "npm-lockfile",
    is: object(isNpmLockfile),
    read: readNpmLockfile,
    sniff: [/"lockfileVersion"\s*:/],
  },
  {
    format: "eslint-json",
    is: isEslintResults,
    read: readEslint,
    sniff: [/"filePath"\s*:/, /"messages"\s*:/],
  },
  { format: "axe-core", is: isAxeResults, read: readAxe, sniff: [/"testEngine"\s*:|"inapplicable"\s*:/] },
  { format: "zap-baseline", is: object(isZapReport), read: readZap, sniff: [/"@programName"\s*:\s*"ZAP"/] },
  {
    format: "openapi",
    is: object(isOpenApi),
    read: readOpenApi,
    sniff: [/"(openapi"\s*:\s*"3\.|swagger"\s*:\s*"2\.0")/],
  },
  {
    format: "k6-summary",
    is: object(isK6Summary),
    read: readK6Summary,
    sniff: [/"root_group"\s*:|"http_req_duration"\s*:/],
  },
  {
    format: "nextjs-required-server-files",
    is: object(isRequiredServerFiles),
    read: readRequiredServerFiles,
    sniff: [/"relativeAppDir"\s*:|"productionBrowserSourceMaps"\s*:/],
  },
];

function recogniseJson(text: string): Recognition | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const head = text.slice(0, 1 << 20);
    const known = JSON_FORMATS.find((f) => f.sniff.every((key) => key.test(head)));
    if (!known) return undefined;
    return {
      kind: "malformed",
      format: known.format,
      message: `invalid JSON, truncated? (${jsonProblem(error)})`,
    };
  }
  const known = JSON_FORMATS.find((f) => f.is(document));
  if (known)
    return { kind: "recognised", format: known.format, read: (options) => known.read(document, options) };
  if (Array.isArray(document) && document.length === 0)
    return { kind: "foreign", message: "an empty JSON list" };
  return {
    kind: "foreign",
    message: `JSON of no known format${isObject(document) ? ` (keys: ${shown(Object.keys(document).slice(0, 5).join(", "), 80)})` : ""}`,
  };
}

function recogniseXml(text: string): Recognition {
  const junitLike = /<testsuites?[\s>]/.test(text);
  // Test reports declare no entities; expanding declared ones is how an XML file blows up a reader.
  if (/<!ENTITY/i.test(text)) {
    const message = "XML that declares entities, which are not expanded";
    return junitLike ? { kind: "malformed", format: "junit", message } : { kind: "foreign", message };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const where = `line ${valid.err.line}: ${valid.err.msg}`;
    return junitLike
      ? { kind: "malformed", format: "junit", message: `invalid JUnit XML, truncated? (${where})` }
      : { kind: "foreign", message: `invalid XML of no known format (${where})` };
  }
  const root = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(
    text.replace(/<\?[^]*?\?>|<!--[^]*?-->|<!DOCTYPE[^>]*>/g, ""),
  );
  if (root && (root[1] === "testsuites" || root[1] === "testsuite")) {
    return { kind: "recognised", format: "junit", read: (options) => readJunit(text, options) };
  }
  return { kind: "foreign", message: `XML of no known format (root <${shown(root?.[1] ?? "?", 40)}>)` };
}

const TOML_PACKAGE_TABLE = /^\s*\[\[package\]\]\s*$/m;

function recogniseToml(text: string): Recognition {
  const guess: EvidenceFormat = /@generated by Poetry|^\s*\[metadata\]/m.test(text)
    ? "poetry-lock"
    : "uv-lock";
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return {
      kind: "malformed",
      format: guess,
      message: `invalid TOML, truncated? (${parserMessage(error)})`,
    };
  }
  if (isPoetryLock(document))
    return { kind: "recognised", format: "poetry-lock", read: () => readPythonLock(document, "Poetry") };
  if (isUvLock(document))
    return { kind: "recognised", format: "uv-lock", read: () => readPythonLock(document, "uv") };
  return { kind: "foreign", message: "TOML with [[package]] tables of no known lockfile" };
}

function recogniseOpenApiYaml(text: string): Recognition {
  let document: unknown;
  try {
    document = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    return {
      kind: "malformed",
      format: "openapi",
      message: `invalid YAML (${parserMessage(error)})`,
    };
  }
  if (isObject(document) && isOpenApi(document)) {
    return {
      kind: "recognised",
      format: "openapi",
      read: () => readOpenApi(document as Record<string, unknown>),
    };
  }
  return {
    kind: "malformed",
    format: "openapi",
    message: "YAML with an openapi or swagger key but no 3.x/2.0 version and info object",
  };
}

export function recognise(text: string): Recognition {
  const start = text.trimStart();
  if (start === "") return { kind: "foreign", message: "an empty file" };
  if (start.startsWith("{") || start.startsWith("[")) {
    const json = recogniseJson(start);
    if (json && (json.kind !== "foreign" || !TOML_PACKAGE_TABLE.test(text))) return json;
  }
  if (start.startsWith("<")) return recogniseXml(start);
  if (TOML_PACKAGE_TABLE.test(text)) return recogniseToml(text);
  if (start.startsWith("{") || start.startsWith("["))
    return { kind: "foreign", message: "invalid JSON of no known format" };
  if (looksLikeDjangoCheck(text))
    return { kind: "recognised", format: "django-check-deploy", read: () => readDjangoCheck(text) };
  if (looksLikeTscLog(text)) return { kind: "recognised", format: "tsc-log", read: () => readTscLog(text) };
  if (/^(openapi|swagger)\s*:/m.test(text)) return recogniseOpenApiYaml(text);
  const requirements = parseRequirements(text);
  if (requirements)
    return { kind: "recognised", format: "python-requirements", read: () => readRequirements(requirements) };
  return { kind: "foreign", message: "text of no known format" };
}
