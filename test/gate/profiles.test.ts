/**
 * Which stack and which policy config a run uses, as a repository that is not ours would meet them:
 * the only stack file by default, a stack without a config file, and the profile by precedence
 * (--policy-pack-config > --profile > the stack's prodready:profile > the org baseline).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chooseStack, stacksIn } from "../../gate/capture/project";
import { choosePolicyConfig, profilesOf } from "../../gate/run";
import { BASELINE_PROFILE } from "../../gate/engine/policy-config";
import { GateInputError } from "../../gate/errors";
import { parsePolicyConfigDocument } from "../../gate/engine/policy-config";
import { cli, FIXTURES, REPO } from "../helpers/cli";
import { PACK_DIR } from "../helpers/pack";

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-profiles-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("the stack a run uses", () => {
  it("is the one --stack names, with or without a config file", () => {
    expect(chooseStack(folderWith({}), "qa")).toBe("qa");
  });

  it("is the only stack with a config file", () => {
    expect(chooseStack(folderWith({ "Pulumi.live.yaml": "config: {}\n" }), undefined)).toBe("live");
  });

  it("is production among several, as before stack files were read", () => {
    const dir = folderWith({ "Pulumi.dev.yml": "", "Pulumi.production.yaml": "" });
    expect(stacksIn(dir)).toEqual(["dev", "production"]);
    expect(chooseStack(dir, undefined)).toBe("production");
  });

  it("is the user's to name among several without production, or with none", () => {
    const several = folderWith({ "Pulumi.dev.yaml": "", "Pulumi.qa.yaml": "" });
    expect(() => chooseStack(several, undefined)).toThrow(
      `${several} has config files for the stacks dev, qa; pass --stack with one of them`,
    );
    const none = folderWith({});
    expect(() => chooseStack(none, undefined)).toThrow(
      `no Pulumi.<stack>.yaml in ${none} to choose a stack from; pass --stack NAME (a stack without a config file runs with empty config)`,
    );
  });

  it("is looked up in stackConfigDir, and the CLI exits 2 with one line when it cannot choose", async () => {
    const dir = folderWith({
      "Pulumi.yaml": "name: shop\nruntime: nodejs\nstackConfigDir: environments\n",
      "index.js": "",
      "environments/Pulumi.blue.yaml": "",
      "environments/Pulumi.green.yaml": "",
    });
    const result = await cli("gate", "--project-dir", dir);
    expect(result.stderr).toBe(
      `prodready: ${path.join(dir, "environments")} has config files for the stacks blue, green; pass --stack with one of them\n`,
    );
    expect(result.code).toBe(2);
  });
});

describe("the policy config a run uses", () => {
  const file = path.join(
    folderWith({ "policy-config.json": JSON.stringify({ all: "advisory" }) }),
    "policy-config.json",
  );
  const stackProfile = { name: "staging", namedBy: "prodready:profile of stack web" };

  it("lists the profiles the pack ships", () => {
    expect(profilesOf(PACK_DIR)).toEqual(["dev", "org-baseline", "production", "staging"]);
  });

  it("is --policy-pack-config over everything", () => {
    const choice = choosePolicyConfig(PACK_DIR, { file, profile: "production", stackProfile });
    expect(choice).toMatchObject({
      file,
      source: "--policy-pack-config",
      entries: { all: { enforcementLevel: "advisory" } },
    });
    expect(choice.profile).toBeUndefined();
  });

  it("is --profile over the stack's own prodready:profile", () => {
    expect(choosePolicyConfig(PACK_DIR, { profile: "production", stackProfile })).toMatchObject({
      profile: "production",
      source: "--profile",
      file: path.join(PACK_DIR, "config", "production.json"),
    });
  });

  it("is the stack's prodready:profile over the default", () => {
    expect(choosePolicyConfig(PACK_DIR, { stackProfile })).toMatchObject({
      profile: "staging",
      source: "prodready:profile",
    });
  });

  it("is the org baseline when nothing names one, whatever the stack is called", () => {
    const choice = choosePolicyConfig(PACK_DIR, {});
    expect(choice).toMatchObject({ profile: BASELINE_PROFILE, source: "default" });
    expect(choice.entries).toEqual(
      parsePolicyConfigDocument(
        JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", "org-baseline.json"), "utf8")),
      ),
    );
  });

  it("is the pack's own levels for a pack that ships no profiles", () => {
    expect(choosePolicyConfig(path.join(FIXTURES, "packs", "crashing"), {})).toEqual({ source: "default" });
  });

  it("refuses a profile the pack does not ship, naming who asked and the profiles there are", () => {
    expect(() => choosePolicyConfig(PACK_DIR, { profile: "prod" })).toThrow(GateInputError);
    expect(() => choosePolicyConfig(PACK_DIR, { profile: "prod" })).toThrow(
      "--profile prod names the profile prod, which the policy pack does not ship; use one of dev, org-baseline, production, staging, or pass a file with --policy-pack-config",
    );
    expect(() => choosePolicyConfig(PACK_DIR, { stackProfile: { ...stackProfile, name: "live" } })).toThrow(
      /^prodready:profile of stack web names the profile live, which the policy pack does not ship; use one of dev, org-baseline/,
    );
  });
});

describe("checklist runs the program like gate", () => {
  it("reads --mocks and --timeout for its gate run", async () => {
    const missing = path.join(os.tmpdir(), "prodready-no-such-mocks.yaml");
    const mocks = await cli("checklist", "--project-dir", REPO, "--mocks", missing);
    expect(mocks.stderr).toBe(
      `prodready: the mocks file ${missing} does not exist or cannot be read; fix --mocks\n`,
    );
    expect(mocks.code).toBe(2);
    const timeout = await cli("checklist", "--project-dir", REPO, "--timeout", "soon");
    expect(timeout.stderr).toBe(
      "prodready: --timeout soon is not a number of seconds; write e.g. --timeout 600\n",
    );
    expect(timeout.code).toBe(2);
  });
});

describe("checklist with --from", () => {
  it.each([
    ["--mocks", "mocks.yaml"],
    ["--timeout", "60"],
  ])("refuses %s, which only a gate run uses", async (flag, value) => {
    const result = await cli("checklist", "--from", "gate.json", flag, value);
    expect(result.stderr).toBe(
      `prodready: ${flag} applies to a gate run, and --from runs none; drop ${flag}, or drop --from to run the gate\n`,
    );
    expect(result.code).toBe(2);
  });
});
