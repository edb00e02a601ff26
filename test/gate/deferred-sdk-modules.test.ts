/**
 * The Pulumi SDK's closure-serializer modules (TypeScript, Arborist) load on first use in the capture
 * worker and under jest (gate/bin/deferred-sdk-modules.js). This fails the day an SDK upgrade
 * requires them another way (nothing deferred any more) or the deferral changes what a program gets
 * (a serialized function or a package walk differing from the SDK's own).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REPO } from "../helpers/cli";

const DEFERRAL = path.join(REPO, "gate/bin/deferred-sdk-modules.js");

/** A small package to walk: computeCodePaths reads its dependencies through Arborist. */
function smallProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-closure-"));
  for (const name of ["js-yaml", "argparse"])
    fs.cpSync(path.join(REPO, "node_modules", name), path.join(dir, "node_modules", name), {
      recursive: true,
    });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "closure", version: "1.0.0", dependencies: { "js-yaml": "4.1.0" } }),
  );
  return dir;
}

const SCRIPT = `
if (process.argv[1] === "deferred") require(${JSON.stringify(DEFERRAL)}).deferSdkModules();
const pulumi = require(${JSON.stringify(path.join(REPO, "node_modules/@pulumi/pulumi"))});
const loaded = () => [...new Set(Object.keys(require.cache).flatMap((file) =>
  /node_modules\\/(typescript|@npmcli\\/arborist)\\//.exec(file)?.slice(1, 2) ?? []))].sort();
(async () => {
  const withSdk = loaded();
  const closure = await pulumi.runtime.serializeFunction(function handler(event) { return { status: 200, event }; });
  const codePaths = await pulumi.runtime.computeCodePaths();
  console.log(JSON.stringify({ withSdk, afterUse: loaded(), text: closure.text, codePaths: [...codePaths.keys()].sort() }));
})();
`;

function run(variant: "plain" | "deferred", cwd: string) {
  return JSON.parse(execFileSync(process.execPath, ["-e", SCRIPT, variant], { cwd, encoding: "utf8" }));
}

describe("the SDK's closure-serializer modules", () => {
  let plain: ReturnType<typeof run>;
  let deferred: ReturnType<typeof run>;
  beforeAll(() => {
    const cwd = smallProject();
    plain = run("plain", cwd);
    deferred = run("deferred", cwd);
  });

  it("load with the SDK unless deferred, and on first use when deferred", () => {
    expect(plain.withSdk).toEqual(["@npmcli/arborist", "typescript"]);
    expect(deferred.withSdk).toEqual([]);
    expect(deferred.afterUse).toEqual(["@npmcli/arborist", "typescript"]);
  });

  it("serialize a function and walk a package exactly as the SDK does without the deferral", () => {
    expect(plain.text).toContain("status: 200");
    expect(plain.codePaths).toEqual(["node_modules/argparse", "node_modules/js-yaml"]);
    expect(deferred.text).toBe(plain.text);
    expect(deferred.codePaths).toEqual(plain.codePaths);
  });

  it("serialize a function under jest's mapping (jest.config.js) as the SDK does", async () => {
    const closure = await pulumi.runtime.serializeFunction(function handler(event: unknown) {
      return { status: 200, event };
    });
    expect(closure.text).toContain("status: 200");
    for (const [request, helper] of [
      ["../../typescript-shim", "typescript-shim.js"],
      ["@npmcli/arborist", "arborist.js"],
    ])
      expect(require.resolve(request)).toBe(path.join(REPO, "test/helpers/deferred-sdk", helper));
  });
});
