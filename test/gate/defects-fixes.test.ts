/**
 * Issue 13's defects on a program of a foreign shape (test/fixtures/programs/defects-fixes: Node.js
 * on Fargate, RDS MySQL, a PostgreSQL database with only a pgBouncer exporter, CloudFront): each is
 * caught, once per resource. One gate run (both modes), shared, under the app's production profile:
 * the pooling and PostgreSQL policies are the app profiles' (the org baseline disables them).
 */
import * as path from "path";
import { GateReport } from "../../gate/run";
import { render } from "../../gate/cli";
import { FIXTURES, gateInProcess } from "../helpers/cli";

interface Violation {
  policy: string;
  resourceName: string;
  resourceType: string;
  category: string;
  modes: string[];
  blocking: boolean;
  message: string;
}

let violations: Violation[] = [];
const of = (policy: string) =>
  violations
    .filter((v) => v.policy === policy)
    .map((v) => [v.resourceName, v.category, v.modes.join("+"), v.message]);

beforeAll(async () => {
  const report: GateReport = await gateInProcess(path.join(FIXTURES, "programs", "defects-fixes"), {
    profile: "production",
  });
  violations = JSON.parse(render(report, "json")).violations;
}, 300_000);

describe("issue 13's defects on a foreign stack", () => {
  it("gives a task whose containers are unknown at preview one finding, naming the policies it holds up", () => {
    const onTask = violations.filter(
      (v) => v.resourceName === "orders-api" && v.resourceType === "aws:ecs/taskDefinition:TaskDefinition",
    );
    expect(onTask.map((v) => [v.policy, v.category, v.modes.join("+")])).toEqual([
      ["ecs-logging", "unverified", "preview"],
    ]);
    expect(onTask[0].message).toMatch(
      /containerDefinitions \(judged by db-connection-pooling, django-production-settings, .*\) is not known/,
    );
  });

  it("does not take a pgBouncer exporter for a pooler: unverified at preview, a violation once the containers are known", () => {
    expect(of("db-connection-pooling")).toEqual([
      [
        "reporting-db",
        "unverified",
        "preview",
        "[unverified at preview] containerDefinitions of task definition orders-api is not known until deploy; enforced at deploy.",
      ],
      [
        "reporting-db",
        "violation",
        "deploy",
        "Put an RDS Proxy (with an aws.rds.ProxyTarget naming this database) or a pgBouncer, PgCat or Odyssey container whose settings name this database in front of it.",
      ],
    ]);
  });

  it("counts no alarm that cannot tell someone, on MySQL as on PostgreSQL", () => {
    expect(of("monitoring-alarms").map(([name]) => name)).toEqual([
      "orders-db-cpu",
      "orders-db-storage",
      "orders-db",
      "reporting-db",
    ]);
  });

  it("fails the placeholder password, without echoing it", () => {
    expect(of("no-weak-secrets")).toEqual([
      [
        "orders-db",
        "violation",
        "preview+deploy",
        "Replace password with a generated secret; it is a common placeholder, the first value anyone tries.",
      ],
    ]);
  });

  it("reports the distribution's plain-HTTP behaviours as one finding", () => {
    expect(of("cloudfront-https-only")).toEqual([
      [
        "orders-cdn",
        "violation",
        "preview+deploy",
        "Set viewerProtocolPolicy to redirect-to-https or https-only on defaultCacheBehavior, orderedCacheBehaviors[0] and orderedCacheBehaviors[2]; they allow plain HTTP (allow-all, or unset).",
      ],
    ]);
    expect(of("cloudfront-security-headers")).toHaveLength(1);
  });

  it("leaves the Node.js container to the app-neutral policies", () => {
    expect([...of("django-production-settings"), ...of("nextjs-production-settings")]).toEqual([]);
  });
});
