/**
 * collectEvidence around the readers: what it finds under a folder, how old evidence is, what it
 * makes of broken, foreign and misnamed files, and what it refuses.
 */
import * as fs from "fs";
import * as path from "path";
import { collectEvidence, EvidenceError, MAX_EVIDENCE_FILE_BYTES } from "../../../gate/checklist/evidence";
import { GateInputError } from "../../../gate/errors";
import {
  claimsOf,
  collect,
  copyFixtures,
  factOf,
  FIXTURES,
  fileOf,
  NOW,
  PRODUCED,
  removeTemporaryFolders,
  temporaryFolder,
} from "./fixture-folders";

afterAll(removeTemporaryFolders);

const DAY = 24 * 60 * 60 * 1000;
const write = (dir: string, file: string, content: string | Buffer, time = PRODUCED) => {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.utimesSync(full, time, time);
  return full;
};
const fixture = (file: string) => fs.readFileSync(path.join(FIXTURES, file));

describe("recognised by content, not by name", () => {
  test("a junit.xml holding ESLint JSON is ESLint, a .txt tsc log is tsc, a .yaml check output is Django's", () => {
    const result = collect([copyFixtures("misnamed")]);
    const formats = Object.fromEntries(result.files.map((f) => [f.file, f.format]));
    expect(formats).toEqual({
      "misnamed/deploy-check.yaml": "django-check-deploy",
      "misnamed/junit.xml": "eslint-json",
      "misnamed/lighthouse-report.txt": "tsc-log",
      "misnamed/requirements.txt": "junit",
      "misnamed/scan.xml": "zap-baseline",
    });
    expect(result.files.every((f) => f.status === "used")).toBe(true);
    expect(claimsOf(result, "misnamed/junit.xml")).toEqual([
      "frontend.build.no-eslint-errors fail",
      "frontend.performance.no-console-logs fail",
    ]);
  });

  test("a requirements file is told from prose and from a bare list of words", () => {
    const dir = temporaryFolder();
    write(dir, "words.txt", "django\ngunicorn\nwhitenoise\n");
    write(dir, "prose.txt", "Install django==5.0 first, then run the migrations.\n");
    write(dir, "dev.txt", "-r requirements_production.txt\npytest==8.3.3\n");
    write(
      dir,
      "hashed.txt",
      "django==5.0.9 \\\n    --hash=sha256:6333870d342329b60174da3a60dbd302e533f3b0bb0971516750e974a99b5a39\n-e .\n",
    );
    const result = collect([dir]);
    expect(fileOf(result, "words.txt")).toMatchObject({ format: "unrecognised", status: "foreign" });
    expect(fileOf(result, "prose.txt")).toMatchObject({ format: "unrecognised", status: "foreign" });
    expect(fileOf(result, "hashed.txt").format).toBe("python-requirements");
    // Not Django's set on its own, and its include is not followed: only the pins are judged.
    expect(fileOf(result, "dev.txt").message).toBe(
      "pip requirements: 1 requirement; 1 included file (-r/-c) not read from here; no Django among its 1 package, so it is not the Django app's set",
    );
    expect(claimsOf(result, "dev.txt")).toEqual(["backend.dependencies.pinned-versions pass"]);
    expect(factOf(result, "hashed.txt", "backend.dependencies.pinned-versions").fact).toBe(
      "requirements file: all 1 requirement pinned (1 with --hash)",
    );
  });
});

