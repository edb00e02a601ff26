/**
 * How evidence and sign-off combine with the gate, item by item, and how each renderer shows the
 * statuses they add. The gate outcome is what our stack gives (every policy mandatory, no finding);
 * evidence facts are built here as evidence recognition reports them (gate/checklist/evidence/types.ts).
 */
import * as path from "path";
import {
  buildChecklistReport,
  ChecklistReport,
  GateFinding,
  GateOutcome,
  ItemStatus,
  NOT_READY,
  ReadinessInputError,
  ReadinessInputs,
  READY,
  STATUS_LABELS,
  STATUSES,
  statusesOf,
} from "../../gate/checklist/model";
import { renderChecklist } from "../../gate/checklist/command";
import { STATUS_ICONS } from "../../gate/checklist/render-markdown";
import { STATUS_COLORS } from "../../gate/checklist/render-html";
import { CHECKLIST_ITEMS } from "../../gate/checklist/items";
import type { EvidenceFact, EvidenceFile } from "../../gate/checklist/evidence/types";
import type { Signoff } from "../../gate/checklist/signoff";
import { policies } from "../../policies/pack";

const NOW = new Date("2026-12-02T09:00:00Z");

function outcome(findings: Partial<GateFinding>[] = [], disabled: string[] = []): GateOutcome {
  return {
    project: "prodready",
    stack: "production",
    mode: "both",
    policyPack: { name: "production-readiness", version: "0.1.0" },
    policies: policies.map((policy) => ({
      name: policy.name,
      enforcementLevel: disabled.includes(policy.name) ? "disabled" : "mandatory",
      checklist: [...policy.checklist],
    })),
    findings: findings.map((finding) => ({
      policy: "django-production-settings",
      enforcementLevel: "mandatory",
      category: "violation",
      blocking: true,
      severity: "high",
      urn: "urn:pulumi:production::prodready::aws:ecs/taskDefinition:TaskDefinition::django",
      resourceType: "aws:ecs/taskDefinition:TaskDefinition",
      resourceName: "django",
      message: "Set DJANGO_SECURE_SSL_REDIRECT to True.",
      checklist: [],
      source: null,
      modes: ["preview", "deploy"],
      ...finding,
    })),
  };
}

const fact = (item: string, extra: Partial<EvidenceFact> = {}): EvidenceFact => ({
  item,
  result: "pass",
  fact: "pytest JUnit: 214 tests, 0 failures, tests/test_auth.py::test_password_reset",
  file: "reports/pytest.xml",
  dir: "evidence/django",
  format: "junit",
  producedAt: "2026-11-30T10:00:00.000Z",
  ageDays: 2,
  stale: false,
  ...extra,
});
const stale = (item: string, extra: Partial<EvidenceFact> = {}) =>
  fact(item, { ageDays: 45, stale: true, producedAt: "2026-10-18T10:00:00.000Z", ...extra });
const signoff = (item: string, expires = "2027-02-28"): Signoff => ({
  item,
  signedBy: "Dana Whitfield <dana@example.com>",
  signedAt: "2026-11-28",
  link: "https://analytics.example.com/dashboards/launch",
  expires,
});

function report(
  facts: EvidenceFact[],
  signoffs: Signoff[] = [],
  gate = outcome(),
  files: EvidenceFile[] = [],
): ChecklistReport {
  const inputs: ReadinessInputs = {
    now: NOW,
    evidence: { maxAgeDays: 30, result: { facts, files } },
    signoffs,
  };
  return buildChecklistReport(gate, inputs);
}
const statusOf = (built: ChecklistReport, id: string): ItemStatus =>
  built.sections.flatMap((s) => s.items).find((r) => r.item.id === id)!.status;

