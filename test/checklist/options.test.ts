/**
 * The options of `prodready checklist` around evidence, scope and secrets: the evidence settings (the
 * config file's shape checked here, the one set of defaults and value checks in evidence/options.ts),
 * and every combination that would silently mean nothing, refused with one line and exit 2 before
 * the gate runs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evidenceOptionsFrom, parseMaxAge } from "../../gate/checklist/evidence-settings";
import {
  DEFAULT_EVIDENCE_OPTIONS,
  EvidenceError,
  resolveEvidenceOptions,
} from "../../gate/checklist/evidence/options";
import { FLOW_ITEMS, nameAsWords } from "../../gate/checklist/evidence/flows";
import { CHECKLIST_IDS } from "../../gate/checklist/items";
import { GateInputError } from "../../gate/errors";
import { cli, REPO } from "../helpers/cli";

const NOW = new Date("2026-12-02T09:00:00Z");
/** What the CLI layer hands evidence recognition, as recognition resolves it. */
const resolved = (document: unknown, maxAgeDays?: number) =>
  resolveEvidenceOptions(evidenceOptionsFrom(document, NOW, maxAgeDays));
const patternsOf = (document: unknown, item: string) =>
  (resolved(document).flowPatterns.get(item) ?? []).map((pattern) => pattern.source);