describe("malformed, truncated and foreign files prove nothing", () => {
  test("each is reported with its format (when it names one) and a one-line reason", () => {
    const result = collect([copyFixtures("malformed", "foreign")]);
    expect(result.facts).toEqual([]);
    const reported = Object.fromEntries(result.files.map((f) => [f.file, [f.status, f.format, f.facts]]));
    expect(reported).toEqual({
      "foreign/empty.log": ["foreign", "unrecognised", 0],
      "foreign/logo.png": ["foreign", "unrecognised", 0],
      "foreign/notes.txt": ["foreign", "unrecognised", 0],
      "foreign/pom.xml": ["foreign", "unrecognised", 0],
      "foreign/pytest-console.txt": ["foreign", "unrecognised", 0],
      "foreign/settings.json": ["foreign", "unrecognised", 0],
      "malformed/check-deploy-miscounted.txt": ["malformed", "django-check-deploy", 0],
      "malformed/check-deploy-truncated.txt": ["malformed", "django-check-deploy", 0],
      "malformed/junit-truncated.xml": ["malformed", "junit", 0],
      "malformed/k6-truncated.partial": ["malformed", "k6-summary", 0],
      "malformed/lighthouse-truncated.partial": ["malformed", "lighthouse", 0],
      "malformed/npm-audit-v6.json": ["malformed", "npm-audit", 0],
      "malformed/openapi-broken.yaml": ["malformed", "openapi", 0],
      "malformed/required-server-files-no-images.json": ["malformed", "nextjs-required-server-files", 0],
      "malformed/uv-truncated.lock": ["malformed", "uv-lock", 0],
    });
    for (const file of result.files) expect(file.message).toMatch(/^[^\n]+$/);
    expect(fileOf(result, "malformed/junit-truncated.xml").message).toMatch(
      /^invalid JUnit XML, truncated\? \(line \d+: /,
    );
    expect(fileOf(result, "malformed/lighthouse-truncated.partial").message).toMatch(
      /^invalid JSON, truncated\? \(/,
    );
    expect(fileOf(result, "malformed/check-deploy-miscounted.txt").message).toBe(
      "Django system check output that counts 3 issues but lists 2 (truncated?)",
    );
    expect(fileOf(result, "malformed/npm-audit-v6.json").message).toBe(
      "an npm 6 audit report; run `npm audit --json` with npm 7 or later",
    );
    expect(fileOf(result, "foreign/logo.png").message).toBe("a binary file");
    expect(fileOf(result, "foreign/pom.xml").message).toBe("XML of no known format (root <project>)");
  });

  test("a recognised file that cannot prove anything says so: no tests, a failed run, no --deploy, no tsc command", () => {
    const dir = temporaryFolder();
    write(
      dir,
      "empty-suite.xml",
      '<testsuites name="jest tests" tests="0"><testsuite name="x" tests="0"></testsuite></testsuites>',
    );
    write(
      dir,
      "skipped.xml",
      '<testsuite name="pytest" tests="1"><testcase classname="tests.test_a" name="test_a"><skipped/></testcase></testsuite>',
    );
    write(
      dir,
      "lhr-error.json",
      JSON.stringify({
        lighthouseVersion: "12.2.1",
        requestedUrl: "https://shop.example.com/",
        fetchTime: "2026-11-20T09:00:00Z",
        runtimeError: { code: "NO_FCP", message: "The page did not paint any content." },
        categories: {},
        audits: {},
      }),
    );
    write(dir, "plain-check.txt", "System check identified no issues (0 silenced).\n");
    write(dir, "tsc-not-found.log", "> tsc --noEmit\nsh: 1: tsc: not found\n");
    write(
      dir,
      "npm-audit-nolock.json",
      JSON.stringify({
        error: {
          code: "ENOLOCK",
          summary: "This command requires an existing lockfile.",
          detail: "Try creating one first with: npm i --package-lock-only",
        },
      }),
    );
    write(
      dir,
      "check-crash.txt",
      '$ python manage.py check --deploy\nTraceback (most recent call last):\n  File "manage.py", line 22, in <module>\nImproperlyConfigured: Set the DATABASE_URL environment variable\n',
    );
    write(
      dir,
      "k6-no-p95.json",
      JSON.stringify({
        root_group: {},
        metrics: { http_req_duration: { avg: 80, med: 70 }, http_reqs: { count: 10 } },
      }),
    );
    write(
      dir,
      "openapi-empty.json",
      JSON.stringify({ openapi: "3.1.0", info: { title: "Webhooks", version: "1" }, webhooks: {} }),
    );
    write(
      dir,
      "pip-audit-tools.json",
      JSON.stringify({ dependencies: [{ name: "black", version: "24.8.0", vulns: [] }], fixes: [] }),
    );
    const axe = JSON.parse(fixture("passing/nextjs/axe-home.json").toString());
    axe.toolOptions = { runOnly: { type: "tag", values: ["wcag2a"] } };
    write(dir, "axe-wcag2a-only.json", JSON.stringify(axe));
    const result = collect([dir]);
    expect(result.facts).toEqual([]);
    const messages = Object.fromEntries(result.files.map((f) => [f.file, [f.status, f.message]]));
    expect(messages).toEqual({
      "empty-suite.xml": [
        "used",
        "jest JUnit: 0 tests, 0 failures, 0 errors; proves nothing: it ran no test",
      ],
      "skipped.xml": [
        "used",
        "pytest JUnit: 1 test, 0 failures, 0 errors; proves nothing: every test was skipped",
      ],
      "lhr-error.json": [
        "used",
        "Lighthouse 12.2.1 on https://shop.example.com/; proves nothing: the run failed (NO_FCP)",
      ],
      "plain-check.txt": [
        "used",
        expect.stringContaining("proves nothing: nothing in the file shows the deploy checks ran"),
      ],
      "tsc-not-found.log": [
        "used",
        "tsc log; proves nothing: line 2 shows the command failed before type checking",
      ],
      "npm-audit-nolock.json": ["used", "npm audit; proves nothing: it did not run (ENOLOCK)"],
      "check-crash.txt": [
        "used",
        "Django system check; proves nothing: the check stopped with a Python traceback",
      ],
      "k6-no-p95.json": [
        "used",
        "k6 summary: 10 requests; proves nothing: no p(95) of http_req_duration (add it to summaryTrendStats)",
      ],
      "openapi-empty.json": [
        "used",
        'OpenAPI 3.1.0 document "Webhooks"; proves nothing: it documents no operation',
      ],
      "pip-audit-tools.json": [
        "used",
        "pip-audit: 1 package audited, no known vulnerability; proves nothing: no Django in the audited environment",
      ],
      "axe-wcag2a-only.json": [
        "used",
        "axe-core 4.10.2 on https://shop.example.com/: 0 WCAG A/AA violations, 1 other, 0 incomplete; runOnly leaves out WCAG 2.1 AA rules",
      ],
    });
  });
});

describe("age", () => {
  test("evidence older than maxAgeDays is stale: shown with its age, facts marked, the boundary day still counts", () => {
    const root = copyFixtures("passing/django");
    const at = (days: number) => new Date(PRODUCED.getTime() + days * DAY);
    const fresh = collect([root], { now: at(30), maxAgeDays: 30 });
    expect(fileOf(fresh, "passing/django/check-deploy.txt").status).toBe("used");
    const stale = collect([root], { now: at(31), maxAgeDays: 30 });
    const check = fileOf(stale, "passing/django/check-deploy.txt");
    expect(check.status).toBe("stale");
    expect(check.message).toBe(
      "31 days old, older than 30 days: Django check --deploy: 0 issues (0 silenced)",
    );
    expect(check.facts).toBe(5);
    const debug = factOf(stale, "passing/django/check-deploy.txt", "backend.security.debug-off");
    expect(debug).toMatchObject({
      stale: true,
      ageDays: 31,
      result: "pass",
      producedAt: PRODUCED.toISOString(),
    });
    // The JUnit file's own timestamp (09:14 that morning) makes it older than its file time.
    expect(factOf(stale, "passing/django/junit-pytest.xml", "qa.functionality.login")).toMatchObject({
      stale: true,
      ageDays: 31,
    });
  });

  test("a time inside the file wins over the file time; an unreadable one falls back to it and says so", () => {
    const dir = temporaryFolder();
    const recent = new Date(NOW.getTime() - DAY);
    write(dir, "lhr.json", fixture("passing/nextjs/lighthouse-home.json"), recent);
    const junit = fixture("passing/django/junit-pytest.xml")
      .toString()
      .replace(/timestamp="[^"]*"/, 'timestamp="yesterday"');
    write(dir, "junit.xml", junit, recent);
    const result = collect([dir], { maxAgeDays: 3 });
    expect(fileOf(result, "lhr.json").status).toBe("stale");
    expect(factOf(result, "lhr.json", "qa.performance.page-load").producedAt).toBe(
      "2026-11-20T09:40:12.417Z",
    );
    expect(fileOf(result, "junit.xml").status).toBe("used");
    expect(fileOf(result, "junit.xml").message).toContain(
      "a testsuite timestamp is not an ISO 8601 time, so the file time dates it",
    );
    expect(factOf(result, "junit.xml", "qa.functionality.login").producedAt).toBe(recent.toISOString());
  });

  test("evidence dated after the report's clock is malformed, not fresh", () => {
    const dir = temporaryFolder();
    write(dir, "lhr.json", fixture("passing/nextjs/lighthouse-home.json"));
    const result = collect([dir], { now: new Date("2026-11-10T00:00:00Z") });
    expect(fileOf(result, "lhr.json")).toMatchObject({ status: "malformed", facts: 0 });
    expect(fileOf(result, "lhr.json").message).toMatch(
      /^dated 2026-11-20T09:40:12.417Z, after the report's time: /,
    );
    expect(result.facts).toEqual([]);
  });
});

describe("walking an --evidence folder", () => {
  test("node_modules and .git are skipped; links are followed inside the folder only, each file read once", () => {
    const outside = temporaryFolder();
    write(outside, "check.txt", fixture("passing/django/check-deploy.txt"));
    const dir = temporaryFolder();
    write(dir, "reports/tsc.log", fixture("passing/nextjs/tsc.log"));
    write(dir, "node_modules/pkg/eslint.json", fixture("failing/nextjs/eslint.json"));
    write(dir, ".git/HEAD", "ref: refs/heads/main\n");
    write(dir, ".next/required-server-files.json", fixture("passing/nextjs/required-server-files.json"));
    fs.symlinkSync(path.join(outside, "check.txt"), path.join(dir, "outside-check.txt"));
    fs.symlinkSync(path.join(dir, "reports"), path.join(dir, "same-reports"));
    fs.symlinkSync(path.join(dir, "missing.txt"), path.join(dir, "broken.txt"));
    const result = collect([dir]);
    expect(result.files.map((f) => [f.file, f.status])).toEqual([
      [".next/required-server-files.json", "used"],
      ["broken.txt", "foreign"],
      ["outside-check.txt", "foreign"],
      ["reports/tsc.log", "used"],
    ]);
    expect(fileOf(result, "outside-check.txt").message).toBe(
      "a symbolic link to outside the evidence folder: not followed",
    );
    expect(fileOf(result, "broken.txt").message).toBe("a broken symbolic link");
    expect(result.facts.some((f) => f.format === "django-check-deploy" || f.format === "eslint-json")).toBe(
      false,
    );
  });

  test("a file over the size limit is not read", () => {
    const dir = temporaryFolder();
    const big = write(dir, "huge.json", "{}");
    fs.truncateSync(big, MAX_EVIDENCE_FILE_BYTES + 1);
    const result = collect([dir]);
    expect(fileOf(result, "huge.json")).toMatchObject({
      status: "foreign",
      message: "larger than 32 MiB: not read",
    });
  });

  test("UTF-16 output (PowerShell's redirect) and a UTF-8 byte order mark are read", () => {
    const dir = temporaryFolder();
    const check = fixture("failing/django/check-deploy.txt").toString();
    write(dir, "check-utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(check, "utf16le")]));
    write(
      dir,
      "audit-bom.json",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture("failing/nextjs/npm-audit.json")]),
    );
    const bigEndian = Buffer.from(check, "utf16le").swap16();
    write(
      dir,
      "check-utf16be-cut.txt",
      Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian.subarray(0, 301)]),
    );
    const result = collect([dir]);
    expect(fileOf(result, "check-utf16be-cut.txt")).toMatchObject({
      format: "django-check-deploy",
      status: "malformed",
    });
    expect(claimsOf(result, "check-utf16.txt")).toContain("backend.security.debug-off fail");
    expect(claimsOf(result, "audit-bom.json")).toContain("qa.security.xss fail");
  });

  test("several folders: each fact names the folder as given; a file reached twice is read once", () => {
    const root = copyFixtures("passing/nextjs");
    const nextjs = path.join(root, "passing", "nextjs");
    const result = collect([nextjs, root]);
    expect(result.files.every((f) => f.dir === nextjs)).toBe(true);
    expect(factOf(result, "tsc.log", "frontend.build.no-typescript-errors").dir).toBe(nextjs);
    expect(result.files).toHaveLength(10);
  });

  test("a folder that does not exist, or a file given as a folder, stops the report", () => {
    const dir = temporaryFolder();
    const file = write(dir, "tsc.log", "> tsc\n");
    expect(() => collect([path.join(dir, "nope")])).toThrow(
      new EvidenceError(
        `--evidence ${path.join(dir, "nope")} does not exist; pass the folder the evidence files were gathered in`,
      ),
    );
    expect(() => collect([file])).toThrow(
      /is not a folder; pass the folder the evidence files were gathered in$/,
    );
    // A GateInputError: the CLI prints its one line and exits 2, never "internal error".
    expect(new EvidenceError("x")).toBeInstanceOf(GateInputError);
    expect(new EvidenceError("x").exitCode).toBe(2);
    expect(collect([])).toEqual({ facts: [], files: [] });
  });
});

