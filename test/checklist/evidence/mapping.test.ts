/**
 * The mapping table against the checklist and against what the readers do: every id it names is a
 * checklist item, every claim it lists is made by some fixture, and the out-of-scope items no format
 * can prove are the ones sign-off must answer.
 */
import * as path from "path";
import { EVIDENCE_MAPPING, EvidenceFormat } from "../../../gate/checklist/evidence";
import { CHECKLIST_ITEMS } from "../../../gate/checklist/items";
import { collect, copyFixtures, removeTemporaryFolders } from "./fixture-folders";

afterAll(removeTemporaryFolders);

const FORMATS: EvidenceFormat[] = [
  "junit",
  "django-check-deploy",
  "nextjs-required-server-files",
  "lighthouse",
  "pip-audit",
  "npm-audit",
  "python-requirements",
  "poetry-lock",
  "uv-lock",
  "npm-lockfile",
  "tsc-log",
  "eslint-json",
  "axe-core",
  "zap-baseline",
  "openapi",
  "k6-summary",
];

test("every format has one entry, and every item it names is a checklist item named once", () => {
  expect(EVIDENCE_MAPPING.map((m) => m.format).sort()).toEqual([...FORMATS].sort());
  const ids = new Set(CHECKLIST_ITEMS.map((item) => item.id));
  for (const mapping of EVIDENCE_MAPPING) {
    const items = mapping.proves.map((p) => p.item);
    expect(items.filter((item) => !ids.has(item))).toEqual([]);
    expect(new Set(items).size).toBe(items.length);
    for (const proof of mapping.proves) expect(proof.how).toMatch(/^[^\n]+$/);
  }
});

test("every claim the table lists is made by a fixture: each pass and each fail", () => {
  const root = copyFixtures("passing", "failing");
  const result = collect([path.join(root, "passing"), path.join(root, "failing")], {
    flowPatterns: { "qa.functionality.main-features": ["checkout"] },
  });
  const seen = new Set(result.facts.map((fact) => `${fact.format} ${fact.item} ${fact.result}`));
  const missing: string[] = [];
  for (const mapping of EVIDENCE_MAPPING) {
    for (const proof of mapping.proves) {
      const results =
        proof.claims === "pass-and-fail" ? ["pass", "fail"] : [proof.claims.replace("-only", "")];
      for (const outcome of results) {
        if (!seen.has(`${mapping.format} ${proof.item} ${outcome}`))
          missing.push(`${mapping.format} ${proof.item} ${outcome}`);
      }
    }
  }
  expect(missing).toEqual([]);
});

test("the out-of-scope items that no evidence format can prove: they need sign-off", () => {
  const provable = new Set(EVIDENCE_MAPPING.flatMap((m) => m.proves.map((p) => p.item)));
  const outOfScope = CHECKLIST_ITEMS.filter((item) => item.disposition.kind === "out-of-scope");
  expect(outOfScope).toHaveLength(62);
  expect(outOfScope.filter((item) => !provable.has(item.id)).map((item) => item.id)).toEqual([
    "backend.security.password-validators",
    "backend.auth.jwt-expiration",
    "backend.auth.endpoint-permissions",
    "backend.auth.no-auth-bypass",
    "backend.auth.errors-do-not-leak",
    "backend.files.static-root",
    "frontend.environment.env-local-gitignored",
    "frontend.build.build-succeeds",
    "frontend.performance.unused-dependencies",
    "frontend.security.cors-credentials",
    "frontend.auth.session-strategy",
    "frontend.auth.jwt-handling",
    "frontend.errors.no-sensitive-info",
    "devops.frontend-hosting.source-connected",
    "api.endpoints.tested-in-production-env",
    "api.endpoints.authentication-required",
    "api.endpoints.errors-do-not-leak",
    "qa.performance.queries-optimized",
    "qa.performance.no-n-plus-one",
    "qa.compatibility.mobile-os",
    "docs.database-schema",
    "post-deploy.critical-flows",
    "post-deploy.analytics",
    "post-deploy.emails",
  ]);
});
