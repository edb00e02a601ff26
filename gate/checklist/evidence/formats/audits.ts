/**
 * Dependency audits: `pip-audit -f json` and `npm audit --json` (npm 7+, auditReportVersion 2). The
 * seed has no "no known vulnerabilities" item, so an audit proves what it can: pip-audit lists the
 * packages of the environment it audited (the Django dependency items); npm audit advisories classed
 * as XSS, SQL injection or CSRF (CWE-79, 89, 352) fail the item that tests for that class.
 */
import { shown } from "../redaction";
import { pythonName, pythonPackageClaims } from "./dependencies";
import { Claim, isObject, MalformedEvidence, objectsIn, plural, provesNothing, Reading } from "./reading";

// --- pip-audit -----------------------------------------------------------------------------------

function isPipAuditDependency(entry: unknown): boolean {
  return (
    isObject(entry) &&
    typeof entry.name === "string" &&
    ((typeof entry.version === "string" && Array.isArray(entry.vulns)) ||
      typeof entry.skip_reason === "string")
  );
}

/** pip-audit 2.x `{dependencies, fixes}`, or the older bare list of dependencies. */
export function isPipAudit(document: unknown): boolean {
  const list = isObject(document) && Array.isArray(document.fixes) ? document.dependencies : document;
  return Array.isArray(list) && list.length > 0 && list.every(isPipAuditDependency);
}

export function readPipAudit(document: unknown): Reading {
  const list = objectsIn(isObject(document) ? document.dependencies : document);
  const audited = list.filter((entry) => typeof entry.version === "string");
  const skipped = list.length - audited.length;
  const packages = new Map(
    audited.map((entry) => [pythonName(entry.name as string), entry.version as string]),
  );
  const vulnerable = audited.filter((entry) => Array.isArray(entry.vulns) && entry.vulns.length > 0);
  const vulnerabilities = vulnerable.reduce((sum, entry) => sum + (entry.vulns as unknown[]).length, 0);
  const examples = vulnerable.slice(0, 2).map((entry) => {
    const ids = objectsIn(entry.vulns).map((v) => (typeof v.id === "string" ? shown(v.id, 30) : "?"));
    return `${shown(entry.name as string, 40)} ${shown(entry.version as string, 20)}: ${ids.slice(0, 2).join(", ")}`;
  });
  const vulnerabilityNote =
    vulnerabilities > 0
      ? `${plural(vulnerabilities, "known vulnerability", "known vulnerabilities")} (${examples.join("; ")}${vulnerable.length > 2 ? "; ..." : ""})`
      : "no known vulnerability";
  const claims = pythonPackageClaims("pip-audit", packages, false);
  const message = `pip-audit: ${plural(audited.length, "package")} audited, ${vulnerabilityNote}${skipped > 0 ? `, ${skipped} skipped` : ""}`;
  if (claims.length === 0) {
    return provesNothing(
      message,
      packages.has("django")
        ? "none of the seed's packages is in it"
        : "no Django in the audited environment",
    );
  }
  return { message, claims };
}

// --- npm audit -----------------------------------------------------------------------------------

export function isNpmAudit(document: Record<string, unknown>): boolean {
  if (typeof document.auditReportVersion === "number" && isObject(document.vulnerabilities)) return true;
  if (isObject(document.advisories) && isObject(document.metadata) && "actions" in document) return true;
  const error = document.error;
  return (
    isObject(error) &&
    typeof error.code === "string" &&
    /audit|lockfile|lock file/i.test(`${error.summary ?? ""} ${error.detail ?? ""}`)
  );
}

/** Advisory classes that fail the security test item for that class. */
const CWE_ITEMS: Record<string, { item: string; name: string }> = {
  "CWE-79": { item: "qa.security.xss", name: "cross-site scripting" },
  "CWE-89": { item: "qa.security.sql-injection", name: "SQL injection" },
  "CWE-352": { item: "qa.security.csrf", name: "cross-site request forgery" },
};
const SERIOUS = new Set(["moderate", "high", "critical"]);

export function readNpmAudit(document: Record<string, unknown>): Reading {
  if (isObject(document.error)) {
    return provesNothing("npm audit", `it did not run (${shown(String(document.error.code), 30)})`);
  }
  if (document.auditReportVersion !== 2) {
    throw new MalformedEvidence(
      typeof document.auditReportVersion === "number"
        ? `npm audit report version ${document.auditReportVersion}; this reader knows version 2 (npm 7 and later)`
        : "an npm 6 audit report; run `npm audit --json` with npm 7 or later",
    );
  }
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const counts = isObject(metadata.vulnerabilities) ? metadata.vulnerabilities : undefined;
  if (!counts) throw new MalformedEvidence("npm audit report without metadata.vulnerabilities");
  const count = (severity: string) =>
    typeof counts[severity] === "number" ? (counts[severity] as number) : 0;
  const dependencies = isObject(metadata.dependencies) ? metadata.dependencies.total : undefined;
  const claims: Claim[] = [];
  for (const [name, vulnerability] of Object.entries(document.vulnerabilities as Record<string, unknown>)) {
    if (!isObject(vulnerability)) continue;
    for (const advisory of objectsIn(vulnerability.via)) {
      const severity = String(advisory.severity ?? vulnerability.severity);
      if (!SERIOUS.has(severity)) continue;
      for (const cwe of Array.isArray(advisory.cwe) ? advisory.cwe : []) {
        const target = CWE_ITEMS[String(cwe)];
        if (!target || claims.some((claim) => claim.item === target.item)) continue;
        const id = typeof advisory.url === "string" ? /GHSA-[\w-]+/.exec(advisory.url)?.[0] : undefined;
        const title = typeof advisory.title === "string" ? ` "${shown(advisory.title, 80)}"` : "";
        claims.push({
          item: target.item,
          result: "fail",
          fact: `npm audit: ${shown(name, 40)} has a ${severity} ${target.name} advisory (${cwe}${id ? `, ${id}` : ""})${title}`,
        });
      }
    }
  }
  const total = ["critical", "high", "moderate", "low", "info"].reduce((sum, s) => sum + count(s), 0);
  const summary = `npm audit: ${plural(total, "vulnerability", "vulnerabilities")} (${count("critical")} critical, ${count("high")} high, ${count("moderate")} moderate, ${count("low")} low)${typeof dependencies === "number" ? ` in ${plural(dependencies, "dependency", "dependencies")}` : ""}`;
  if (claims.length === 0) {
    return provesNothing(
      summary,
      "no XSS, SQL injection or CSRF advisory, and the checklist has no item for other vulnerabilities",
    );
  }
  return { message: summary, claims };
}
