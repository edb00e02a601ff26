/**
 * Each evidence format, read from fixtures written like the tools write them: which items a passing
 * and a failing file prove, and the facts a person reads.
 */
import * as path from "path";
import { EvidenceResult } from "../../../gate/checklist/evidence";
import {
  claimsOf,
  collect,
  copyFixtures,
  factOf,
  fileOf,
  PRODUCED,
  removeTemporaryFolders,
} from "./fixture-folders";

let passing: EvidenceResult;
let failing: EvidenceResult;

beforeAll(() => {
  const root = copyFixtures("passing", "failing");
  passing = collect([path.join(root, "passing")]);
  failing = collect([path.join(root, "failing")]);
});
afterAll(removeTemporaryFolders);

const DJANGO_FLOWS = [
  "api.cors.credentials-allowed",
  "api.cors.preflight",
  "api.migrations.data-migrations-tested",
  "backend.auth.token-refresh",
];

describe("JUnit", () => {
  test("pytest: each flow with a passing test passes, the Django-only flows included", () => {
    expect(fileOf(passing, "django/junit-pytest.xml")).toMatchObject({
      format: "junit",
      status: "used",
      message: "pytest JUnit: 17 tests, 0 failures, 0 errors, 1 skipped",
    });
    expect(claimsOf(passing, "django/junit-pytest.xml")).toEqual(
      [
        ...DJANGO_FLOWS,
        "qa.functionality.error-cases",
        "qa.functionality.login",
        "qa.functionality.password-reset",
        "qa.functionality.registration",
        "qa.security.auth-bypass",
        "qa.security.authorization",
        "qa.security.csrf",
        "qa.security.sql-injection",
        "qa.security.xss",
      ]
        .map((item) => `${item} pass`)
        .sort(),
    );
    expect(factOf(passing, "django/junit-pytest.xml", "qa.functionality.password-reset").fact).toBe(
      "pytest JUnit: 17 tests, 0 failures, 0 errors; accounts.tests.test_password_reset::test_password_reset_sends_email",
    );
  });

  test("pytest: a failed or errored test fails its flow and the main features; passing flows still pass", () => {
    expect(claimsOf(failing, "django/junit-pytest.xml")).toEqual([
      "qa.functionality.error-cases pass",
      "qa.functionality.login pass",
      "qa.functionality.main-features fail",
      "qa.functionality.password-reset fail",
      "qa.functionality.registration pass",
      "qa.security.authorization pass",
      "qa.security.sql-injection fail",
      "qa.security.xss pass",
    ]);
    expect(factOf(failing, "django/junit-pytest.xml", "qa.security.sql-injection").fact).toBe(
      "pytest JUnit: 1 test of SQL injection probes failed (core.tests.test_security::test_search_is_safe_from_sql_injection)",
    );
    expect(factOf(failing, "django/junit-pytest.xml", "qa.functionality.main-features").fact).toContain(
      "7 tests, 2 failures, 1 error",
    );
  });

  test("pytest: every flow a failing test names fails", () => {
    expect(claimsOf(failing, "django/junit-pytest-regressions.xml")).toEqual(
      [
        ...DJANGO_FLOWS,
        "qa.functionality.error-cases",
        "qa.functionality.login",
        "qa.functionality.main-features",
        "qa.functionality.registration",
        "qa.security.auth-bypass",
        "qa.security.authorization",
        "qa.security.csrf",
        "qa.security.sql-injection",
        "qa.security.xss",
      ]
        .map((item) => `${item} fail`)
        .sort(),
    );
  });

  test("jest: frontend flows pass; a jest run proves nothing about the Django API", () => {
    expect(fileOf(passing, "nextjs/junit-jest.xml").message).toBe(
      "jest JUnit: 6 tests, 0 failures, 0 errors, 0 skipped",
    );
    expect(claimsOf(passing, "nextjs/junit-jest.xml")).toEqual([
      "frontend.auth.logout-clears-session pass",
      "frontend.auth.token-refresh pass",
      "frontend.errors.error-pages pass",
      "qa.functionality.error-cases pass",
    ]);
    expect(factOf(passing, "nextjs/junit-jest.xml", "frontend.errors.error-pages").fact).toContain(
      "error pages renders the not found page for an unknown product, error pages shows the 500 page",
    );
  });

  test("Vitest: failing frontend tests fail their items (a logout test is not a login test)", () => {
    expect(fileOf(failing, "nextjs/junit-vitest.xml").message).toBe(
      "Vitest JUnit: 5 tests, 3 failures, 0 errors, 0 skipped",
    );
    expect(claimsOf(failing, "nextjs/junit-vitest.xml")).toEqual([
      "frontend.auth.logout-clears-session fail",
      "frontend.auth.token-refresh fail",
      "frontend.errors.error-pages fail",
      "qa.functionality.error-cases fail",
      "qa.functionality.main-features fail",
    ]);
  });

  test("Playwright: browsers and device sizes come from the projects", () => {
    expect(fileOf(passing, "nextjs/playwright-junit.xml").message).toContain("in 7 projects");
    expect(claimsOf(passing, "nextjs/playwright-junit.xml")).toEqual([
      "qa.compatibility.browsers pass",
      "qa.compatibility.responsive pass",
      "qa.functionality.login pass",
      "qa.functionality.registration pass",
    ]);
    expect(factOf(passing, "nextjs/playwright-junit.xml", "qa.compatibility.browsers").fact).toBe(
      "Playwright JUnit: tests pass in Chrome (chromium, Mobile Chrome), Firefox (firefox), Safari (webkit, Mobile Safari), Edge (Microsoft Edge)",
    );
    expect(factOf(passing, "nextjs/playwright-junit.xml", "qa.compatibility.responsive").fact).toBe(
      "Playwright JUnit: tests pass at mobile (Mobile Chrome, Mobile Safari), tablet (iPad), desktop (chromium, firefox, webkit, Microsoft Edge)",
    );
  });

  test("Playwright: a test failing in firefox fails the browsers, the device sizes and its flow", () => {
    expect(claimsOf(failing, "nextjs/playwright-junit.xml")).toEqual([
      "qa.compatibility.browsers fail",
      "qa.compatibility.responsive fail",
      "qa.functionality.login fail",
      "qa.functionality.main-features fail",
      "qa.functionality.registration pass",
    ]);
    expect(factOf(failing, "nextjs/playwright-junit.xml", "qa.compatibility.browsers").fact).toBe(
      "Playwright JUnit: 1 test failed in firefox (auth.spec.ts › log in › signs in with email and password)",
    );
  });

  test("the age comes from the latest testsuite timestamp, not the file time", () => {
    const fact = factOf(passing, "django/junit-pytest.xml", "qa.functionality.login");
    expect(fact.producedAt).toBe("2026-11-20T09:14:03.512Z");
    expect(fact.ageDays).toBe(4);
    // jest-junit writes UTC without a zone.
    expect(factOf(passing, "nextjs/junit-jest.xml", "frontend.auth.token-refresh").producedAt).toBe(
      "2026-11-20T09:20:13.000Z",
    );
  });
});

