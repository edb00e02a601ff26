/**
 * The readiness flow end to end through the CLI, as the deploy pipeline runs it: `prodready gate` once
 * on our production stack (its JSON result kept), then `prodready checklist --from` that result with
 * the fixture evidence of three repositories (Django, Next.js, a security scan), the shop's evidence
 * settings and sign-offs (test/fixtures/checklist/), in every format. The evidence is copied with a
 * known file time and the report's clock fixed with PRODREADY_NOW, so no age depends on the day the
 * test runs.
 */
import * as fs from "fs";
import * as path from "path";
import { cli, CliResult, cliSpawningPack, FIXTURES, REPO } from "../helpers/cli";
import { CLOCK_VARIABLE } from "../../gate/checklist/command";
import { CHECKLIST_ITEMS } from "../../gate/checklist/items";
import { collectEvidence, EVIDENCE_MAPPING, EvidenceFact } from "../../gate/checklist/evidence";
import { copyFixtures, NOW, removeTemporaryFolders, temporaryFolder } from "./evidence/fixture-folders";

const SIGNOFF = path.join(FIXTURES, "checklist/signoff.yaml");
const EVIDENCE_CONFIG = path.join(FIXTURES, "checklist/evidence.yaml");
const REPOSITORIES = ["django", "nextjs", "security"];
const APP_OWNED = CHECKLIST_ITEMS.filter((item) => item.disposition.kind === "out-of-scope").map(
  (item) => item.id,
);
const PROVABLE = new Set(EVIDENCE_MAPPING.flatMap((mapping) => mapping.proves.map((proof) => proof.item)));

interface ItemDocument {
  id: string;
  status: string;
  owner: string;
  evidence: EvidenceFact[];
  signoff: { expired: boolean } | null;
}
interface ChecklistDocument {
  verdict: string;
  headline: string;
  ready: boolean;
  counts: Record<string, number>;
  missing: { owner: string; items: { id: string; status: string }[] }[];
  evidence: {
    maxAgeDays: number;
    files: { file: string; dir: string; status: string; facts: number; message: string }[];
  };
  sections: { items: ItemDocument[] }[];
}

const previousClock = process.env[CLOCK_VARIABLE];
let root: string;
let out: string;
let gateJson: string;

beforeAll(async () => {
  process.env[CLOCK_VARIABLE] = NOW.toISOString();
  root = copyFixtures("passing", "failing", "malformed", "foreign");
  out = temporaryFolder();
  gateJson = path.join(out, "gate.json");
  // The gate as the pipeline runs it, its pack spawned; the checklist runs below load it in process.
  const gate = await cliSpawningPack(
    "gate",
    "--project-dir",
    REPO,
    "--stack",
    "production",
    "--format",
    "json",
    "--output",
    gateJson,
  );
  expect([gate.code, gate.stderr]).toEqual([0, expect.stringMatching(/PASS: no mandatory violation/)]);
}, 180_000);

afterAll(() => {
  if (previousClock === undefined) delete process.env[CLOCK_VARIABLE];
  else process.env[CLOCK_VARIABLE] = previousClock;
  removeTemporaryFolders();
});

const evidenceOf = (set: string) =>
  REPOSITORIES.flatMap((repository) => ["--evidence", path.join(root, set, repository)]);
const checklist = (...args: string[]) => cli("checklist", "--from", gateJson, ...args);

/** The one line a user reads at the end (the last of stderr), and every warning before it. */
function summaryOf(result: CliResult): string {
  const lines = result.stderr.trimEnd().split("\n");
  return lines[lines.length - 1];
}
const warningsOf = (result: CliResult) =>
  result.stderr.split("\n").filter((line) => line.startsWith("prodready: warning: "));

async function jsonReport(...args: string[]): Promise<{ result: CliResult; document: ChecklistDocument }> {
  const output = path.join(temporaryFolder(), "readiness.json");
  const result = await checklist(...args, "--format", "json", "--output", output);
  return { result, document: JSON.parse(fs.readFileSync(output, "utf8")) as ChecklistDocument };
}