describe("how evidence and sign-off combine with the gate", () => {
  it.each<[string, () => ChecklistReport, string, ItemStatus]>([
    [
      "a fresh failing fact fails an item a policy passed (check --deploy W008)",
      () =>
        report([
          fact("backend.security.ssl-redirect", {
            result: "fail",
            fact: "Django check --deploy: security.W008 SECURE_SSL_REDIRECT is not True",
            format: "django-check-deploy",
          }),
        ]),
      "backend.security.ssl-redirect",
      "failed-by-evidence",
    ],
    [
      "passing evidence does not lift a policy failure",
      () => report([fact("backend.security.ssl-redirect")], [], outcome([{}])),
      "backend.security.ssl-redirect",
      "fail",
    ],
    [
      "a sign-off does not lift a policy failure",
      () => report([], [signoff("backend.security.ssl-redirect")], outcome([{}])),
      "backend.security.ssl-redirect",
      "fail",
    ],
    [
      "passing evidence corroborates a policy pass without changing it",
      () => report([fact("backend.security.ssl-redirect")]),
      "backend.security.ssl-redirect",
      "pass",
    ],
    [
      "a fresh passing fact evidences an app-owned item",
      () => report([fact("qa.functionality.password-reset")]),
      "qa.functionality.password-reset",
      "evidenced",
    ],
    [
      "one fresh failing fact outweighs passing ones",
      () => report([fact("qa.functionality.login"), fact("qa.functionality.login", { result: "fail" })]),
      "qa.functionality.login",
      "failed-by-evidence",
    ],
    [
      "only stale evidence is stale, not a pass",
      () => report([stale("qa.performance.page-load")]),
      "qa.performance.page-load",
      "stale-evidence",
    ],
    [
      "a stale failing fact does not count either way",
      () => report([stale("qa.performance.page-load", { result: "fail" })]),
      "qa.performance.page-load",
      "stale-evidence",
    ],
    [
      "fresh evidence wins over stale",
      () => report([stale("qa.performance.page-load", { result: "fail" }), fact("qa.performance.page-load")]),
      "qa.performance.page-load",
      "evidenced",
    ],
    [
      "a sign-off that holds signs an item off",
      () => report([], [signoff("post-deploy.analytics")]),
      "post-deploy.analytics",
      "signed-off",
    ],
    [
      "an expired sign-off is not a pass",
      () => report([], [signoff("post-deploy.analytics", "2026-12-01")]),
      "post-deploy.analytics",
      "signoff-expired",
    ],
    [
      "a sign-off holds through its expiry day",
      () => report([], [signoff("post-deploy.analytics", "2026-12-02")]),
      "post-deploy.analytics",
      "signed-off",
    ],
    [
      "a sign-off does not override a fresh failing fact",
      () =>
        report(
          [fact("qa.compatibility.accessibility", { result: "fail", format: "axe-core" })],
          [signoff("qa.compatibility.accessibility")],
        ),
      "qa.compatibility.accessibility",
      "failed-by-evidence",
    ],
    [
      "fresh evidence answers an item whose sign-off expired",
      () =>
        report(
          [fact("qa.compatibility.accessibility", { format: "axe-core" })],
          [signoff("qa.compatibility.accessibility", "2026-11-30")],
        ),
      "qa.compatibility.accessibility",
      "evidenced",
    ],
    [
      "evidence answers an item whose policy the profile disabled",
      () => report([fact("devops.monitoring.uptime-monitoring")], [], outcome([], ["uptime-monitoring"])),
      "devops.monitoring.uptime-monitoring",
      "evidenced",
    ],
    [
      "an item with neither needs evidence or sign-off",
      () => report([]),
      "post-deploy.emails",
      "needs-evidence",
    ],
  ])("%s", (_case, build, id, status) => {
    expect(statusOf(build(), id)).toBe(status);
  });

  it("says why the stack is not ready, one clause per status, under the owner who must act", () => {
    const built = report(
      [
        fact("backend.security.ssl-redirect", { result: "fail" }),
        stale("qa.performance.page-load"),
        ...CHECKLIST_ITEMS.filter((item) => item.disposition.kind === "out-of-scope")
          .map((item) => item.id)
          .filter((id) => !["qa.performance.page-load", "post-deploy.emails"].includes(id))
          .map((id) => fact(id)),
      ],
      [signoff("post-deploy.emails", "2026-11-30")],
    );
    expect(built.verdict).toBe(NOT_READY);
    expect(built.headline).toBe(
      "not ready: 1 item is failed by evidence; 1 item has only stale evidence; 1 item's sign-off expired",
    );
    expect(
      built.missing.map((group) => [group.owner, group.items.map((r) => `${r.item.id} ${r.status}`)]),
    ).toEqual([
      ["the platform team", ["backend.security.ssl-redirect failed-by-evidence"]],
      ["the QA team", ["qa.performance.page-load stale-evidence"]],
      ["the Django application team", ["post-deploy.emails signoff-expired"]],
    ]);
  });

  it("is production ready when every app-owned item is evidenced or signed off", () => {
    const appOwned = CHECKLIST_ITEMS.filter((item) => item.disposition.kind === "out-of-scope").map(
      (i) => i.id,
    );
    const built = report(
      appOwned.slice(1).map((id) => fact(id)),
      [signoff(appOwned[0])],
    );
    expect(built.verdict).toBe(READY);
    expect(built.counts.evidenced + built.counts["signed-off"]).toBe(62);
  });

  it("refuses evidence about an item the checklist does not have", () => {
    expect(() => report([fact("qa.functionality.signup")])).toThrow(ReadinessInputError);
    expect(() => report([fact("qa.functionality.signup")])).toThrow(
      /^evidence names qa\.functionality\.signup, which the checklist does not have/,
    );
  });

  it("refuses evidence and sign-off in the infrastructure scope instead of ignoring them", () => {
    expect(() =>
      buildChecklistReport(outcome(), {
        scope: "infrastructure",
        evidence: { maxAgeDays: 30, result: { facts: [], files: [] } },
      }),
    ).toThrow(/--scope infrastructure/);
    expect(() => buildChecklistReport(outcome(), { scope: "infrastructure", signoffs: [] })).toThrow(
      ReadinessInputError,
    );
  });
});