describe("Django check --deploy", () => {
  test("no issues, with the command recorded, passes the items its checks cover", () => {
    expect(claimsOf(passing, "django/check-deploy.txt")).toEqual([
      "backend.security.admin-https-only pass",
      "backend.security.csrf-secure-cookies pass",
      "backend.security.debug-off pass",
      "backend.security.session-cookies-secure pass",
      "backend.security.ssl-redirect pass",
    ]);
    expect(factOf(passing, "django/check-deploy.txt", "backend.security.debug-off").fact).toBe(
      "Django check --deploy: no security.W018: DEBUG is off",
    );
    // No timestamp in the output: the file time dates it.
    expect(factOf(passing, "django/check-deploy.txt", "backend.security.debug-off").producedAt).toBe(
      PRODUCED.toISOString(),
    );
  });

  test("each warning fails the item whose setting it names; a strong key or a non-empty host list passes nothing", () => {
    expect(claimsOf(failing, "django/check-deploy.txt")).toEqual([
      "backend.security.admin-https-only fail",
      "backend.security.allowed-hosts-restricted fail",
      "backend.security.csrf-secure-cookies fail",
      "backend.security.debug-off fail",
      "backend.security.secret-key-from-secret fail",
      "backend.security.session-cookies-secure fail",
      "backend.security.ssl-redirect fail",
    ]);
    expect(factOf(failing, "django/check-deploy.txt", "backend.security.ssl-redirect").fact).toBe(
      "Django check --deploy: security.W004 (SECURE_HSTS_SECONDS is not set), security.W008 (SECURE_SSL_REDIRECT is not True)",
    );
    expect(fileOf(failing, "django/check-deploy.txt").message).toContain(
      "not mapped to an item: security.W022",
    );
  });

  test("silenced checks withhold every pass but keep the fails", () => {
    expect(claimsOf(failing, "django/check-deploy-silenced.txt")).toEqual([
      "backend.security.ssl-redirect fail",
    ]);
    expect(fileOf(failing, "django/check-deploy-silenced.txt").message).toContain("passes withheld");
  });
});