const itemsOf = (document: ChecklistDocument) =>
  new Map(document.sections.flatMap((section) => section.items).map((item) => [item.id, item]));
const withStatus = (document: ChecklistDocument, status: string) =>
  [...itemsOf(document).values()].filter((item) => item.status === status).map((item) => item.id);

describe("prodready checklist --from the gate result of our production stack", () => {
  it("with the passing evidence: every item a fixture proves is evidenced, with its file and fact; the rest need evidence or sign-off", async () => {
    const { result, document } = await jsonReport(...evidenceOf("passing"));
    expect(result.code).toBe(1);
    expect(summaryOf(result)).toBe(
      "prodready checklist: prodready/production is not ready: 26 items need evidence or sign-off (0 fail, 0 failed by evidence, 0 not enforced, 26 needs evidence or sign-off, 0 stale evidence, 0 sign-off expired, 0 unverified at preview, 48 pass, 36 evidenced, 0 signed off, 6 provisioned, 18 documented)",
    );
    // What the fixtures prove, read straight from them: fresh passing facts, no failing one.
    const facts = collectEvidence(
      REPOSITORIES.map((repository) => path.join(root, "passing", repository)),
      { now: NOW },
    ).facts;
    expect(facts.filter((fact) => fact.result === "fail" || fact.stale)).toEqual([]);
    const proven = new Set(facts.map((fact) => fact.item).filter((id) => APP_OWNED.includes(id)));
    expect(proven.size).toBe(36);
    const items = itemsOf(document);
    for (const id of APP_OWNED) {
      const item = items.get(id)!;
      expect([id, item.status]).toEqual([id, proven.has(id) ? "evidenced" : "needs-evidence"]);
      // Unconditional: an item nothing proves must carry no evidence either.
      expect([id, item.evidence]).toEqual([id, facts.filter((fact) => fact.item === id)]);
    }
    // Without a flow pattern of its own, the shop's main features are not proved by any test name;
    // the other 25 are the items no format proves, and the one ESLint can only fail.
    expect(withStatus(document, "needs-evidence").filter((id) => PROVABLE.has(id))).toEqual([
      "frontend.performance.no-console-logs",
      "qa.functionality.main-features",
    ]);
    expect(items.get("qa.functionality.password-reset")!.evidence).toEqual([
      expect.objectContaining({
        result: "pass",
        fact: "pytest JUnit: 17 tests, 0 failures, 0 errors; accounts.tests.test_password_reset::test_password_reset_sends_email",
        dir: path.join(root, "passing", "django"),
        file: "junit-pytest.xml",
        format: "junit",
        producedAt: "2026-11-20T09:14:03.512Z",
        ageDays: 4,
        stale: false,
      }),
    ]);
    expect(document.evidence.files.every((file) => file.status === "used")).toBe(true);
    // Every file was recognised and is fresh: the only warning is the fixed clock's.
    expect(warningsOf(result)).toEqual([
      `prodready: warning: ${CLOCK_VARIABLE} sets the report's clock to 2026-11-25T00:00:00.000Z: evidence ages and sign-off expiry are judged then, not now`,
    ]);
  });

  describe("with the shop's evidence settings and sign-offs for the rest", () => {
    const ready = () => [
      ...evidenceOf("passing"),
      "--evidence-config",
      EVIDENCE_CONFIG,
      "--signoff",
      SIGNOFF,
    ];

    it("is production ready: exit 0, every app-owned item evidenced or signed off", async () => {
      const { result, document } = await jsonReport(...ready());
      expect(result.code).toBe(0);
      expect(summaryOf(result)).toBe(
        "prodready checklist: prodready/production is production ready (0 fail, 0 failed by evidence, 0 not enforced, 0 needs evidence or sign-off, 0 stale evidence, 0 sign-off expired, 0 unverified at preview, 48 pass, 37 evidenced, 25 signed off, 6 provisioned, 18 documented)",
      );
      expect(document).toMatchObject({ ready: true, verdict: "production ready", missing: [] });
      expect(withStatus(document, "evidenced").length + withStatus(document, "signed-off").length).toBe(
        APP_OWNED.length,
      );
      // The settings name the cart and the checkout: Playwright's tests of both prove the main features.
      expect(itemsOf(document).get("qa.functionality.main-features")!.evidence[0]).toMatchObject({
        result: "pass",
        file: "playwright-junit.xml",
      });
    });

    it("renders the evidence with its file and fact, and the sign-offs, in Markdown, HTML and JSON", async () => {
      const folder = temporaryFolder();
      const run = async (format: string) => {
        const output = path.join(folder, `readiness.${format}`);
        const result = await checklist(...ready(), "--format", format, "--output", output);
        expect([format, result.code]).toEqual([format, 0]);
        return fs.readFileSync(output, "utf8");
      };
      const junit = path.join(root, "passing", "django", "junit-pytest.xml");
      const fact =
        "pytest JUnit: 17 tests, 0 failures, 0 errors; accounts.tests.test_password_reset::test_password_reset_sends_email";

      const markdown = await run("markdown");
      expect(markdown).toContain("### ✅ Production ready: `prodready/production`");
      expect(markdown).toContain(
        `- 🧾 **evidenced** \`qa.functionality.password-reset\`: Password reset flow tested`,
      );
      expect(markdown).toContain(`  - evidence (pass): ${fact} (\`${junit}\`, 4 days old)`);
      expect(markdown).toMatch(
        /- ✍️ \*\*signed off\*\* `post-deploy\.analytics`.*\n {2}- signed off until 2027-02-23: Dana Whitfield &lt;dana@shop\.example\.com> on 2026-11-23, looked at <https:\/\/analytics\.shop\.example\.com\/dashboards\/launch-week>/,
      );
      expect(markdown).toContain("18 files read; evidence older than 30 days does not count.");

      const html = await run("html");
      expect(html).toContain('data-verdict="production ready"');
      const row = new RegExp(
        `data-id="qa\\.functionality\\.password-reset" data-status="evidenced">[\\s\\S]*?${fact.replace(/[.:]/g, "\\$&")} · <a href="([^"]+)"><code>${junit.replace(/[.]/g, "\\.")}</code></a> <span class="age">\\(4 days old\\)</span>`,
      ).exec(html);
      expect(row).not.toBeNull();
      // The link is relative to the page, and leads to the file.
      expect(row![1].startsWith("/")).toBe(false);
      expect(fs.realpathSync(path.resolve(folder, decodeURI(row![1])))).toBe(fs.realpathSync(junit));
      expect(html).toMatch(
        /data-id="post-deploy\.emails" data-status="signed-off">[\s\S]*?data-signoff="valid"/,
      );
      for (const [status, count] of Object.entries({ evidenced: 37, "signed-off": 25, pass: 48 }))
        expect(html).toContain(`data-status="${status}"><span class="count">${count}</span>`);

      const document = JSON.parse(await run("json")) as ChecklistDocument;
      expect(itemsOf(document).get("qa.functionality.password-reset")!.evidence[0]).toMatchObject({
        fact,
        file: "junit-pytest.xml",
        dir: path.join(root, "passing", "django"),
      });
      expect(itemsOf(document).get("post-deploy.analytics")!.signoff).toMatchObject({ expired: false });
    });

    it("is not ready with the failing evidence, naming each failed item under its owner; a sign-off never overrides a failure", async () => {
      const { result, document } = await jsonReport(
        ...evidenceOf("failing"),
        "--evidence",
        path.join(root, "failing", "django-uv"),
        "--evidence-config",
        EVIDENCE_CONFIG,
        "--signoff",
        SIGNOFF,
      );
      expect(result.code).toBe(1);
      expect(summaryOf(result)).toBe(
        "prodready checklist: prodready/production is not ready: 48 items are failed by evidence (0 fail, 48 failed by evidence, 0 not enforced, 0 needs evidence or sign-off, 0 stale evidence, 0 sign-off expired, 0 unverified at preview, 37 pass, 1 evidenced, 24 signed off, 6 provisioned, 18 documented)",
      );
      const failed = withStatus(document, "failed-by-evidence");
      expect(failed).toHaveLength(48);
      const missing = document.missing.flatMap((group) => group.items.map((item) => item.id));
      expect(missing.sort()).toEqual([...failed].sort());
      for (const id of failed) {
        const item = itemsOf(document).get(id)!;
        expect([id, item.evidence.some((fact) => fact.result === "fail" && !fact.stale)]).toEqual([id, true]);
      }
      // Django's check --deploy fails items a policy passes (settings the task definition cannot show).
      expect(itemsOf(document).get("backend.security.ssl-redirect")!.evidence).toContainEqual(
        expect.objectContaining({ result: "fail", fact: expect.stringMatching(/security\.W008/) }),
      );
      // Signed off, and failed by ESLint's no-console report: the failure stands.
      const consoleLogs = itemsOf(document).get("frontend.performance.no-console-logs")!;
      expect(consoleLogs.status).toBe("failed-by-evidence");
      expect(consoleLogs.signoff).toMatchObject({ expired: false });
    });

    it("says how old stale evidence is: --evidence-max-age 3 leaves 4-day-old evidence stale", async () => {
      const output = path.join(temporaryFolder(), "stale.md");
      const result = await checklist(...ready(), "--evidence-max-age", "3", "--output", output);
      expect(result.code).toBe(1);
      expect(summaryOf(result)).toBe(
        "prodready checklist: prodready/production is not ready: 37 items have only stale evidence (0 fail, 0 failed by evidence, 0 not enforced, 0 needs evidence or sign-off, 37 stale evidence, 0 sign-off expired, 0 unverified at preview, 48 pass, 0 evidenced, 25 signed off, 6 provisioned, 18 documented)",
      );
      const markdown = fs.readFileSync(output, "utf8");
      expect(markdown).toContain(
        "- 🕰️ stale evidence, 4 days old: `qa.functionality.password-reset` Password reset flow tested",
      );
      expect(markdown).toMatch(
        /- 🕰️ \*\*stale evidence\*\* `qa\.functionality\.password-reset`.*\n {2}- stale evidence \(pass\): pytest JUnit: .*, 4 days old, older than 3 days: it does not count\)/,
      );
      // One warning per stale file (the clock's warning aside).
      const stale = warningsOf(result).filter((line) =>
        / is stale and does not count: 4 days old, older than 3 days: /.test(line),
      );
      expect(stale).toHaveLength(18);
      expect(warningsOf(result)).toHaveLength(19);
    });

    it("a month later, the same evidence is stale and the short sign-offs have expired", async () => {
      process.env[CLOCK_VARIABLE] = "2026-12-25T00:00:00Z";
      try {
        const { result, document } = await jsonReport(...ready());
        expect(result.code).toBe(1);
        expect(summaryOf(result)).toBe(
          "prodready checklist: prodready/production is not ready: 37 items have only stale evidence; 4 items' sign-offs expired (0 fail, 0 failed by evidence, 0 not enforced, 0 needs evidence or sign-off, 37 stale evidence, 4 sign-off expired, 0 unverified at preview, 48 pass, 0 evidenced, 21 signed off, 6 provisioned, 18 documented)",
        );
        // The four signed off until some day before Christmas.
        expect(withStatus(document, "signoff-expired")).toEqual([
          "frontend.build.build-succeeds",
          "api.endpoints.tested-in-production-env",
          "post-deploy.critical-flows",
          "post-deploy.emails",
        ]);
        const facts = itemsOf(document).get("qa.functionality.password-reset")!.evidence;
        expect(facts).toEqual([expect.objectContaining({ ageDays: 34, stale: true })]);
      } finally {
        process.env[CLOCK_VARIABLE] = NOW.toISOString();
      }
    });

    it("reports malformed and foreign files and lets them prove nothing", async () => {
      const { result, document } = await jsonReport(
        ...ready(),
        "--evidence",
        path.join(root, "malformed"),
        "--evidence",
        path.join(root, "foreign"),
      );
      // Nothing they hold counts for or against an item: the verdict is the passing evidence's.
      expect(result.code).toBe(0);
      expect(summaryOf(result)).toMatch(/ is production ready \(.* 37 evidenced, 25 signed off,/);
      const files = document.evidence.files.filter((file) => !file.dir.includes("passing"));
      expect(files.map((file) => [file.file, file.status, file.facts])).toEqual([
        ["check-deploy-miscounted.txt", "malformed", 0],
        ["check-deploy-truncated.txt", "malformed", 0],
        ["junit-truncated.xml", "malformed", 0],
        ["k6-truncated.partial", "malformed", 0],
        ["lighthouse-truncated.partial", "malformed", 0],
        ["npm-audit-v6.json", "malformed", 0],
        ["openapi-broken.yaml", "malformed", 0],
        ["required-server-files-no-images.json", "malformed", 0],
        ["uv-truncated.lock", "malformed", 0],
        ["empty.log", "foreign", 0],
        ["logo.png", "foreign", 0],
        ["notes.txt", "foreign", 0],
        ["pom.xml", "foreign", 0],
        ["pytest-console.txt", "foreign", 0],
        ["settings.json", "foreign", 0],
      ]);
      const facts = [...itemsOf(document).values()].flatMap((item) => item.evidence);
      expect(facts.filter((fact) => !fact.dir.includes("passing"))).toEqual([]);
      const warnings = warningsOf(result);
      expect(warnings.filter((line) => / is malformed and proves nothing: /.test(line))).toHaveLength(9);
      expect(warnings).toContain(
        `prodready: warning: the evidence file ${path.join(root, "malformed", "junit-truncated.xml")} is malformed and proves nothing: invalid JUnit XML, truncated? (line 9: Attributes for 'testcase' have open quote.)`,
      );
      expect(warnings).toContain(
        `prodready: warning: --evidence ${path.join(root, "foreign")}: none of its 6 files is evidence of a known format, so it proves nothing: empty.log (an empty file), logo.png (a binary file), notes.txt (text of no known format) and 3 more`,
      );
    });
  });

  it("says so when an --evidence folder holds nothing, and proves nothing from it", async () => {
    const empty = temporaryFolder();
    const { result, document } = await jsonReport("--evidence", empty);
    expect(result.code).toBe(1);
    expect(warningsOf(result)).toContain(
      `prodready: warning: --evidence ${empty} holds no files; it proves nothing`,
    );
    expect(document.headline).toBe(`not ready: ${APP_OWNED.length} items need evidence or sign-off`);
    expect(document.evidence).toEqual({ maxAgeDays: 30, files: [] });
  });

  it.each([
    ["a time that is not ISO 8601", "next tuesday"],
    ["a date that is not on the calendar", "2026-02-30T00:00:00Z"],
  ])("exits 2 with one line when %s fixes the clock", async (_case, value) => {
    process.env[CLOCK_VARIABLE] = value;
    try {
      const result = await checklist("--evidence", root);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `prodready: ${CLOCK_VARIABLE}=${value} is not an ISO 8601 time; unset it, or write e.g. ${CLOCK_VARIABLE}=2026-11-25T00:00:00Z\n`,
      );
    } finally {
      process.env[CLOCK_VARIABLE] = NOW.toISOString();
    }
  });
});
