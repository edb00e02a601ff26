/**
 * Coverage side by side: each broken variant of the production program (test/helpers/broken-variants.ts,
 * one checklist item broken the way a program edit would) analysed by our pack and by awsguard over
 * gRPC, both with every policy mandatory. A pack "flags" a variant when it reports a violation the
 * compliant program did not have.
 */
import { GrpcPackTransport } from "../gate/analyzer/grpc-transport";
import { runAnalysis } from "../gate/analyzer/session";
import { parsePolicyConfigDocument } from "../gate/engine/policy-config";
import type { Registration } from "../gate/capture";
import { captureStack, editedResources } from "../test/helpers/program";
import { variants } from "../test/helpers/broken-variants";
import { PackName, PACKS } from "./packs";

export async function coverage() {
  const captured = await captureStack("production", "deploy");
  const context = {
    project: "prodready",
    stack: "production",
    organization: "org",
    dryRun: false,
    config: captured.config,
    configSecretKeys: [],
    tags: {},
  };
  // awsguard's acm-certificate-expiration calls the ACM API from inside the policy; offline it fails
  // the whole AnalyzeStack, so it is disabled for this comparison (it checks no checklist item).
  const configs: Record<string, ReturnType<typeof parsePolicyConfigDocument>> = {
    prodready: parsePolicyConfigDocument({ all: "mandatory" }),
    awsguard: parsePolicyConfigDocument({ all: "mandatory", "acm-certificate-expiration": "disabled" }),
  };
  const flagged: Record<string, Record<PackName, string[]>> = {};
  for (const pack of ["prodready", "awsguard"] as PackName[]) {
    const transport = await GrpcPackTransport.start(PACKS[pack]);
    try {
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
      for (const [index, [, , mutate]] of variants.entries()) {
        const fresh = (await violations(mutate)).filter((f) => !baseline.has(key(f)));
        (flagged[index] ??= {} as Record<PackName, string[]>)[pack] = [
          ...new Set(fresh.map((f) => f.policyName)),
        ];
      }
    } finally {
      await transport.close();
    }
  }
  return variants.map(([item, policy], index) => ({
    "checklist item": item ?? "(none)",
    "broken by": policy,
    prodready: flagged[index].prodready.includes(policy)
      ? "yes"
      : flagged[index].prodready.length
        ? `other: ${flagged[index].prodready.join(", ")}`
        : "no",
    awsguard: flagged[index].awsguard.length ? `yes (${flagged[index].awsguard.join(", ")})` : "no",
  }));
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
