/**
 * The options of `prodready checklist` around evidence, scope and secrets: the evidence settings and
 * their one set of defaults, and every combination that would silently mean nothing is refused with
 * one line and exit 2, before the gate runs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  DEFAULT_EVIDENCE_SETTINGS,
  evidenceOptions,
  evidenceSettings,
  EvidenceSettingsError,
  parseMaxAge,
} from "../../gate/checklist/evidence-settings";
import { CHECKLIST_IDS } from "../../gate/checklist/items";
import { cli, REPO } from "../helpers/cli";

describe("evidence settings", () => {
  it("defaults to 30 days, the three user flows, Lighthouse 90s and a 500 ms p95", () => {
    const settings = evidenceSettings(undefined, CHECKLIST_IDS);
    expect(settings).toEqual(DEFAULT_EVIDENCE_SETTINGS);
    expect(settings.maxAgeDays).toBe(30);
    expect(Object.keys(settings.flowPatterns)).toEqual([
      "qa.functionality.registration",
      "qa.functionality.login",
      "qa.functionality.password-reset",
    ]);
    for (const id of Object.keys(settings.flowPatterns)) expect(CHECKLIST_IDS.has(id)).toBe(true);
  });

  it("matches the test names teams write for each flow", () => {
    const matches = (id: string, name: string) =>
      DEFAULT_EVIDENCE_SETTINGS.flowPatterns[id].some((pattern) => new RegExp(pattern).test(name));
    expect(matches("qa.functionality.registration", "tests/test_auth.py::test_user_registration")).toBe(true);
    expect(matches("qa.functionality.registration", "Sign up › creates an account")).toBe(true);
    expect(matches("qa.functionality.login", "test_login_with_valid_credentials")).toBe(true);
    expect(matches("qa.functionality.login", "SignIn page redirects")).toBe(true);
    expect(matches("qa.functionality.password-reset", "test_password_reset_email_sent")).toBe(true);
    expect(matches("qa.functionality.password-reset", "Forgot password flow")).toBe(true);
    expect(matches("qa.functionality.login", "test_logout_clears_session")).toBe(false);
  });

  it("takes a config file's values over the defaults, a flow's patterns replacing that flow's, and the flag over both", () => {
    const settings = evidenceSettings(
      {
        maxAgeDays: 14,
        flowPatterns: {
          "qa.functionality.login": ["authenticate"],
          "qa.functionality.main-features": ["checkout"],
        },
        lighthouse: { performance: 80 },
        apiP95Ms: 300,
      },
      CHECKLIST_IDS,
      7,
    );
    expect(settings).toEqual({
      maxAgeDays: 7,
      flowPatterns: {
        ...DEFAULT_EVIDENCE_SETTINGS.flowPatterns,
        "qa.functionality.login": ["authenticate"],
        "qa.functionality.main-features": ["checkout"],
      },
      lighthouse: { ...DEFAULT_EVIDENCE_SETTINGS.lighthouse, performance: 80 },
      apiP95Ms: 300,
    });
    const now = new Date("2026-12-02T09:00:00Z");
    expect(evidenceOptions(settings, now)).toEqual({ now, ...settings });
  });

  it.each([
    [{ maxAgeDays: 0 }, /^maxAgeDays must be >= 1/],
    [{ lighthouse: { performance: 120 } }, /^lighthouse\.performance must be <= 100/],
    [{ lighthouse: { seo: 90 } }, /^lighthouse must NOT have additional properties/],
    [
      { apiP95: 300 },
      /^\(the document\) must NOT have additional properties; the keys are maxAgeDays, flowPatterns, lighthouse, apiP95Ms$/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": "login" } },
      /^flowPatterns\.qa\.functionality\.login must be array/,
    ],
    [
      { flowPatterns: { "qa.login": ["login"] } },
      /^flowPatterns names qa\.login, which is not a checklist item$/,
    ],
    [
      { flowPatterns: { "qa.functionality.login": ["log(in"] } },
      /^flowPatterns\.qa\.functionality\.login: log\(in is not a valid regular expression$/,
    ],
    [["not", "a", "mapping"], /^\(the document\) must be object/],
  ])("refuses %j", (document, message) => {
    expect(() => evidenceSettings(document, CHECKLIST_IDS)).toThrow(EvidenceSettingsError);
    expect(() => evidenceSettings(document, CHECKLIST_IDS)).toThrow(message);
  });

  it("reads --evidence-max-age as whole days, at least one", () => {
    expect(parseMaxAge("45")).toBe(45);
    for (const bad of ["0", "-3", "7.5", "a week", ""])
      expect(() => parseMaxAge(bad)).toThrow(
        /^--evidence-max-age .* is not a whole number of days \(1 or more\)$/,
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
      /^prodready: --evidence \S+missing is not a folder; pass the folder the evidence files were gathered in\n$/,
    ],
    [
      "a bad --evidence-max-age",
      () => ["--evidence", evidenceDir, "--evidence-max-age", "a month"],
      /^prodready: --evidence-max-age a month is not a whole number of days \(1 or more\)\n$/,
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
      /^prodready: the evidence config \S+broken\.yaml: it is not valid YAML or JSON/,
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