describe("Next.js required-server-files.json", () => {
  test("the resolved config passes source maps, images, minification and the build's type check", () => {
    expect(claimsOf(passing, "nextjs/required-server-files.json")).toEqual([
      "frontend.build.minified pass",
      "frontend.build.no-browser-source-maps pass",
      "frontend.build.no-typescript-errors pass",
      "frontend.performance.image-optimization pass",
      "frontend.performance.image-remote-patterns pass",
    ]);
    expect(
      factOf(passing, "nextjs/required-server-files.json", "frontend.performance.image-remote-patterns").fact,
    ).toBe("next.config images: remotePatterns allow https://api.shop.example.com, https://shop.example.com");
    expect(fileOf(passing, "nextjs/required-server-files.json").message).toContain(
      "cannot show the build finished",
    );
  });

  test("source maps, unoptimised images, a localhost pattern and swcMinify false fail; ignored type errors prove nothing", () => {
    expect(claimsOf(failing, "nextjs/required-server-files.json")).toEqual([
      "frontend.build.minified fail",
      "frontend.build.no-browser-source-maps fail",
      "frontend.performance.image-optimization fail",
      "frontend.performance.image-remote-patterns fail",
    ]);
    expect(
      factOf(failing, "nextjs/required-server-files.json", "frontend.performance.image-remote-patterns").fact,
    ).toBe("next.config images: a remote pattern allows localhost, a local address");
    expect(fileOf(failing, "nextjs/required-server-files.json").message).toContain(
      "type errors ignored by the build",
    );
  });
});

describe("Lighthouse", () => {
  test("a result within the thresholds passes page load, accessibility, its audits and records a benchmark", () => {
    expect(claimsOf(passing, "nextjs/lighthouse-home.json")).toEqual([
      "frontend.build.minified pass",
      "frontend.performance.code-splitting pass",
      "frontend.security.https-api-calls pass",
      "post-deploy.benchmarks pass",
      "qa.compatibility.accessibility pass",
      "qa.performance.bundle-size pass",
      "qa.performance.page-load pass",
    ]);
    const pageLoad = factOf(passing, "nextjs/lighthouse-home.json", "qa.performance.page-load");
    expect(pageLoad.fact).toBe(
      "Lighthouse on https://shop.example.com/: performance 96 ≥ 90, largest contentful paint 1.4 s ≤ 2.5 s",
    );
    expect(pageLoad.producedAt).toBe("2026-11-20T09:40:12.417Z");
  });

  test("a slow, inaccessible, unminified page over http fails each item; its URL loses the session query", () => {
    expect(claimsOf(failing, "nextjs/lighthouse-checkout.json")).toEqual([
      "frontend.build.minified fail",
      "frontend.performance.code-splitting fail",
      "frontend.security.https-api-calls fail",
      "post-deploy.benchmarks pass",
      "qa.compatibility.accessibility fail",
      "qa.performance.bundle-size fail",
      "qa.performance.page-load fail",
    ]);
    expect(factOf(failing, "nextjs/lighthouse-checkout.json", "qa.performance.page-load").fact).toBe(
      "Lighthouse on https://shop.example.com/checkout/: performance 61 < 90, largest contentful paint 4.8 s > 2.5 s",
    );
    expect(JSON.stringify(failing)).not.toContain("3f9a1c2e7b");
    expect(fileOf(failing, "nextjs/lighthouse-checkout.json").message).toContain(
      "best practices below 90 (no checklist item names it)",
    );
  });

  test("thresholds are the caller's", () => {
    const root = copyFixtures("passing/nextjs");
    const strict = collect([root], {
      lighthouse: { performance: 97, accessibility: 99, bestPractices: 90, maxLoadMs: 1000 },
    });
    expect(claimsOf(strict, "passing/nextjs/lighthouse-home.json")).toContain(
      "qa.performance.page-load fail",
    );
    expect(claimsOf(strict, "passing/nextjs/lighthouse-home.json")).toContain(
      "qa.compatibility.accessibility fail",
    );
  });

  test("the Lighthouse CI manifest judges representative runs only, and cannot pass page load", () => {
    expect(claimsOf(passing, "nextjs/.lighthouseci/manifest.json")).toEqual([
      "qa.compatibility.accessibility pass",
    ]);
    expect(factOf(passing, "nextjs/.lighthouseci/manifest.json", "qa.compatibility.accessibility").fact).toBe(
      "Lighthouse CI manifest, lowest of 2 pages (https://shop.example.com/products/): accessibility 95 ≥ 90",
    );
  });

  test("failed Lighthouse CI assertions at error level fail their items; warnings do not", () => {
    expect(claimsOf(failing, "nextjs/lhci/assertion-results.json")).toEqual([
      "qa.compatibility.accessibility fail",
      "qa.performance.page-load fail",
    ]);
    expect(fileOf(failing, "nextjs/lhci/assertion-results.json").message).toBe(
      "Lighthouse CI assertions: 2 errors, 1 warning, 0 passed",
    );
  });
});