describe("options", () => {
  test("flowPatterns name the main features and can switch a default off", () => {
    const root = copyFixtures("passing/nextjs");
    const result = collect([root], {
      flowPatterns: {
        "qa.functionality.main-features": [String.raw`\bcart\b`, "checkout"],
        "qa.functionality.login": [],
      },
    });
    expect(
      factOf(result, "passing/nextjs/playwright-junit.xml", "qa.functionality.main-features"),
    ).toMatchObject({
      result: "pass",
    });
    // jest has a cart test but no checkout test: every pattern needs a passing test.
    expect(claimsOf(result, "passing/nextjs/junit-jest.xml")).not.toContain(
      "qa.functionality.main-features pass",
    );
    expect(claimsOf(result, "passing/nextjs/playwright-junit.xml")).not.toContain(
      "qa.functionality.login pass",
    );
    expect(claimsOf(result, "passing/nextjs/playwright-junit.xml")).toContain(
      "qa.functionality.registration pass",
    );
  });

  test.each([
    [{ maxAgeDays: -1 }, "maxAgeDays must be a whole number of days, 0 or more; got -1"],
    [{ maxAgeDays: 7.5 }, "maxAgeDays must be a whole number of days, 0 or more; got 7.5"],
    [{ now: new Date("nonsense") }, "the evidence options need `now`, a valid Date"],
    [
      { flowPatterns: { "backend.security.debug-off": ["debug"] } },
      /^flowPatterns names "backend.security.debug-off", which test names cannot prove/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": ["log(in"] } },
      /^flowPatterns\["qa.functionality.login"\]\[0\] is not a valid regular expression/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": "login" } },
      'flowPatterns["qa.functionality.login"] must be a list of regular expressions',
    ],
    [
      { lighthouse: { performance: 120, accessibility: 90, bestPractices: 90, maxLoadMs: 2500 } },
      "lighthouse.performance must be a number between 0 and 100; got 120",
    ],
    [{ apiP95Ms: 0 }, "apiP95Ms must be a number at least 1; got 0"],
  ])("%j is refused: %s", (options, message) => {
    expect(() => collectEvidence([], { now: NOW, maxAgeDays: 30, ...(options as object) })).toThrow(
      EvidenceError,
    );
    expect(() => collectEvidence([], { now: NOW, maxAgeDays: 30, ...(options as object) })).toThrow(message);
  });
});

describe("hostile content", () => {
  test("long lines built to make patterns backtrack, and XML entities, are read to an end", () => {
    const dir = temporaryFolder();
    write(dir, "requirements.txt", `django==5.0.9\ndjango${" ".repeat(50_000)}!\n`);
    write(dir, "check.txt", `$ python manage.py check --deploy\n${"x: (".repeat(50_000)}\n`);
    write(dir, "tsc.log", `> tsc\n${"src/a.ts(1,".repeat(20_000)}\n`);
    write(dir, "truncated.json", `{"filePath": ${'"filePath": '.repeat(50_000)}`);
    write(
      dir,
      "junit.xml",
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><testsuite name="pytest"><testcase classname="tests.test_a" name="test_&b;"/></testsuite>',
    );
    const result = collect([dir]);
    expect(Object.fromEntries(result.files.map((f) => [f.file, f.status]))).toEqual({
      "check.txt": "malformed",
      "junit.xml": "malformed",
      "requirements.txt": "foreign",
      "truncated.json": "foreign",
      "tsc.log": "used",
    });
    expect(fileOf(result, "junit.xml").message).toBe("XML that declares entities, which are not expanded");
  });
});

describe("secrets in evidence files are not repeated", () => {
  test("a test name, a URL's credentials and query, and lint sources stay out of facts and messages", () => {
    const dir = temporaryFolder();
    write(
      dir,
      "junit.xml",
      '<testsuite name="pytest" tests="1" timestamp="2026-11-20T09:00:00"><testcase classname="tests.test_login" name="test_login_with_key_sk_live_0123456789abcdefghij" /></testsuite>',
    );
    const zap = JSON.parse(fixture("failing/security/zap-baseline.json").toString());
    zap.site[0]["@name"] = "https://qa:hunter2-hunter2@shop.example.com?token=abc123def456";
    write(dir, "zap.json", JSON.stringify(zap));
    write(dir, "eslint.json", fixture("failing/nextjs/eslint.json"));
    write(
      dir,
      "lhr-cut.json",
      '{"lighthouseVersion": "12.2.1", "configSettings": {"extraHeaders": {"Cookie": sessionid=hunter2',
    );
    const result = collect([dir]);
    expect(fileOf(result, "lhr-cut.json").message).toBe("invalid JSON, truncated? (Unexpected token 's')");
    expect(factOf(result, "junit.xml", "qa.functionality.login").fact).toBe(
      "pytest JUnit: 1 test, 0 failures, 0 errors; [withheld: looks like a secret]",
    );
    expect(factOf(result, "zap.json", "qa.security.csrf").fact).toContain("on https://shop.example.com/");
    const everything = JSON.stringify(result);
    for (const secret of ["sk_live_", "hunter2", "abc123def456"]) expect(everything).not.toContain(secret);
  });
});
