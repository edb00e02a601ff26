/**
 * Coverage side by side: each broken variant of the production program and of the fixture programs of
 * other shapes (test/helpers/broken-variants.ts, one checklist item broken the way a program edit
 * would) analysed by our pack and by awsguard over gRPC, both with every policy mandatory. A pack "flags" a variant when it reports a violation the
 * compliant program did not have.
 */
import * as path from "path";
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { runAnalysis } from "../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../gate/engine/policy-config";
import type { Registration } from "../gate/capture";
import { captureStack, editedResources } from "../test/helpers/program";
import { programVariants, variants } from "../test/helpers/broken-variants";
import { PackName, PACKS } from "./packs";

/** The programs whose variants are compared: the production program, then the fixture programs of other shapes. */
async function programsWithVariants() {
  const programs = [{ name: "prodready", captured: await captureStack("production", "deploy"), variants }];
  for (const program of programVariants) {
    const dir = path.resolve(__dirname, "../test/fixtures/programs", program.program);
    programs.push({
      name: program.program,
      captured: await captureStack(program.stack, "deploy", dir),
      variants: program.variants,
    });
  }
  return programs;
}

export async function coverage() {
  const programs = await programsWithVariants();
  // awsguard's acm-certificate-expiration calls the ACM API from inside the policy; offline it fails
  // the whole AnalyzeStack, so it is disabled for this comparison (it checks no checklist item).
  const configs: Record<string, ReturnType<typeof parsePolicyConfigDocument>> = {
    prodready: parsePolicyConfigDocument({ all: "mandatory" }),
    awsguard: parsePolicyConfigDocument({ all: "mandatory", "acm-certificate-expiration": "disabled" }),
  };
  const rows: Array<Record<string, string>> = [];
  const flagged: Record<string, Record<PackName, string[]>> = {};
  for (const pack of ["prodready", "awsguard"] as PackName[]) {
    const transport = await GrpcPackTransport.start(PACKS[pack]);
    try {
      for (const { name, captured, variants: programVariantList } of programs) {
        const context = {
          project: captured.project ?? "prodready",
          stack: captured.stack,
          organization: "org",
          dryRun: false,
          config: captured.config,
          configSecretKeys: [],
          tags: {},
        };
        const key = (f: { policyName: string; urn: string; message: string }) =>
          `${f.policyName}|${f.urn}|${f.message}`;
        const violations = async (mutate?: (r: Registration[]) => void) =>
          (
            await runAnalysis(transport, {
              context,
              resources: editedResources(captured, mutate),
              policyConfig: configs[pack],
            })
          ).findings.filter((f) => f.category === "violation");
        const baseline = new Set((await violations()).map(key));
        for (const [index, [, , mutate]] of programVariantList.entries()) {
          const fresh = (await violations(mutate)).filter((f) => !baseline.has(key(f)));
          (flagged[`${name}#${index}`] ??= {} as Record<PackName, string[]>)[pack] = [
            ...new Set(fresh.map((f) => f.policyName)),
          ];
        }
      }
    } finally {
      await transport.close();
    }
  }
  for (const { name, variants: programVariantList } of programs) {
    programVariantList.forEach(([item, policy], index) => {
      const found = flagged[`${name}#${index}`];
      rows.push({
        program: name,
        "checklist item": item ?? "(none)",
        "broken by": policy,
        prodready: found.prodready.includes(policy)
          ? "yes"
          : found.prodready.length
            ? `other: ${found.prodready.join(", ")}`
            : "no",
        awsguard: found.awsguard.length ? `yes (${found.awsguard.join(", ")})` : "no",
      });
    });
  }
  return rows;
}

if (require.main === module) {
  coverage().then((rows) => {
    const { table } = require("./stats");
    console.log(
      "Coverage of the broken variants of the production program, every policy mandatory in both packs\n",
    );
    console.log(table(rows));
    const count = (pack: "prodready" | "awsguard") => rows.filter((r) => r[pack].startsWith("yes")).length;
    console.log(
      `\nflagged: prodready ${count("prodready")}/${rows.length}, awsguard ${count("awsguard")}/${rows.length}`,
    );
  });
}