describe("every renderer shows the new statuses", () => {
  /** One report with every status of the production scope. */
  const files: EvidenceFile[] = [
    {
      file: "reports/pytest.xml",
      dir: "evidence/django",
      format: "junit",
      status: "used",
      message: "214 tests, 0 failures",
      facts: 2,
    },
    {
      file: "lighthouse/home.json",
      dir: "evidence/nextjs",
      format: "lighthouse",
      status: "stale",
      message: "produced 45 days ago",
      facts: 1,
    },
    {
      file: "junit-truncated.xml",
      dir: "evidence/django",
      format: "junit",
      status: "malformed",
      message: "truncated XML at byte 812",
      facts: 0,
    },
  ];
  const built = report(
    [
      fact("qa.functionality.password-reset"),
      fact("backend.security.ssl-redirect", {
        result: "fail",
        fact: "Django check --deploy: security.W008 SECURE_SSL_REDIRECT is not True",
        file: "check-deploy.txt",
        format: "django-check-deploy",
      }),
      stale("qa.performance.page-load", {
        fact: "Lighthouse: performance 96, largest contentful paint 1.8 s",
        file: "lighthouse/home.json",
        dir: "evidence/nextjs",
        format: "lighthouse",
      }),
    ],
    [signoff("post-deploy.analytics"), signoff("post-deploy.emails", "2026-11-30")],
    outcome(
      [
        {
          policy: "rds-backup-retention",
          message: "Set backupRetentionPeriod to at least 14 days; it is 1.",
        },
        {
          policy: "s3-tls-only",
          category: "unverified",
          blocking: false,
          enforcementLevel: "advisory",
          message: "[unverified at preview] policy is not known until deploy.",
        },
      ],
      ["uptime-monitoring"],
    ),
    files,
  );
  const production = statusesOf("production");

  it("has every status of the production scope at least once", () => {
    expect(production).toHaveLength(12);
    for (const status of production) expect([status, built.counts[status] > 0]).toEqual([status, true]);
  });

  it("gives every status its own colour, icon and label", () => {
    for (const table of [STATUS_COLORS, STATUS_ICONS, STATUS_LABELS]) {
      expect(new Set(STATUSES.map((status) => table[status])).size).toBe(STATUSES.length);
    }
  });

  it("Markdown: the counts, the missing items by owner, the evidence with its file, fact and age, the sign-offs", () => {
    const markdown = renderChecklist(built, "markdown");
    const header = markdown.split("\n").find((line) => line.startsWith("| ❌ Fail |"));
    expect(
      header
        ?.split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    ).toEqual(
      production.map(
        (status) => `${STATUS_ICONS[status]} ${STATUS_LABELS[status].replace(/^./, (c) => c.toUpperCase())}`,
      ),
    );
    const counts = markdown.split("\n")[markdown.split("\n").indexOf(header!) + 2];
    expect(counts).toBe(`| ${production.map((status) => built.counts[status]).join(" | ")} |`);
    expect(markdown).toContain("#### Missing, by owner");
    expect(markdown).toContain("**The QA team** (");
    expect(markdown).toMatch(
      /- 🧾 \*\*evidenced\*\* `qa\.functionality\.password-reset`: Password reset flow tested — .*\n {2}- evidence \(pass\): pytest JUnit: 214 tests, 0 failures, tests\/test_auth\.py::test_password_reset \(`evidence\/django\/reports\/pytest\.xml`, 2 days old\)/,
    );
    expect(markdown).toMatch(
      /- 🚫 \*\*failed by evidence\*\* `backend\.security\.ssl-redirect`.*\n(?: {2}- .*\n)*? {2}- evidence \(fail\): Django check --deploy: security\.W008 SECURE_SSL_REDIRECT is not True \(`evidence\/django\/check-deploy\.txt`, 2 days old\)/,
    );
    expect(markdown).toMatch(
      /- 🕰️ \*\*stale evidence\*\* `qa\.performance\.page-load`.*\n {2}- stale evidence \(pass\): Lighthouse: performance 96, largest contentful paint 1\.8 s \(`evidence\/nextjs\/lighthouse\/home\.json`, 45 days old, older than 30 days: it does not count\)/,
    );
    expect(markdown).toMatch(
      /- ✍️ \*\*signed off\*\* `post-deploy\.analytics`.*\n {2}- signed off until 2027-02-28: Dana Whitfield &lt;dana@example\.com> on 2026-11-28, looked at <https:\/\/analytics\.example\.com\/dashboards\/launch>/,
    );
    expect(markdown).toMatch(
      /- ⌛ \*\*sign-off expired\*\* `post-deploy\.emails`.*\n {2}- sign-off expired on 2026-11-30: /,
    );
    expect(markdown).toContain("3 files read; evidence older than 30 days does not count.");
    expect(markdown).toContain(
      "| `evidence/django/junit-truncated.xml` | junit | malformed | 0 | truncated XML at byte 812 |",
    );
    expect(markdown).toContain(
      "| `post-deploy.emails` | Dana Whitfield &lt;dana@example.com> | 2026-11-28 | ⌛ 2026-11-30 (expired) |",
    );
  });

  it("JSON: all thirteen counts, the headline, the missing items by owner, evidence and sign-off per item", () => {
    const document = JSON.parse(renderChecklist(built, "json"));
    expect(Object.keys(document.counts)).toEqual([...STATUSES]);
    expect(document.counts).toEqual(built.counts);
    expect(document).toMatchObject({
      scope: "production",
      generatedAt: NOW.toISOString(),
      verdict: NOT_READY,
      headline:
        "not ready: 3 items fail a policy; 1 item is failed by evidence; 2 enforced items have a disabled or missing policy; 58 items need evidence or sign-off; 1 item has only stale evidence; 1 item's sign-off expired; 1 mandatory violation blocks the deploy",
      evidence: { maxAgeDays: 30, files },
      signoffs: [
        { item: "post-deploy.analytics", expired: false },
        { item: "post-deploy.emails", expired: true },
      ],
    });
    expect(document.missing.map((group: any) => group.owner)).toEqual(built.missing.map((g) => g.owner));
    expect(document.missing.find((group: any) => group.owner === "the QA team").items).toContainEqual({
      id: "qa.performance.page-load",
      text: "Page load times acceptable",
      status: "stale-evidence",
    });
    const items = document.sections.flatMap((s: any) => s.items);
    const reset = items.find((i: any) => i.id === "qa.functionality.password-reset");
    expect(reset).toMatchObject({
      status: "evidenced",
      owner: "the QA team",
      disposition: { kind: "out-of-scope" },
      evidence: [
        { result: "pass", file: "reports/pytest.xml", dir: "evidence/django", ageDays: 2, stale: false },
      ],
      signoff: null,
    });
    expect(items.find((i: any) => i.id === "post-deploy.emails").signoff).toMatchObject({
      signedBy: "Dana Whitfield <dana@example.com>",
      expires: "2026-11-30",
      expired: true,
    });
    expect(items.find((i: any) => i.id === "backend.security.ssl-redirect").disposition).toEqual({
      kind: "enforced",
      policies: [
        "alb-https-only",
        "cloudfront-https-only",
        "sg-no-public-ingress",
        "django-production-settings",
      ],
    });
  });

  it("HTML: a card, colour and badge per status, evidence linked to its file, the age of stale evidence", () => {
    const html = renderChecklist(built, "html", path.join(process.cwd(), "out/reports"));
    for (const status of production) {
      expect(html).toContain(
        `<div class="card" style="--c:${STATUS_COLORS[status]}" data-status="${status}"><span class="count">${built.counts[status]}</span>`,
      );
    }
    expect(html).not.toContain('data-status="out-of-scope"');
    // Links resolve from the folder the page is written to.
    expect(html).toContain(
      '<a href="../../evidence/django/reports/pytest.xml"><code>evidence/django/reports/pytest.xml</code></a>',
    );
    expect(html).toMatch(
      /data-id="qa\.performance\.page-load" data-status="stale-evidence">[\s\S]*?45 days old, older than 30 days: it does not count/,
    );
    expect(html).toContain("<h2>Missing, by owner</h2>");
    expect(html).toContain('<tr data-file-status="malformed">');
    expect(html).toContain('<div class="signoff" style="--c:#3d444d" data-signoff="expired">');
  });

  it("keeps untrusted evidence text from forging lines or markup", () => {
    const hostile = report(
      [
        fact("qa.functionality.login", {
          fact: "pytest JUnit: 1 test\n### ✅ Production ready <script>alert(1)</script>",
          file: "a`b\n.xml",
        }),
      ],
      [
        {
          ...signoff("post-deploy.analytics"),
          link: "https://x.example/<img>|`",
          signedBy: "Eve\n- ✅ forged",
        },
      ],
    );
    const markdown = renderChecklist(hostile, "markdown");
    expect(markdown).not.toMatch(/^### ✅ Production ready/m);
    expect(markdown).not.toMatch(/^- ✅ forged/m);
    expect(markdown).not.toContain("<script>");
    expect(markdown).not.toContain("<img>");
    const html = renderChecklist(hostile, "html");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img>");
  });
});
