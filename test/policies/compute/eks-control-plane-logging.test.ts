import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { cluster } from "./ec2-fixtures";

const POLICY = "eks-control-plane-logging";

describe(POLICY, () => {
  it("passes a cluster that logs api, audit and authenticator", async () => {
    expect(findingsOf(await analyze([cluster()]), POLICY)).toEqual([]);
  });

  it("fails missing log types", async () => {
    expect(findingsOf(await analyze([cluster({ enabledClusterLogTypes: ["api"] })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        'Add "audit", "authenticator" to enabledClusterLogTypes; they are not enabled.',
      ],
    ]);
    expect(findingsOf(await analyze([cluster({ enabledClusterLogTypes: undefined })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "platform",
        'Add "api", "audit", "authenticator" to enabledClusterLogTypes; no control-plane log is enabled.',
      ],
    ]);
  });

  it("reads the required types from config", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { requiredLogTypes: ["api", "audit", "authenticator", "scheduler"] },
    };
    expect(findingsOf(await analyze([cluster()], { config }), POLICY)).toEqual([
      ["violation", "mandatory", "platform", 'Add "scheduler" to enabledClusterLogTypes; it is not enabled.'],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([cluster({ enabledClusterLogTypes: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "platform",
        "[unverified at preview] enabledClusterLogTypes is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
