/**
 * The HTML readiness report in a real browser: headless Chromium renders the page, its DOM has every
 * section and the counts, and the screenshot is a real PNG. In CI a missing Chromium fails the test.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildChecklistReport, ChecklistReport, GateOutcome, statusesOf } from "../../gate/checklist/model";
import { renderChecklistHtml } from "../../gate/checklist/render-html";
import { CHECKLIST_SECTIONS } from "../../gate/checklist/items";
import type { EvidenceFact } from "../../gate/checklist/evidence/types";
import { policies } from "../../policies/pack";

const CHROMIUM = "/usr/bin/chromium";
const available = fs.existsSync(CHROMIUM);
const inCi = process.env.CI === "true";
if (!available && !inCi) {
  console.warn(
    `!!! ${CHROMIUM} is missing: the HTML report is NOT checked in a browser. Install it: apt-get install -y chromium`,
  );
}

function chromium(args: string[]): { stdout: string; status: number | null } {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-chromium-"));
  try {
    const run = spawnSync(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { encoding: "utf8", timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return { stdout: run.stdout, status: run.status };
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * A report with something in every status of the production scope: the real checklist, one policy
 * disabled, findings of each kind, evidence that passes, fails and is stale, sign-offs valid and expired.
 */
function sampleReport(): ChecklistReport {
  const finding = {
    enforcementLevel: "mandatory",
    severity: "high",
    urn: "urn:pulumi:production::prodready::aws:rds/instance:Instance::database-instance",
    resourceType: "aws:rds/instance:Instance",
    resourceName: "database-instance",
    checklist: [],
    source: { file: "stacks/components/database.ts", line: 210 },
    modes: ["preview", "deploy"],
  };
  const gate: GateOutcome = {
    project: "prodready",
    stack: "production",
    mode: "both",
    policyPack: { name: "production-readiness", version: "0.1.0" },
    policies: policies.map((policy) => ({
      name: policy.name,
      enforcementLevel: policy.name === "uptime-monitoring" ? "disabled" : "mandatory",
      checklist: [...policy.checklist],
    })),
    findings: [
      {
        ...finding,
        policy: "rds-backup-retention",
        category: "violation",
        blocking: true,
        message: "Set backupRetentionPeriod to at least 14 days; it is 1.",
      },
      {
        ...finding,
        policy: "s3-tls-only",
        category: "unverified",
        blocking: false,
        enforcementLevel: "advisory",
        resourceType: "aws:s3/bucketPolicy:BucketPolicy",
        resourceName: "media-policy",
        message: "[unverified at preview] policy is not known until deploy; enforced at deploy.",
        // Unverified in both runs (e.g. a value only AWS assigns): not resolved by the deploy run.
        modes: ["preview", "deploy"],
      },
    ],
  };
  const fact = (item: string, extra: Partial<EvidenceFact>): EvidenceFact => ({
    item,
    result: "pass",
    fact: "pytest JUnit: 214 tests, 0 failures, tests/test_auth.py::test_login",
    file: "reports/pytest.xml",
    dir: "evidence/django",
    format: "junit",
    producedAt: "2026-11-30T10:00:00.000Z",
    ageDays: 2,
    stale: false,
    ...extra,
  });
  const signoff = {
    signedBy: "Dana Whitfield",
    signedAt: "2026-11-01",
    link: "https://tracker.example.com/QA-9",
  };
  return buildChecklistReport(gate, {
    now: new Date("2026-12-02T09:00:00Z"),
    evidence: {
      maxAgeDays: 30,
      result: {
        facts: [
          fact("qa.functionality.login", {}),
          fact("backend.security.ssl-redirect", {
            result: "fail",
            fact: "Django check --deploy: security.W008 (SECURE_SSL_REDIRECT is not True)",
            file: "check-deploy.txt",
            format: "django-check-deploy",
          }),
          fact("qa.performance.page-load", {
            fact: "Lighthouse: performance 96, largest contentful paint 1.8 s",
            file: "lighthouse/home.json",
            dir: "evidence/nextjs",
            format: "lighthouse",
            ageDays: 45,
            stale: true,
          }),
        ],
        files: [
          {
            file: "reports/pytest.xml",
            dir: "evidence/django",
            format: "junit",
            status: "used",
            message: "214 tests, 0 failures",
            facts: 1,
          },
          {
            file: "check-deploy.txt",
            dir: "evidence/django",
            format: "django-check-deploy",
            status: "used",
            message: "1 warning",
            facts: 1,
          },
          {
            file: "lighthouse/home.json",
            dir: "evidence/nextjs",
            format: "lighthouse",
            status: "stale",
            message: "45 days old",
            facts: 1,
          },
          {
            file: "notes.txt",
            dir: "evidence/nextjs",
            format: "unrecognised",
            status: "foreign",
            message: "not a known evidence format",
            facts: 0,
          },
        ],
      },
    },
    signoffs: [
      { item: "post-deploy.analytics", ...signoff, expires: "2027-02-01" },
      { item: "post-deploy.emails", ...signoff, expires: "2026-11-30" },
    ],
  });
}