describe("dependency sets and audits", () => {
  const PRESENCE = [
    "backend.dependencies.dj-database-url",
    "backend.dependencies.gunicorn",
    "backend.dependencies.psycopg2",
    "backend.dependencies.requirements-production",
    "backend.dependencies.whitenoise",
  ];

  test("pinned production requirements pass the seed's packages and the pins", () => {
    expect(claimsOf(passing, "django/requirements_production.txt")).toEqual(
      [...PRESENCE, "backend.dependencies.pinned-versions"].map((item) => `${item} pass`).sort(),
    );
    expect(
      factOf(passing, "django/requirements_production.txt", "backend.dependencies.pinned-versions").fact,
    ).toBe("requirements file: all 13 requirements pinned with ==");
  });

  test("unpinned requirements fail the pins; a package missing from one requirements file is not a fail", () => {
    expect(claimsOf(failing, "django/requirements.txt")).toEqual([
      "backend.dependencies.dj-database-url pass",
      "backend.dependencies.gunicorn pass",
      "backend.dependencies.pinned-versions fail",
      "backend.dependencies.psycopg2 pass",
      "backend.dependencies.requirements-production pass",
    ]);
    expect(factOf(failing, "django/requirements.txt", "backend.dependencies.pinned-versions").fact).toBe(
      "requirements file: 4 of 6 requirements not pinned with == or a hash (django>=5.0,<5.1, djangorestframework~=3.15, gunicorn, psycopg~=3.2)",
    );
  });

  test("a lockfile is the whole set: present packages pass, absent ones fail", () => {
    expect(claimsOf(passing, "django/uv.lock")).toEqual(
      [...PRESENCE, "backend.dependencies.pinned-versions"].map((item) => `${item} pass`).sort(),
    );
    expect(claimsOf(passing, "django-poetry/poetry.lock")).toEqual(
      [...PRESENCE, "backend.dependencies.pinned-versions"].map((item) => `${item} pass`).sort(),
    );
    expect(factOf(passing, "django-poetry/poetry.lock", "backend.dependencies.dj-database-url").fact).toBe(
      "poetry.lock: django-environ 0.11.2",
    );
    expect(claimsOf(failing, "django-uv/uv.lock")).toEqual(
      [...PRESENCE.map((item) => `${item} fail`), "backend.dependencies.pinned-versions pass"].sort(),
    );
    expect(claimsOf(failing, "django/poetry.lock")).toEqual(
      [...PRESENCE.map((item) => `${item} fail`), "backend.dependencies.pinned-versions pass"].sort(),
    );
    expect(factOf(failing, "django/poetry.lock", "backend.dependencies.requirements-production").fact).toBe(
      "poetry.lock: Django without a production server (gunicorn or uvicorn) and a PostgreSQL driver (psycopg2-binary or psycopg)",
    );
  });

  test("pip-audit lists what the audited environment has; vulnerabilities are reported, not mapped", () => {
    expect(claimsOf(passing, "django/pip-audit.json")).toEqual(PRESENCE.map((item) => `${item} pass`).sort());
    expect(claimsOf(failing, "django/pip-audit-vulnerable.json")).toEqual([
      "backend.dependencies.gunicorn pass",
      "backend.dependencies.psycopg2 pass",
      "backend.dependencies.requirements-production pass",
    ]);
    expect(fileOf(failing, "django/pip-audit-vulnerable.json").message).toBe(
      "pip-audit: 3 packages audited, 1 known vulnerability (django 4.2.1: PYSEC-2023-100)",
    );
  });

  test("npm's lockfile: every package locked passes; a git dependency on a branch fails", () => {
    expect(claimsOf(passing, "nextjs/package-lock.json")).toEqual([
      "backend.dependencies.pinned-versions pass",
    ]);
    expect(
      factOf(passing, "nextjs/package-lock.json", "backend.dependencies.pinned-versions").fact,
    ).toContain("next 14.2.15, react 18.3.1, react-dom 18.3.1");
    expect(factOf(failing, "nextjs/package-lock.json", "backend.dependencies.pinned-versions").fact).toBe(
      "package-lock.json (lockfileVersion 2): 1 package without a locked version or commit (shop-ui)",
    );
  });

  test("npm audit: a clean report proves nothing; XSS, SQL injection and CSRF advisories fail their items", () => {
    expect(fileOf(passing, "nextjs/npm-audit.json")).toMatchObject({ status: "used", facts: 0 });
    expect(fileOf(passing, "nextjs/npm-audit.json").message).toContain("proves nothing");
    expect(claimsOf(failing, "nextjs/npm-audit.json")).toEqual([
      "qa.security.csrf fail",
      "qa.security.sql-injection fail",
      "qa.security.xss fail",
    ]);
    expect(factOf(failing, "nextjs/npm-audit.json", "qa.security.xss").fact).toBe(
      'npm audit: next has a moderate cross-site scripting advisory (CWE-79, GHSA-xxxx-7q3c-9m2p) "Next.js Cross-site Scripting in the image optimizer"',
    );
  });
});

