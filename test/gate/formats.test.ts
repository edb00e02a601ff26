/**
 * Every output format from one real gate run: well-formed, complete, at the program's source
 * lines, and free of secret values given with --secret.
 */
import AjvDraft04 from "ajv-draft-04";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { render } from "../../gate/cli";
import { GateReport, runGate } from "../../gate/run";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli, externalProject } from "../helpers/cli";
import { PACK_DIR } from "../helpers/pack";

const CANARY = "canary-Zq8vX2pL-secret-value";
const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

describe("output formats", () => {
  let report: GateReport;
  beforeAll(async () => {
    report = await runGate({
      projectDir: externalProject("ts-app"),
      stack: "dev",
      packDir: PACK_DIR,
      mode: "both",
      config: [],
      secrets: [`dbPassword=${CANARY}`],
      organization: "org",
      strictUnknowns: false,
      transport: "in-process",
      packEntry: "index.ts",
    });
  });

  it.each(["text", "json", "sarif", "junit", "markdown"] as const)(
    "%s never contains a --secret value",
    (format) => {
      const text = render(report, format);
      expect(text.length).toBeGreaterThan(200);
      expect(text).not.toContain(CANARY);
    },
  );

  it("says which profile the run used: a stack that names none gets the org baseline", () => {
    expect(JSON.parse(render(report, "json")).policyConfig).toEqual({
      profile: "org-baseline",
      file: null,
      source: "default",
    });
    expect(render(report, "text")).toContain("production-readiness@v0.1.0, profile org-baseline (default)");
    expect(render(report, "markdown")).toContain("profile `org-baseline (default)`");
  });

  it("json follows the documented contract", () => {
    const document = JSON.parse(render(report, "json"));
    expect(Object.keys(document)).toEqual([
      "tool",
      "version",
      "project",
      "stack",
      "mode",
      "passed",
      "policyPack",
      "policyConfig",
      "resources",
      "policies",
      "violations",
      "summary",
    ]);
    expect(document.policies.find((p: any) => p.name === "rds-backup-retention")).toEqual({
      name: "rds-backup-retention",
      enforcementLevel: "mandatory",
      severity: "high",
      checklist: [
        "backend.database.backups-enabled",
        "devops.backups.database-backups",
        "devops.backups.retention-policy",
      ],
    });
    expect(document.summary.mandatory).toBe(document.violations.filter((v: any) => v.blocking).length);
    for (const violation of document.violations) {
      expect(Object.keys(violation)).toEqual([
        "policy",
        "enforcementLevel",
        "category",
        "blocking",
        "severity",
        "urn",
        "resourceType",
        "resourceName",
        "message",
        "checklist",
        "source",
        "modes",
      ]);
    }
    const retention = document.violations.find((v: any) => v.policy === "rds-backup-retention");
    expect(retention.checklist).toEqual([
      "backend.database.backups-enabled",
      "devops.backups.database-backups",
      "devops.backups.retention-policy",
    ]);
  });

  it("sarif is valid SARIF 2.1.0 with rules from the pack and results at source lines", () => {
    const document = JSON.parse(render(report, "sarif"));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    const valid = ajv.validate(sarifSchema, document);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = document.runs[0];
    expect(run.tool.driver.rules.length).toBe(report.runs[0].analysis.pack.policies.length);
    const result = run.results.find((r: any) => r.ruleId === "rds-backup-retention");
    expect(result.level).toBe("error");
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "index.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 24 },
    });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe("rds-backup-retention");
  });

  it("junit is well-formed with one suite per policy and a case per policy and resource", () => {
    const xml = render(report, "junit");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suites = [parsed.testsuites.testsuite].flat();
    expect(suites.length).toBe(report.runs[0].analysis.pack.policies.length);
    const retention = suites.find((s: any) => s["@_name"] === "rds-backup-retention");
    const failing = [retention.testcase].flat().filter((c: any) => c.failure);
    expect(failing.map((c: any) => c["@_name"])).toEqual(["aws:rds/instance:Instance orders-db"]);
    expect(Number(parsed.testsuites["@_failures"])).toBeGreaterThan(0);
  });

  it("markdown carries the comment marker, the verdict and the blocking table", () => {
    const markdown = render(report, "markdown");
    expect(markdown.startsWith("<!-- prodready-gate -->\n### ❌ prodready gate: `orders/dev` (both)")).toBe(
      true,
    );
    expect(markdown).toContain("#### Blocking");
    expect(markdown).toContain(
      "| `rds-backup-retention` | `aws:rds/instance:Instance orders-db` | Set backupRetentionPeriod to at least 7 days; it is 3. | `index.ts:24` |",
    );
  });

  it("text reads like Pulumi's policy section and ends with the verdict", () => {
    const text = render(report, "text");
    expect(text).toMatch(
      /^Policies \(orders\/dev, both\):\n {4}❌ production-readiness@v0\.1\.0, profile org-baseline \(default\)\n/,
    );
    expect(text).toContain(
      "          aws:rds/instance:Instance orders-db  index.ts:24 (preview, deploy)  [mandatory]\n            Set backupRetentionPeriod to at least 7 days; it is 3.\n",
    );
    expect(text.trimEnd().split("\n").pop()).toMatch(/^ {4}FAIL: \d+ mandatory violations?$/);
  });
});

describe("--output", () => {
  it("writes the report to the file; stderr carries the one-line summary only, stdout nothing", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodready-output-")), "gate.json");
    const result = await cli(
      "gate",
      "--project-dir",
      externalProject("ts-app"),
      "--stack",
      "dev",
      "--mode",
      "preview",
      "--secret",
      `dbPassword=${CANARY}`,
      "--format",
      "json",
      "--output",
      file,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^prodready gate: orders/dev \\(preview\\) FAIL: \\d+ mandatory violations \\(\\d+ mandatory, \\d+ advisory, \\d+ unverified at preview, \\d+ exempt, \\d+ policy errors; \\d+ resources, .*\\); report written to ${file}$`,
        ),
      ),
      "",
    ]);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).tool).toBe("prodready");
  });
});