const describeBrowser = available || inCi ? describe : describe.skip;

describeBrowser("the HTML readiness report in headless Chromium", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-html-"));
  const html = path.join(dir, "checklist.html");
  const png = path.join(dir, "checklist.png");
  const report = sampleReport();

  beforeAll(() => {
    fs.writeFileSync(html, renderChecklistHtml(report));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("Chromium is installed (CI installs it in .ci/run)", () => {
    expect(available).toBe(true);
  });

  it("renders a DOM with the verdict, every section and the counts of every status", () => {
    const { stdout, status } = chromium(["--dump-dom", `file://${html}`]);
    expect(status).toBe(0);
    expect(stdout).toContain('<h1 class="verdict" data-verdict="not ready">');
    for (const section of CHECKLIST_SECTIONS) {
      const title = section.replace(/&/g, "&amp;");
      expect(stdout).toContain(`<h2>${title}</h2>`);
    }
    const statuses = statusesOf(report.scope);
    expect(statuses).toHaveLength(12);
    for (const status of statuses) {
      expect([status, report.counts[status]]).not.toEqual([status, 0]);
      const card = new RegExp(`data-status="${status}"><span class="count">(\\d+)</span>`).exec(stdout);
      expect([status, Number(card?.[1])]).toEqual([status, report.counts[status]]);
    }
    for (const section of report.sections) {
      const row = new RegExp(
        `<tr data-section="${section.title.replace(/&/g, "&amp;").replace(/[()]/g, "\\$&")}">(.*?)</tr>`,
      ).exec(stdout);
      expect(row).not.toBeNull();
      const drawn = Object.fromEntries(
        [...row![1].matchAll(/data-status="([a-z-]+)" data-count="(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
      );
      const expected = Object.fromEntries(
        statuses.filter((s) => section.counts[s] > 0).map((s) => [s, section.counts[s]]),
      );
      expect([section.title, drawn]).toEqual([section.title, expected]);
    }
    expect(report.counts.fail).toBe(3);
    expect(report.counts["not-enforced"]).toBe(2);
    expect(report.counts.unverified).toBe(2);
    expect(report.counts["failed-by-evidence"]).toBe(1);
    expect(report.counts["stale-evidence"]).toBe(1);
    expect(report.counts["signoff-expired"]).toBe(1);
    expect(report.counts.evidenced).toBe(1);
    expect(report.counts["signed-off"]).toBe(1);
    // The evidenced item links to its file and names the fact; the stale one says how old it is.
    expect(stdout).toMatch(
      /data-id="qa\.functionality\.login" data-status="evidenced">[\s\S]*?tests\/test_auth\.py::test_login · <a href="evidence\/django\/reports\/pytest\.xml"><code>evidence\/django\/reports\/pytest\.xml<\/code><\/a>/,
    );
    expect(stdout).toMatch(
      /data-id="qa\.performance\.page-load" data-status="stale-evidence">[\s\S]*?45 days old, older than 30 days: it does not count/,
    );
    expect(stdout).toContain('<h3 class="owner" data-owner="the QA team">');
    // The missing list says how old a stale item's evidence is, too.
    expect(stdout).toMatch(
      /<li data-id="qa\.performance\.page-load"><span class="badge" style="--c:#7a5230">stale evidence, 45 days old<\/span>/,
    );
  }, 120_000);

  it("takes a screenshot that is a real, non-trivial PNG", () => {
    const { status } = chromium([`--screenshot=${png}`, "--window-size=1280,2000", `file://${html}`]);
    expect(status).toBe(0);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1280, 2000]);
    expect(bytes.length).toBeGreaterThan(50_000);
    // Keep it where a person can look at it (CI artifacts, a developer's file viewer).
    const keep = path.join(os.tmpdir(), "prodready-checklist-screenshot.png");
    fs.copyFileSync(png, keep);
  }, 120_000);
});
