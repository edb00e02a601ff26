/**
 * The readiness report computed from real gate runs of the production program (captured once) and
 * from gate JSON results: the verdict, the status of each item, and the exit codes of
 * `prodready checklist`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Registration } from "../../gate/capture";
import type { GateReport } from "../../gate/run";
import { buildModel } from "../../gate/report/model";
import { toJsonDocument } from "../../gate/report/json";
import {
  buildChecklistReport,
  ChecklistReport,
  evidenceFromGateJson,
  evidenceFromReport,
  GateEvidence,
  GateFinding,
  GateResultError,
  ItemResult,
  NOT_READY,
  READY,
} from "../../gate/checklist/model";
import { renderChecklist, runChecklist } from "../../gate/checklist/command";
import { CHECKLIST_ITEMS } from "../../policies/checklist";
import { policies } from "../../policies/pack";
import { analyzeCaptured, captureStack, Captured, one, REPO } from "../helpers/program";
import { PACK_DIR } from "../helpers/pack";
import { cli } from "../helpers/cli";

type Mutation = (registrations: Registration[]) => void;

async function gateReport(captures: Captured[], mutate?: Mutation): Promise<GateReport> {
  const runs = [];
  for (const captured of captures) {
    runs.push({ mode: captured.mode, analysis: await analyzeCaptured(captured, mutate), resources: [] });
  }
  return {
    project: "prodready",
    stack: "production",
    projectDir: REPO,
    requestedMode: "both",
    runs,
    secretValues: [],
    strictUnknowns: false,
    timings: {},
  };
}

const itemOf = (report: ChecklistReport, id: string): ItemResult => {
  const found = report.sections.flatMap((section) => section.items).find((result) => result.item.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
const statusOf = (report: ChecklistReport, id: string) => itemOf(report, id).status;
const enforcedIds = CHECKLIST_ITEMS.filter((item) => item.disposition.kind === "enforced").map(
  (item) => item.id,
);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-checklist-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const writeJson = (name: string, value: unknown) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};

describe("the production program", () => {
  let captures: Captured[];
  let production: GateReport;
  let ready: ChecklistReport;

  beforeAll(async () => {
    captures = await Promise.all([
      captureStack("production", "preview"),
      captureStack("production", "deploy"),
    ]);
    production = await gateReport(captures);
    ready = buildChecklistReport(evidenceFromReport(production));
  });

  it("is production ready, with no enforced item failing", () => {
    expect(ready.verdict).toBe(READY);
    expect(ready.ready).toBe(true);
    expect(ready.reasons).toEqual([]);
    expect(ready.counts.fail).toBe(0);
    expect(ready.counts["not-enforced"]).toBe(0);
    expect(ready.counts.pass + ready.counts.unverified).toBe(enforcedIds.length);
    expect(ready.counts.pass).toBeGreaterThan(40);
  });

  it("counts every item once, per status and per section", () => {
    const total = Object.values(ready.counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(CHECKLIST_ITEMS.length);
    expect(ready.sections.map((section) => section.title)).toEqual([
      ...new Set(CHECKLIST_ITEMS.map((item) => item.section)),
    ]);
    for (const section of ready.sections) {
      expect(Object.values(section.counts).reduce((sum, count) => sum + count, 0)).toBe(section.items.length);
    }
    expect(statusOf(ready, "qa.compatibility.browsers")).toBe("out-of-scope");
    expect(statusOf(ready, "docs.troubleshooting")).toBe("documented");
    expect(statusOf(ready, "devops.frontend-hosting.domain-dns")).toBe("provisioned");
  });

  it("reports an item unverified at preview only when its only findings are unverified", () => {
    for (const section of ready.sections) {
      for (const result of section.items.filter((r) => r.status === "unverified")) {
        expect(result.findings.length).toBeGreaterThan(0);
        expect(result.findings.every((f) => f.category === "unverified")).toBe(true);
      }
    }
  });

  describe("with backups disabled (backupRetentionPeriod 1 on the RDS instance)", () => {
    let broken: ChecklistReport;
    beforeAll(async () => {
      const report = await gateReport(
        captures,
        (r) => void (one(r, "aws:rds/instance:Instance").inputs.backupRetentionPeriod = 1),
      );
      broken = buildChecklistReport(evidenceFromReport(report));
    });

    it("fails the backup items with the violation and turns the verdict to not ready", () => {
      expect(broken.verdict).toBe(NOT_READY);
      for (const id of [
        "backend.database.backups-enabled",
        "devops.backups.database-backups",
        "devops.backups.retention-policy",
      ]) {
        const result = itemOf(broken, id);
        expect(result.status).toBe("fail");
        const violation = result.findings.find(
          (f) => f.policy === "rds-backup-retention" && f.category === "violation",
        );
        expect(violation?.blocking).toBe(true);
        expect(violation?.message).toMatch(/^Set backupRetentionPeriod to at least 14 days/);
      }
      expect(broken.counts.fail).toBe(3);
      expect(broken.reasons).toEqual([
        "3 enforced items fail.",
        expect.stringMatching(/^\d+ mandatory violations? blocks? the deploy\.$/),
      ]);
    });

    it("leaves the other items as they were", () => {
      for (const id of enforcedIds.filter(
        (id) => !/backups-enabled|database-backups|retention-policy/.test(id),
      )) {
        expect([id, statusOf(broken, id)]).toEqual([id, statusOf(ready, id)]);
      }
    });

    it("shows the failing items and the violation in every format", () => {
      const markdown = renderChecklist(broken, "markdown");
      expect(markdown).toContain("❌ Not ready");
      expect(markdown).toMatch(/❌ \*\*fail\*\* `backend\.database\.backups-enabled`/);
      expect(markdown).toContain("Set backupRetentionPeriod to at least 14 days");
      const document = JSON.parse(renderChecklist(broken, "json"));
      expect(document).toMatchObject({
        report: "checklist",
        ready: false,
        verdict: NOT_READY,
        counts: { fail: 3 },
      });
      const html = renderChecklist(broken, "html");
      expect(html).toContain('data-verdict="not ready"');
      expect(html).toContain('data-id="devops.backups.retention-policy" data-status="fail"');
    });
  });

  describe("prodready checklist --from a gate JSON result", () => {
    let gateJson: string;
    beforeAll(() => {
      gateJson = writeJson("gate.json", toJsonDocument(buildModel(production)));
    });

    it("reads the result and exits 0 when the stack is production ready", async () => {
      const result = await cli("checklist", "--from", gateJson, "--format", "json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout);
      expect(document).toMatchObject({
        project: "prodready",
        stack: "production",
        ready: true,
        verdict: READY,
        counts: ready.counts,
      });
    });

    it("counts a disabled enforcing policy as not enforced, and exits 1", async () => {
      const config = writeJson("disable.json", { all: "mandatory", "uptime-monitoring": "disabled" });
      const output = path.join(tmp, "report.md");
      const result = await cli(
        "checklist",
        "--from",
        gateJson,
        "--policy-pack-config",
        config,
        "--output",
        output,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^prodready checklist: prodready\/production is not ready \(0 fail, 2 not enforced,/,
      );
      const markdown = fs.readFileSync(output, "utf8");
      expect(markdown).toMatch(
        /⛔ \*\*not enforced\*\* `devops\.monitoring\.uptime-monitoring`.*`uptime-monitoring` \(disabled\)/,
      );
      expect(markdown).toMatch(/⛔ \*\*not enforced\*\* `devops\.backend-hosting\.health-checks`/);
    });

    it("renders the same report as a gate run of the same program", async () => {
      let stdout = "";
      const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined };
      const code = await runChecklist(
        {
          projectDir: REPO,
          packDir: PACK_DIR,
          organization: "organization",
          format: "markdown",
          from: gateJson,
          transport: "in-process",
          packEntry: "index.ts",
        },
        io,
      );
      expect(code).toBe(0);
      expect(stdout).toBe(renderChecklist(ready, "markdown"));
    });

    it.each([
      [
        "a missing file",
        () => path.join(tmp, "missing.json"),
        /^prodready: the gate result \S+missing\.json does not exist; pass the output of `prodready gate --format json` with --from\n$/,
      ],
      [
        "a file that is not JSON",
        () => writeJson("broken.json", "{ not json"),
        /^prodready: the gate result \S+broken\.json is not valid JSON; pass the output/,
      ],
      [
        "JSON that is not a gate result",
        () => writeJson("other.json", { hello: "world" }),
        /^prodready: the gate result \S+other\.json: it is not a gate result; pass the output/,
      ],
      [
        "a result with a malformed violation",
        () =>
          writeJson("bad-violation.json", {
            ...JSON.parse(fs.readFileSync(gateJson, "utf8")),
            violations: [{ policy: 1 }],
          }),
        /violations\[0\] has no string "policy"/,
      ],
    ])("exits 2 with one line on stderr for %s", async (_case, file, message) => {
      const result = await cli("checklist", "--from", file());
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });

    it("exits 2 when --stack names another stack than the result's", async () => {
      const result = await cli("checklist", "--from", gateJson, "--stack", "staging");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^prodready: --stack staging does not match the stack of the gate result/,
      );
    });
  });
});

describe("statuses from synthetic gate results", () => {
  const allMandatory = policies.map((policy) => ({ name: policy.name, enforcementLevel: "mandatory" }));
  const evidence = (findings: Partial<GateFinding>[], levels = allMandatory): GateEvidence => ({
    project: "prodready",
    stack: "production",
    mode: "both",
    policyPack: { name: "production-readiness", version: "0.1.0" },
    policies: levels,
    findings: findings.map((finding) => ({
      policy: "rds-backup-retention",
      enforcementLevel: "mandatory",
      category: "violation",
      blocking: true,
      severity: "high",
      urn: "urn:pulumi:production::prodready::aws:rds/instance:Instance::db",
      resourceType: "aws:rds/instance:Instance",
      resourceName: "db",
      message: "Set it.",
      checklist: [],
      source: null,
      modes: ["deploy"],
      ...finding,
    })),
  });

  it("passes every enforced item when every policy ran without a finding, even with nothing to judge", () => {
    const report = buildChecklistReport(evidence([]));
    expect(report.verdict).toBe(READY);
    expect(report.counts.pass).toBe(enforcedIds.length);
  });

  it("fails an item on an advisory violation, and the verdict with it", () => {
    const report = buildChecklistReport(
      evidence([{ policy: "rds-deletion-safety", enforcementLevel: "advisory", blocking: false }]),
    );
    expect(statusOf(report, "devops.backups.database-backups")).toBe("fail");
    expect(report.verdict).toBe(NOT_READY);
    expect(report.reasons).toEqual(["1 enforced item fails."]);
  });

  it("fails an item on a policy error", () => {
    const report = buildChecklistReport(
      evidence([{ policy: "waf-managed-rules", category: "policy-error" }]),
    );
    expect(statusOf(report, "api.endpoints.input-validation")).toBe("fail");
  });

  it("keeps an item unverified at preview when its only findings are unverified, and the stack ready", () => {
    const report = buildChecklistReport(
      evidence([
        { policy: "s3-tls-only", category: "unverified", enforcementLevel: "advisory", blocking: false },
      ]),
    );
    expect(statusOf(report, "backend.files.media-uploads-secured")).toBe("unverified");
    expect(report.verdict).toBe(READY);
  });

  it("passes an item unverified at preview that the deploy run of the same gate verified", () => {
    const report = buildChecklistReport(
      evidence([
        {
          policy: "s3-tls-only",
          category: "unverified",
          enforcementLevel: "advisory",
          blocking: false,
          modes: ["preview"],
        },
      ]),
    );
    expect(statusOf(report, "backend.files.media-uploads-secured")).toBe("pass");
    expect(
      buildChecklistReport({
        ...evidence([
          {
            policy: "s3-tls-only",
            category: "unverified",
            enforcementLevel: "advisory",
            blocking: false,
            modes: ["preview"],
          },
        ]),
        mode: "preview",
      })
        .sections.flatMap((s) => s.items)
        .find((r) => r.item.id === "backend.files.media-uploads-secured")!.status,
    ).toBe("unverified");
  });

  it("passes an item whose only finding is an active exemption", () => {
    const report = buildChecklistReport(
      evidence([
        { policy: "s3-tls-only", category: "exempt", enforcementLevel: "advisory", blocking: false },
      ]),
    );
    expect(statusOf(report, "backend.files.media-uploads-secured")).toBe("pass");
    expect(itemOf(report, "backend.files.media-uploads-secured").findings).toHaveLength(1);
  });

  it("says not enforced when an enforcing policy is disabled or missing from the pack", () => {
    const levels = allMandatory
      .filter((policy) => policy.name !== "waf-managed-rules")
      .map((policy) =>
        policy.name === "monitoring-alarms" ? { ...policy, enforcementLevel: "disabled" } : policy,
      );
    const report = buildChecklistReport(evidence([], levels));
    expect(statusOf(report, "devops.monitoring.critical-alerts")).toBe("not-enforced");
    expect(statusOf(report, "api.endpoints.input-validation")).toBe("not-enforced");
    expect(itemOf(report, "api.endpoints.input-validation").policies).toEqual([
      { name: "waf-managed-rules", enforcementLevel: "missing" },
    ]);
    expect(report.verdict).toBe(NOT_READY);
    expect(report.reasons).toEqual([
      "2 enforced items have a policy that is disabled or missing from the pack.",
    ]);
  });

  it("is not ready on a mandatory violation of a policy that enforces no checklist item", () => {
    const report = buildChecklistReport(evidence([{ policy: "rds-multi-az" }]));
    expect(report.counts.fail).toBe(0);
    expect(report.otherBlocking.map((f) => f.policy)).toEqual(["rds-multi-az"]);
    expect(report.verdict).toBe(NOT_READY);
    expect(report.reasons).toEqual(["1 mandatory violation blocks the deploy."]);
    expect(renderChecklist(report, "markdown")).toContain(
      "Blocking findings of policies without a checklist item",
    );
  });

  it("refuses documents that are not gate results", () => {
    expect(() => evidenceFromGateJson([], [])).toThrow(GateResultError);
    expect(() =>
      evidenceFromGateJson({ tool: "prodready", project: "p", stack: "s", mode: "both" }, []),
    ).toThrow(/no "policyPack"/);
    expect(() =>
      evidenceFromGateJson(
        {
          tool: "prodready",
          project: "p",
          stack: "s",
          mode: "both",
          policyPack: { name: "n", version: "1" },
          violations: [
            { policy: "x", enforcementLevel: "mandatory", category: "odd", message: "m", blocking: true },
          ],
        },
        [],
      ),
    ).toThrow(/violations\[0\] has an unknown category/);
  });

  it("escapes what it renders into HTML", () => {
    const report = buildChecklistReport(evidence([{ message: "Set <script>alert(1)</script> & go." }]));
    const html = renderChecklist(report, "html");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Set &lt;script&gt;alert(1)&lt;/script&gt; &amp; go.");
    expect(html).not.toMatch(/<link|<img|src=|url\(/);
  });
});
