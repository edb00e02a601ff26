/**
 * The three rules that keep the parts apart (docs/architecture.md), checked on every import of every
 * source file: the program (stacks/) imports nothing of the pack or the gate; the pack (policies/)
 * imports nothing of the gate or the program; the gate reads the pack only through its public
 * surface, policies/api.ts. Imports are read with TypeScript's own pre-processor (static imports,
 * re-exports, `import type`, `require(...)` and `import(...)` with a literal path).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { REPO } from "./helpers/cli";

type Part = "stacks" | "policies" | "gate";
const PARTS: Part[] = ["stacks", "policies", "gate"];
const PACK_API = "policies/api";
const SOURCE = /\.(ts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    // policies/bin is the pack's compiled output, not source.
    if (entry.name === "node_modules" || relative === "policies/bin") return [];
    if (entry.isDirectory()) return sourceFiles(relative);
    return SOURCE.test(entry.name) ? [relative] : [];
  });
}

/** The repository path an import of `specifier` from `file` lands on (extension dropped), if it is relative. */
function target(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return path.posix
    .normalize(path.posix.join(path.posix.dirname(file), specifier))
    .replace(SOURCE, "")
    .replace(/\/index$/, "");
}

const partOf = (repositoryPath: string) => PARTS.find((part) => repositoryPath.startsWith(`${part}/`));

/** Every import that breaks a rule, as "file imports target (rule)". */
function violations(file: string, text: string): string[] {
  const from = partOf(file);
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => target(file, imported.fileName))
    .flatMap((to) => {
      const into = to === undefined ? undefined : partOf(to);
      if (!to || !into || into === from) return [];
      if (from === "stacks")
        return [`${file} imports ${to} (the program imports nothing of the pack or the gate)`];
      if (from === "policies")
        return [`${file} imports ${to} (the pack imports nothing of the gate or the program)`];
      if (from === "gate" && into === "stacks")
        return [`${file} imports ${to} (the gate runs programs, it imports none)`];
      if (from === "gate" && to !== PACK_API)
        return [`${file} imports ${to} (the gate reads the pack only through ${PACK_API}.ts)`];
      return [];
    });
}

describe("the parts stay apart", () => {
  const files = PARTS.flatMap((part) => sourceFiles(part));
  const read = (file: string) => fs.readFileSync(path.join(REPO, file), "utf8");

  it("no import crosses a boundary", () => {
    for (const part of PARTS)
      expect(files.filter((file) => file.startsWith(`${part}/`)).length).toBeGreaterThan(10);
    expect(files.flatMap((file) => violations(file, read(file)))).toEqual([]);
  });

  it("the gate does read the pack, through its public surface", () => {
    const throughApi = files.filter(
      (file) => file.startsWith("gate/") && /["']([./]+)policies\/api["']/.test(read(file)),
    );
    expect(throughApi.length).toBeGreaterThanOrEqual(4);
  });

  it("catches each kind of crossing (the check itself can fail)", () => {
    expect(violations("stacks/components/edge.ts", 'import { x } from "../../policies/api";')).toEqual([
      "stacks/components/edge.ts imports policies/api (the program imports nothing of the pack or the gate)",
    ]);
    expect(violations("stacks/index.ts", 'const run = require("../gate/run");')).toHaveLength(1);
    expect(
      violations("policies/lib/define.ts", 'import type { Finding } from "../../gate/analyzer/session";'),
    ).toEqual([
      "policies/lib/define.ts imports gate/analyzer/session (the pack imports nothing of the gate or the program)",
    ]);
    expect(
      violations("gate/report/model.ts", 'export { UNVERIFIED_PREFIX } from "../../policies/lib/markers";'),
    ).toEqual([
      "gate/report/model.ts imports policies/lib/markers (the gate reads the pack only through policies/api.ts)",
    ]);
    expect(
      violations("gate/checklist/docs.ts", 'const pack = import("../../policies/pack.ts");'),
    ).toHaveLength(1);
    expect(
      violations("gate/report/model.ts", 'import { UNVERIFIED_PREFIX } from "../../policies/api";'),
    ).toEqual([]);
    expect(violations("gate/report/model.ts", 'import * as pulumi from "@pulumi/pulumi";')).toEqual([]);
  });
});