describe("tsc, ESLint and axe-core", () => {
  test("tsc: a recorded clean run passes; error TS lines fail with the first position", () => {
    expect(claimsOf(passing, "nextjs/tsc.log")).toEqual(["frontend.build.no-typescript-errors pass"]);
    expect(factOf(failing, "nextjs/typecheck.txt", "frontend.build.no-typescript-errors").fact).toBe(
      "tsc: 2 type errors (first: src/app/checkout/page.tsx:44 TS2345)",
    );
  });

  test("ESLint: no errors passes; errors and console calls fail, without quoting the source", () => {
    expect(claimsOf(passing, "nextjs/eslint.json")).toEqual(["frontend.build.no-eslint-errors pass"]);
    expect(claimsOf(failing, "nextjs/eslint.json")).toEqual([
      "frontend.build.no-eslint-errors fail",
      "frontend.performance.no-console-logs fail",
    ]);
    expect(factOf(failing, "nextjs/eslint.json", "frontend.build.no-eslint-errors").fact).toBe(
      "ESLint: 2 errors in 2 files (first: app/checkout/page.tsx:44 react-hooks/rules-of-hooks)",
    );
    expect(JSON.stringify(failing)).not.toContain("sk_live_");
  });

  test("axe-core: best-practice findings do not fail WCAG; a WCAG A violation does, WCAG 2.2 ones are counted apart", () => {
    expect(claimsOf(passing, "nextjs/axe-home.json")).toEqual(["qa.compatibility.accessibility pass"]);
    expect(factOf(passing, "nextjs/axe-home.json", "qa.compatibility.accessibility").producedAt).toBe(
      "2026-11-20T09:45:03.221Z",
    );
    expect(factOf(failing, "nextjs/axe-checkout.json", "qa.compatibility.accessibility")).toMatchObject({
      result: "fail",
      fact: "axe-core 4.10.2: 1 WCAG 2.1 A/AA violation (label on https://shop.example.com/checkout/: 2 elements)",
    });
    expect(fileOf(failing, "nextjs/axe-checkout.json").message).toContain("1 other, 1 incomplete");
  });
});

