import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { group, service } from "./ecs-fixtures";

const POLICY = "ecs-service-no-public-ip";
const FIX =
  "Set networkConfiguration.assignPublicIp to false and run the tasks in private subnets; with a public IP each task is reachable from the internet around the load balancer.";

describe(POLICY, () => {
  it("passes tasks without public IPs, and services that leave it to the default (false)", async () => {
    expect(findingsOf(await analyze([group("app-sg"), service()]), POLICY)).toEqual([]);
    expect(
      findingsOf(await analyze([group("app-sg"), service({ assignPublicIp: undefined })]), POLICY),
    ).toEqual([]);
  });

  it("fails assignPublicIp true: mandatory in production, advisory in the org baseline and dev", async () => {
    const exposed = [group("app-sg"), service({ assignPublicIp: true })];
    expect(findingsOf(await analyze(exposed), POLICY)).toEqual([["violation", "mandatory", "api", FIX]]);
    const levels = async (profile: string) =>
      findingsOf(
        await analyze(exposed, { config: require(`../../../policies/config/${profile}.json`) }),
        POLICY,
      ).map(([, level]) => level);
    expect(await levels("production")).toEqual(["mandatory"]);
    expect(await levels("org-baseline")).toEqual(["advisory"]);
    expect(await levels("dev")).toEqual(["advisory"]);
  });

  it("reports unknowns as unverified", async () => {
    expect(
      findingsOf(await analyze([group("app-sg"), service({ assignPublicIp: UNKNOWN })]), POLICY),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] networkConfiguration.assignPublicIp is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
