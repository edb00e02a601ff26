/**
 * An OpenAPI document (3.x, or Swagger 2.0), JSON or YAML, as drf-spectacular or drf-yasg generate it
 * from the Django code. It documents the API's endpoints; its paths (or server URLs, or basePath)
 * show a version prefix such as /v1/ or /api/v1/. Health and schema endpoints are commonly left
 * unversioned and are not counted.
 */
import { shown } from "../redaction";
import { Claim, isObject, MalformedEvidence, objectsIn, plural, provesNothing, Reading } from "./reading";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const VERSIONED = /\/v\d+(\.\d+)?(\/|$)/i;
const UNVERSIONED_BY_NATURE =
  /^(\/api)?\/(healthz?|readyz?|livez|ping|status|metrics|schema|openapi(\.json|\.yaml)?|docs|swagger(-ui)?|redoc)(\/|$)/i;

function specVersion(document: Record<string, unknown>): string | undefined {
  const raw = document.openapi ?? document.swagger;
  const version = typeof raw === "number" ? raw.toFixed(1) : raw;
  if (typeof version !== "string") return undefined;
  if ("openapi" in document) return /^3\./.test(version) ? `OpenAPI ${version}` : undefined;
  return /^2(\.0)?$/.test(version) ? "Swagger 2.0" : undefined;
}

export function isOpenApi(document: Record<string, unknown>): boolean {
  return specVersion(document) !== undefined && isObject(document.info);
}

function baseUrls(document: Record<string, unknown>): string[] {
  if (typeof document.basePath === "string") return [document.basePath];
  return objectsIn(document.servers)
    .map((server) => server.url)
    .filter((url): url is string => typeof url === "string");
}

export function readOpenApi(document: Record<string, unknown>): Reading {
  const spec = specVersion(document) as string;
  const info = document.info as Record<string, unknown>;
  const title = typeof info.title === "string" ? ` "${shown(info.title, 60)}"` : "";
  const what = `${spec} document${title}`;
  if (document.paths !== undefined && !isObject(document.paths))
    throw new MalformedEvidence(`${what} whose paths is not an object`);
  const paths = isObject(document.paths) ? document.paths : {};
  for (const path of Object.keys(paths)) {
    if (!path.startsWith("/"))
      throw new MalformedEvidence(`${what} with a path that does not start with "/"`);
  }
  const operations = Object.values(paths).reduce<number>(
    (sum, item) => sum + (isObject(item) ? METHODS.filter((method) => isObject(item[method])).length : 0),
    0,
  );
  if (operations === 0) return provesNothing(what, "it documents no operation");

  const claims: Claim[] = [
    {
      item: "docs.api-endpoints",
      result: "pass",
      fact: `${what}: ${plural(operations, "operation")} on ${plural(Object.keys(paths).length, "path")}`,
    },
  ];
  const item = "api.endpoints.versioning";
  const bases = baseUrls(document);
  const considered = Object.keys(paths).filter((path) => !UNVERSIONED_BY_NATURE.test(path));
  const outside = considered.filter((path) => !VERSIONED.test(path));
  if (bases.length > 0 && bases.every((url) => VERSIONED.test(url))) {
    claims.push({
      item,
      result: "pass",
      fact: `${what}: every server URL carries a version (${shown(bases[0], 60)})`,
    });
  } else if (considered.length > 0 && outside.length === 0) {
    claims.push({
      item,
      result: "pass",
      fact: `${what}: all ${plural(considered.length, "path")} under a version prefix (${shown(considered[0], 60)})`,
    });
  } else if (outside.length < considered.length) {
    claims.push({
      item,
      result: "fail",
      fact: `${what}: ${outside.length} of ${plural(considered.length, "path")} outside a version prefix (${outside
        .slice(0, 2)
        .map((p) => shown(p, 50))
        .join(", ")})`,
    });
  }
  const versionNote =
    claims.length === 1
      ? "; no version in its paths or server URLs (header versioning cannot be seen here)"
      : "";
  return { message: `${what}: ${plural(operations, "operation")}${versionNote}`, claims };
}
