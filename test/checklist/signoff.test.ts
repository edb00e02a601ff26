/**
 * The sign-off file: the documented example is valid, every authoring mistake is one clear line and
 * exit 2 (never a pass), and an expired entry is a status, not an error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  isExpired,
  parseSignoffs,
  parseSignoffYaml,
  SIGNOFF_EXAMPLE,
  SignoffError,
} from "../../gate/checklist/signoff";
import { CHECKLIST_IDS } from "../../gate/checklist/items";
import { cli, REPO } from "../helpers/cli";

const TODAY = "2026-12-02";
const parse = (text: string) => parseSignoffs(parseSignoffYaml(text), CHECKLIST_IDS, TODAY);
const entry = (fields: string) => `signoffs:\n  post-deploy.analytics:\n${fields}`;
const VALID = [
  "    signedBy: Dana Whitfield",
  "    signedAt: 2026-11-28",
  "    link: https://analytics.example.com/dashboards/launch",
  "    expires: 2027-02-28",
  "",
].join("\n");
const without = (field: string) =>
  VALID.split("\n")
    .filter((line) => !line.trim().startsWith(`${field}:`))
    .join("\n");
const replacing = (field: string, value: string) =>
  VALID.replace(new RegExp(`(    ${field}: ).*`), `$1${value}`);

describe("parseSignoffs", () => {
  it("reads the example docs/checklist.md shows, dates as strings", () => {
    expect(parse(SIGNOFF_EXAMPLE)).toEqual([
      {
        item: "post-deploy.analytics",
        signedBy: "Dana Whitfield <dana@example.com>",
        signedAt: "2026-11-28",
        link: "https://analytics.example.com/dashboards/launch-week",
        expires: "2027-02-28",
        note: "Page views, sign-ups and checkouts arrive from production.",
      },
      {
        item: "qa.compatibility.mobile-os",
        signedBy: "QA team (Ilya Marsh)",
        signedAt: "2026-11-27",
        link: "https://tracker.example.com/QA-412",
        expires: "2027-01-31",
      },
    ]);
    expect(fs.readFileSync(path.join(REPO, "docs/checklist.md"), "utf8")).toContain(
      `\`\`\`yaml\n${SIGNOFF_EXAMPLE}\`\`\``,
    );
  });

  it.each([
    [
      "not YAML",
      'signoffs:\n  post-deploy.analytics: "open\n  next: 1\n',
      /^it is not valid YAML at line \d+ \(/,
    ],
    [
      "a list instead of a mapping",
      "- post-deploy.analytics",
      /^it must be a mapping with one key, "signoffs"/,
    ],
    [
      "another top-level key",
      `${entry(VALID)}version: 2\n`,
      /^it must be a mapping with one key, "signoffs"/,
    ],
    ["an empty file", "", /^it must be a mapping with one key, "signoffs"/],
    [
      "an entry that is not a mapping",
      "signoffs:\n  post-deploy.analytics: yes\n",
      /^the sign-off of post-deploy\.analytics must be a mapping of signedBy, signedAt, link, expires, note$/,
    ],
    [
      "no signedBy (unsigned)",
      entry(without("signedBy")),
      /^the sign-off of post-deploy\.analytics has no "signedBy": who signed \(a name or an e-mail address\)$/,
    ],
    [
      "an empty signedBy (unsigned)",
      entry(replacing("signedBy", '"  "')),
      /^the sign-off of post-deploy\.analytics: signedBy must be who signed/,
    ],
    [
      "no expires",
      entry(without("expires")),
      /^the sign-off of post-deploy\.analytics has no "expires": the last day the sign-off holds/,
    ],
    [
      "no link",
      entry(without("link")),
      /^the sign-off of post-deploy\.analytics has no "link": an http\(s\) URL of what they looked at$/,
    ],
    [
      "an unknown field",
      entry(`${VALID}    approved: true\n`),
      /^the sign-off of post-deploy\.analytics has an unknown field "approved"; the fields are signedBy, signedAt, link, expires, note$/,
    ],
    [
      "a date in another format",
      entry(replacing("expires", "28/02/2027")),
      /^the sign-off of post-deploy\.analytics: expires must be the last day the sign-off holds, a date YYYY-MM-DD$/,
    ],
    [
      "a date not on the calendar",
      entry(replacing("expires", "2027-02-30")),
      /^the sign-off of post-deploy\.analytics: expires 2027-02-30 is not a calendar date$/,
    ],
    [
      "a number for a date",
      entry(replacing("signedAt", "20261128")),
      /^the sign-off of post-deploy\.analytics: signedAt must be the day they signed/,
    ],
    [
      "a link that is not a URL",
      entry(replacing("link", "the launch dashboard")),
      /^the sign-off of post-deploy\.analytics: link must be an http\(s\) URL of what they looked at$/,
    ],
    [
      "an unknown item",
      `signoffs:\n  post-deploy.analytic:\n${VALID}  qa.browsers:\n${VALID}`,
      /^post-deploy\.analytic, qa\.browsers are not checklist items; use the ids of docs\/checklist\.md$/,
    ],
    [
      "a sign-off dated after today",
      entry(replacing("signedAt", "2026-12-03")),
      /^the sign-off of post-deploy\.analytics is dated 2026-12-03, after today \(2026-12-02\); date it when it was signed$/,
    ],
    [
      "an expiry before the signature",
      entry(replacing("expires", "2026-11-01")),
      /^the sign-off of post-deploy\.analytics expires \(2026-11-01\) before it was signed \(2026-11-28\)$/,
    ],
    [
      "the same item twice",
      `signoffs:\n  post-deploy.analytics:\n${VALID}  post-deploy.analytics:\n${VALID}`,
      /^it is not valid YAML at line \d+ \(duplicated mapping key\)$/,
    ],
  ])("refuses %s with one line", (_case, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SignoffError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("accepts a valid entry, and an expired one (expiry is a status, not an error)", () => {
    expect(parse(entry(VALID))).toHaveLength(1);
    expect(parse(entry(replacing("expires", "2026-11-30")))[0].expires).toBe("2026-11-30");
  });

  it("holds through its expiry day (UTC) and expires the day after", () => {
    const signoff = parse(entry(replacing("expires", "2026-12-02")))[0];
    expect(isExpired(signoff, "2026-12-02")).toBe(false);
    expect(isExpired(signoff, "2026-12-03")).toBe(true);
  });
});

describe("prodready checklist --signoff", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-signoff-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it.each([
    [
      "a missing file",
      () => path.join(dir, "missing.yaml"),
      /^prodready: the sign-off file \S+missing\.yaml does not exist; pass a file with --signoff\n$/,
    ],
    ["a folder", () => dir, /^prodready: the sign-off file \S+ is a folder; pass a file with --signoff\n$/],
    [
      "a malformed file",
      () => write("malformed.yaml", entry(without("signedBy"))),
      /^prodready: the sign-off file \S+malformed\.yaml: the sign-off of post-deploy\.analytics has no "signedBy"/,
    ],
    [
      "an unknown item",
      () => write("unknown.yaml", `signoffs:\n  qa.browsers:\n${VALID}`),
      /^prodready: the sign-off file \S+unknown\.yaml: qa\.browsers is not a checklist item; use the ids of docs\/checklist\.md\n$/,
    ],
  ])("exits 2 with one line on stderr for %s, before any gate run", async (_case, file, message) => {
    const result = await cli("checklist", "--project-dir", path.join(dir, "no-project"), "--signoff", file());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("never echoes a --secret value, not even in an error about the sign-off file", async () => {
    const secret = "sk_live_51HqLyjWDarjtT1zdp7dc";
    const file = write("secret.yaml", `signoffs:\n  ${secret}:\n${VALID}`);
    const result = await cli("checklist", "--secret", `prodready:stripeKey=${secret}`, "--signoff", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prodready: the sign-off file \S+: \[secret\] is not a checklist item/);
    expect(result.stderr).not.toContain(secret);
  });
});