describe("evidence settings: one set of defaults, one validation", () => {
  it("defaults to 30 days, every flow test names can prove, Lighthouse 90s and a 500 ms p95", () => {
    expect(evidenceOptionsFrom(undefined, NOW)).toEqual({ now: NOW, maxAgeDays: 30 });
    const options = resolved(undefined);
    expect(options.maxAgeDays).toBe(DEFAULT_EVIDENCE_OPTIONS.maxAgeDays);
    expect(options.lighthouse).toEqual({
      performance: 90,
      accessibility: 90,
      bestPractices: 90,
      maxLoadMs: 2500,
    });
    expect(options.apiP95Ms).toBe(500);
    expect([...options.flowPatterns.keys()]).toEqual(FLOW_ITEMS.map((flow) => flow.item));
    for (const flow of FLOW_ITEMS) expect(CHECKLIST_IDS.has(flow.item)).toBe(true);
    // No main feature is known until a team names its own.
    expect(options.flowPatterns.get("qa.functionality.main-features")).toEqual([]);
  });

  it("matches the test names teams write for each flow, in any case and spelling", () => {
    const flows = resolved(undefined).flowPatterns;
    const matches = (item: string, name: string) =>
      flows.get(item)!.every((pattern) => pattern.test(name) || pattern.test(nameAsWords(name)));
    expect(matches("qa.functionality.registration", "tests/test_auth.py::test_user_registration")).toBe(true);
    expect(matches("qa.functionality.registration", "Sign up › creates an account")).toBe(true);
    expect(matches("qa.functionality.login", "test_login_with_valid_credentials")).toBe(true);
    expect(matches("qa.functionality.login", "SignIn page redirects")).toBe(true);
    expect(matches("qa.functionality.password-reset", "test_password_reset_email_sent")).toBe(true);
    expect(matches("qa.functionality.password-reset", "Forgot password flow")).toBe(true);
    expect(matches("qa.functionality.login", "test_logout_clears_session")).toBe(false);
  });

  it("takes a config file's values over the defaults, a flow's patterns replacing that flow's, `[]` switching one off, and the flag over both", () => {
    const document = {
      maxAgeDays: 14,
      flowPatterns: {
        "qa.functionality.login": ["authenticate"],
        "qa.functionality.main-features": ["checkout", "search"],
        "qa.security.xss": [],
      },
      lighthouse: { performance: 80 },
      apiP95Ms: 300,
    };
    expect(evidenceOptionsFrom(document, NOW, 7)).toEqual({ ...document, now: NOW, maxAgeDays: 7 });
    const options = resolved(document, 7);
    expect(options.maxAgeDays).toBe(7);
    expect(resolved(document).maxAgeDays).toBe(14);
    expect(patternsOf(document, "qa.functionality.login")).toEqual(["authenticate"]);
    expect(patternsOf(document, "qa.functionality.main-features")).toEqual(["checkout", "search"]);
    expect(patternsOf(document, "qa.security.xss")).toEqual([]);
    expect(patternsOf(document, "qa.functionality.registration")).toEqual([
      ...DEFAULT_EVIDENCE_OPTIONS.flowPatterns["qa.functionality.registration"],
    ]);
    expect(options.lighthouse).toEqual({ ...DEFAULT_EVIDENCE_OPTIONS.lighthouse, performance: 80 });
    expect(options.apiP95Ms).toBe(300);
  });

  it.each([
    // The shape, by the config's schema.
    [{ lighthouse: { seo: 90 } }, /^lighthouse must NOT have additional properties/],
    [
      { apiP95: 300 },
      /^\(the document\) must NOT have additional properties; the keys are maxAgeDays, flowPatterns, lighthouse, apiP95Ms$/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": "login" } },
      /^flowPatterns\.qa\.functionality\.login must be array/,
    ],
    [{ lighthouse: { performance: "high" } }, /^lighthouse\.performance must be number/],
    [["not", "a", "mapping"], /^\(the document\) must be object/],
    // The values, by evidence recognition's own check.
    [{ maxAgeDays: -1 }, /^maxAgeDays must be a whole number of days, 0 or more; got -1$/],
    [{ maxAgeDays: 7.5 }, /^maxAgeDays must be a whole number of days, 0 or more; got 7\.5$/],
    [
      { lighthouse: { performance: 120 } },
      /^lighthouse\.performance must be a number between 0 and 100; got 120$/,
    ],
    [{ apiP95Ms: 0 }, /^apiP95Ms must be a number at least 1; got 0$/],
    [
      { flowPatterns: { "qa.login": ["login"] } },
      /^flowPatterns names "qa\.login", which test names cannot prove; the items they can: qa\.functionality\.registration, /,
    ],
    [
      { flowPatterns: { "backend.security.debug-off": ["debug"] } },
      /^flowPatterns names "backend\.security\.debug-off", which test names cannot prove/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": ["log(in"] } },
      /^flowPatterns\["qa\.functionality\.login"\]\[0\] is not a valid regular expression/,
    ],
  ])("refuses %j with one line (exit 2)", (document, message) => {
    let error: unknown;
    try {
      evidenceOptionsFrom(document, NOW);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error).toBeInstanceOf(GateInputError);
    expect((error as EvidenceError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("reads --evidence-max-age as whole days, 0 or more", () => {
    expect(parseMaxAge("45")).toBe(45);
    expect(parseMaxAge("0")).toBe(0);
    for (const bad of ["-3", "7.5", "a week", ""])
      expect(() => parseMaxAge(bad)).toThrow(
        /^--evidence-max-age .* is not a whole number of days \(0 or more\)$/,
      );
  });
});

describe("prodready checklist refuses options that would mean nothing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-options-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const evidenceDir = path.join(dir, "evidence");
  fs.mkdirSync(evidenceDir);
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const gateJson = file("gate.json", "{}");

  it.each([
    [
      "evidence in the infrastructure scope",
      () => ["--scope", "infrastructure", "--evidence", evidenceDir, "--signoff", file("s.yaml", "")],
      /^prodready: --scope infrastructure judges only what the pack, the program and the docs answer; drop --evidence, --signoff or use --scope production\n$/,
    ],
    [
      "an unknown scope",
      () => ["--scope", "app"],
      /^prodready: option '--scope <scope>' argument 'app' is invalid/,
    ],
    [
      "--evidence-max-age without --evidence",
      () => ["--evidence-max-age", "14"],
      /^prodready: --evidence-max-age has no effect without --evidence; pass the evidence folders with --evidence DIR\n$/,
    ],
    [
      "--evidence-config without --evidence",
      () => ["--evidence-config", file("settings.yaml", "apiP95Ms: 300\n")],
      /^prodready: --evidence-config has no effect without --evidence/,
    ],
    [
      "an --evidence path that is not a folder",
      () => ["--evidence", path.join(dir, "missing")],
      /^prodready: --evidence \S+missing does not exist; pass the folder the evidence files were gathered in\n$/,
    ],
    [
      "a bad --evidence-max-age",
      () => ["--evidence", evidenceDir, "--evidence-max-age", "a month"],
      /^prodready: --evidence-max-age a month is not a whole number of days \(0 or more\)\n$/,
    ],
    [
      "an evidence config that breaks its schema",
      () => [
        "--evidence",
        evidenceDir,
        "--evidence-config",
        file("bad.yaml", "lighthouse:\n  performance: high\n"),
      ],
      /^prodready: the evidence config \S+bad\.yaml: lighthouse\.performance must be number; the keys are/,
    ],
    [
      "an evidence config that is not YAML",
      () => ["--evidence", evidenceDir, "--evidence-config", file("broken.yaml", "apiP95Ms: [300\n")],
      /^prodready: the evidence config \S+broken\.yaml: it is not valid YAML at line 2 \(/,
    ],
    [
      "an evidence config naming an item test names cannot prove",
      () => [
        "--evidence",
        evidenceDir,
        "--evidence-config",
        file("unknown-flow.json", '{"flowPatterns": {"post-deploy.emails": ["email"]}}'),
      ],
      /^prodready: the evidence config \S+unknown-flow\.json: flowPatterns names "post-deploy\.emails", which test names cannot prove; the items they can: /,
    ],
    [
      "an evidence config with a value out of range",
      () => ["--evidence", evidenceDir, "--evidence-config", file("range.yaml", "maxAgeDays: -2\n")],
      /^prodready: the evidence config \S+range\.yaml: maxAgeDays must be a whole number of days, 0 or more; got -2\n$/,
    ],
    [
      "an --evidence path that is a file",
      () => ["--evidence", gateJson],
      /^prodready: --evidence \S+gate\.json is not a folder; pass the folder the evidence files were gathered in\n$/,
    ],
    [
      "a missing evidence config",
      () => ["--evidence", evidenceDir, "--evidence-config", path.join(dir, "none.yaml")],
      /^prodready: the evidence config \S+none\.yaml does not exist; pass a file with --evidence-config\n$/,
    ],
    [
      "--config with --from (no gate runs)",
      () => ["--from", gateJson, "--config", "prodready:domain=example.com"],
      /^prodready: --config sets stack config for a gate run, and --from runs none; drop --config, or drop --from to run the gate\n$/,
    ],
    [
      "a --secret that is not key=value, without echoing it",
      () => ["--from", gateJson, "--secret", "hunter2-is-my-password"],
      /^prodready: --secret number 1 is not key=value \(its text is not shown\); write e\.g\. --secret prodready:djangoSecretKey=VALUE\n$/,
    ],
  ])("exits 2 with one line for %s", async (_case, args, message) => {
    const result = await cli("checklist", ...args());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain("hunter2");
  });

  it("hands --config to the gate run, like prodready gate", async () => {
    const result = await cli("checklist", "--project-dir", REPO, "--config", "no-equals-sign");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prodready: --config no-equals-sign is not key=value/);
  });
});