describe("ZAP, OpenAPI and k6", () => {
  test("ZAP: an active scan with no XSS, SQL injection or CSRF alert passes them", () => {
    expect(claimsOf(passing, "security/zap-full-scan.json")).toEqual([
      "qa.security.csrf pass",
      "qa.security.sql-injection pass",
      "qa.security.xss pass",
    ]);
    expect(factOf(passing, "security/zap-full-scan.json", "qa.security.xss").producedAt).toBe(
      "2026-11-20T10:02:55.318Z",
    );
  });

  test("ZAP baseline: passive, so no XSS or SQL injection pass; CSRF, CSP and clickjacking alerts fail", () => {
    expect(claimsOf(failing, "security/zap-baseline.json")).toEqual([
      "frontend.security.csp fail",
      "frontend.security.x-frame-options-deny fail",
      "qa.security.csrf fail",
    ]);
    expect(fileOf(failing, "security/zap-baseline.json").message).toContain("passive scan only");
    // An older ZAP writes only @generated, without a zone.
    expect(factOf(failing, "security/zap-baseline.json", "qa.security.csrf").producedAt).toBe(
      "2026-11-20T10:11:07.000Z",
    );
  });

  test("ZAP full scan: a reflected XSS and a time-based SQL injection fail; a false positive does not count", () => {
    expect(claimsOf(failing, "security/zap-full-scan.json")).toEqual([
      "qa.security.csrf pass",
      "qa.security.sql-injection fail",
      "qa.security.xss fail",
    ]);
    expect(factOf(failing, "security/zap-full-scan.json", "qa.security.sql-injection").fact).toBe(
      'ZAP: "SQL Injection - PostgreSQL (Time Based)" (rule 40022, high risk) on https://api.shop.example.com/',
    );
  });

  test("OpenAPI: documented endpoints under /api/v1/ pass; unversioned paths beside versioned ones fail", () => {
    expect(claimsOf(passing, "django/openapi.yaml")).toEqual([
      "api.endpoints.versioning pass",
      "docs.api-endpoints pass",
    ]);
    expect(factOf(passing, "django/openapi.yaml", "docs.api-endpoints").fact).toBe(
      'OpenAPI 3.0.3 document "Shop API": 7 operations on 6 paths',
    );
    expect(claimsOf(failing, "django/openapi.json")).toEqual([
      "api.endpoints.versioning fail",
      "docs.api-endpoints pass",
    ]);
    expect(factOf(failing, "django/openapi.json", "api.endpoints.versioning").fact).toBe(
      'Swagger 2.0 document "Legacy Shop API": 2 of 4 paths outside a version prefix (/api/orders/, /api/cart/)',
    );
  });

  test("k6: p(95) within the budget passes; over it, or with many failed requests, fails", () => {
    expect(claimsOf(passing, "django/k6-summary.json")).toEqual([
      "post-deploy.benchmarks pass",
      "qa.performance.api-response-times pass",
    ]);
    expect(factOf(failing, "django/k6-summary-slow.json", "qa.performance.api-response-times").fact).toBe(
      "k6: http_req_duration p(95) 831 ms > 500 ms over 1500 requests, 0.20% failed",
    );
    expect(factOf(failing, "django/k6-summary-errors.json", "qa.performance.api-response-times").fact).toBe(
      "k6: 12.00% of 2400 requests failed (more than 1%)",
    );
    expect(fileOf(failing, "django/k6-summary-slow.json").message).toContain("1 k6 threshold crossed");
    const generous = collect([copyFixtures("failing/django")], { apiP95Ms: 1000 });
    expect(
      factOf(generous, "failing/django/k6-summary-slow.json", "qa.performance.api-response-times").result,
    ).toBe("pass");
  });
});
