import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { group, loadBalancer, service } from "./ecs-fixtures";

const POLICY = "ecs-service-own-security-group";
const SHARED =
  "Give this service's tasks a security group of their own that accepts traffic only from the load balancer's group; they share a security group with internet-facing load balancer web.";
const groups = [group("alb-sg"), group("app-sg")];

describe(POLICY, () => {
  it("passes tasks in their own group, joined through the recorded dependencies", async () => {
    expect(findingsOf(await analyze([...groups, loadBalancer(), service()]), POLICY)).toEqual([]);
  });

  it("fails tasks in the internet-facing load balancer's group (ids unknown at preview)", async () => {
    const sharing = service({}, { networkConfiguration: ["alb-sg"] });
    expect(findingsOf(await analyze([...groups, loadBalancer(), sharing]), POLICY)).toEqual([
      ["violation", "mandatory", "api", SHARED],
    ]);
    const both = service(
      { securityGroups: [UNKNOWN, UNKNOWN] },
      { networkConfiguration: ["app-sg", "alb-sg"] },
    );
    expect(findingsOf(await analyze([...groups, loadBalancer(), both]), POLICY)).toEqual([
      ["violation", "mandatory", "api", SHARED],
    ]);
  });

  it("fails a shared group named by known ids, in the stack or not", async () => {
    const known = [group("alb-sg", { id: "sg-0alb" }), group("app-sg", { id: "sg-0app" })];
    const lb = loadBalancer({ securityGroups: ["sg-0alb"] }, {});
    expect(
      findingsOf(await analyze([...known, lb, service({ securityGroups: ["sg-0alb"] }, {})]), POLICY),
    ).toEqual([["violation", "mandatory", "api", SHARED]]);
    const external = loadBalancer({ securityGroups: ["sg-0shared"] }, {});
    expect(
      findingsOf(await analyze([external, service({ securityGroups: ["sg-0shared"] }, {})]), POLICY),
    ).toEqual([["violation", "mandatory", "api", SHARED]]);
  });

  it("ignores internal load balancers", async () => {
    const sharing = service({}, { networkConfiguration: ["alb-sg"] });
    expect(findingsOf(await analyze([...groups, loadBalancer({ internal: true }), sharing]), POLICY)).toEqual(
      [],
    );
  });

  it("reports a group it cannot join as unverified, never as a pass", async () => {
    const unjoined = service({}, {});
    expect(findingsOf(await analyze([...groups, loadBalancer(), unjoined]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] networkConfiguration.securityGroups is not known until deploy; enforced at deploy.",
      ],
    ]);
    const lbUnjoined = loadBalancer({}, {});
    expect(findingsOf(await analyze([...groups, lbUnjoined, service()]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] securityGroups of load balancer web is not known until deploy; enforced at deploy.",
      ],
    ]);
    // Without an internet-facing load balancer in the stack there is nothing to share.
    expect(findingsOf(await analyze([...groups, unjoined]), POLICY)).toEqual([]);
  });

  it("does not throw on malformed input", async () => {
    const odd = service({ securityGroups: "sg-1" }, {}, {});
    expect(
      findingsOf(await analyze([...groups, loadBalancer({ securityGroups: [null, 4] }), odd]), POLICY),
    ).toEqual([]);
  });
});
