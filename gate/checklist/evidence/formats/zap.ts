/**
 * OWASP ZAP's JSON report (`zap-baseline.py -J`, `zap-full-scan.py -J`, the traditional-json report).
 * An alert of a class (by scan rule id or CWE) fails the item testing that class. The baseline scan
 * is passive: it never probes for XSS or SQL injection, so no alert there proves nothing. The report
 * does not name its scan policy; an alert instance carrying an `attack` (only active rules send one)
 * is what shows an active scan ran, and only then does the absence of a class pass its item.
 */
import { shown, shownUrl } from "../redaction";
import { parseIsoTimestamp, parseRfc1123Timestamp } from "../timestamps";
import { Claim, objectsIn, plural, Reading } from "./reading";

export function isZapReport(document: Record<string, unknown>): boolean {
  return (
    Array.isArray(document.site) &&
    (document["@programName"] === "ZAP" || typeof document["@generated"] === "string")
  );
}

/** Alert classes that the checklist's security testing items name, by ZAP scan rule id and CWE. */
export const ZAP_CLASSES = [
  {
    item: "qa.security.xss",
    name: "cross-site scripting",
    rules: ["40012", "40014", "40016", "40017", "40026"],
    cwe: "79",
    passable: true,
  },
  {
    item: "qa.security.sql-injection",
    name: "SQL injection",
    rules: ["40018", "40019", "40020", "40021", "40022", "40024", "40027", "90018"],
    cwe: "89",
    passable: true,
  },
  { item: "qa.security.csrf", name: "CSRF", rules: ["10202", "20012"], cwe: "352", passable: true },
  // Headers the edge should set: a missing one on a scanned page fails the item, its presence is the pack's to prove.
  {
    item: "frontend.security.csp",
    name: "missing Content-Security-Policy",
    rules: ["10038"],
    cwe: "",
    passable: false,
  },
  {
    item: "frontend.security.x-frame-options-deny",
    name: "anti-clickjacking header",
    rules: ["10020"],
    cwe: "",
    passable: false,
  },
] as const;

const RISKS = ["informational", "low", "medium", "high"];

interface Alert {
  rule: string;
  cwe: string;
  name: string;
  risk: number;
  site: string;
  attacked: boolean;
}

export function readZap(document: Record<string, unknown>): Reading {
  const version = typeof document["@version"] === "string" ? ` ${shown(document["@version"], 20)}` : "";
  const producedAt = parseIsoTimestamp(document.created) ?? parseRfc1123Timestamp(document["@generated"]);
  const sites = objectsIn(document.site);
  const alerts: Alert[] = sites.flatMap((site) =>
    objectsIn(site.alerts)
      // Confidence 0 is ZAP's "false positive".
      .filter((alert) => String(alert.confidence ?? "") !== "0")
      .map((alert) => ({
        rule: String(alert.pluginid ?? alert.alertRef ?? ""),
        cwe: String(alert.cweid ?? ""),
        name: shown(String(alert.alert ?? alert.name ?? "an alert"), 70),
        risk: Number(alert.riskcode ?? 0),
        site: typeof site["@name"] === "string" ? shownUrl(site["@name"]) : "a site",
        attacked: objectsIn(alert.instances).some((i) => typeof i.attack === "string" && i.attack !== ""),
      })),
  );
  const active = alerts.some((alert) => alert.attacked);
  const claims: Claim[] = [];
  for (const zapClass of ZAP_CLASSES) {
    const raised = alerts.filter(
      (alert) =>
        alert.risk >= 1 &&
        ((zapClass.rules as readonly string[]).includes(alert.rule) ||
          (zapClass.cwe !== "" && alert.cwe === zapClass.cwe)),
    );
    if (raised.length > 0) {
      const first = raised[0];
      claims.push({
        item: zapClass.item,
        result: "fail",
        fact: `ZAP: "${first.name}" (rule ${shown(first.rule, 10)}, ${RISKS[first.risk] ?? "unknown"} risk) on ${first.site}${raised.length > 1 ? ` and ${plural(raised.length - 1, "more alert")}` : ""}`,
      });
    } else if (zapClass.passable && active) {
      claims.push({
        item: zapClass.item,
        result: "pass",
        fact: `ZAP active scan of ${plural(sites.length, "site")}: no ${zapClass.name} alert`,
      });
    }
  }
  const byRisk = [3, 2, 1, 0].map((risk) => `${alerts.filter((a) => a.risk === risk).length} ${RISKS[risk]}`);
  return {
    message: `ZAP${version}: ${plural(sites.length, "site")}, ${plural(alerts.length, "alert")} (${byRisk.join(", ")}); ${active ? "active scan" : "passive scan only: no XSS or SQL injection probe ran"}`,
    claims,
    producedAt,
    timestampProblem: producedAt ? undefined : "neither `created` nor `@generated` is a readable time",
  };
}
