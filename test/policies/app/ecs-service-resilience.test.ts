import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { SERVICE } from "./fixtures";

const POLICY = "ecs-service-resilience";
const fails = (message: string) => ["violation", "mandatory", "api", message];
const baseline = {
  cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
  taskDefinition: "api:3",
  launchType: "FARGATE",
  desiredCount: 2,
  deploymentCircuitBreaker: { enable: true, rollback: true },
};
// The engine drops undefined properties; so does the baseline here (a key set to undefined means "unset").
const service = (props: Record<string, unknown> = {}) => ({
  type: SERVICE,
  name: "api",
  props: Object.fromEntries(
    Object.entries({ ...baseline, ...props }).filter(([, value]) => value !== undefined),
  ),
});
const run = async (props: Record<string, unknown>, config?: Record<string, unknown>) =>
  findingsOf(
    await analyze([service(props)], config ? { config: { all: "mandatory", [POLICY]: config } } : {}),
    POLICY,
  );

describe(POLICY, () => {
  it("passes a service with a rolling-back circuit breaker and two tasks", async () => {
    expect(await run({})).toEqual([]);
  });

  it("fails a service without a circuit breaker", async () => {
    expect(await run({ deploymentCircuitBreaker: undefined })).toEqual([
      fails(
        "Set deploymentCircuitBreaker {enable: true, rollback: true}; it is unset, so a failing deployment is not stopped.",
      ),
    ]);
  });

  it("fails a breaker that is off or does not roll back", async () => {
    expect(await run({ deploymentCircuitBreaker: { enable: false, rollback: true } })).toEqual([
      fails("Set deploymentCircuitBreaker.enable to true; a failing deployment is not stopped."),
    ]);
    expect(await run({ deploymentCircuitBreaker: { enable: true, rollback: false } })).toEqual([
      fails(
        "Set deploymentCircuitBreaker.rollback to true; a failed deployment is not rolled back to the last working one.",
      ),
    ]);
  });

  it("fails fewer tasks than the minimum, and an unset count", async () => {
    expect(await run({ desiredCount: 1 })).toEqual([fails("Set desiredCount to at least 2; it is 1.")]);
    expect(await run({ desiredCount: undefined })).toEqual([
      fails("Set desiredCount to at least 2; it is unset, which the provider treats as 0."),
    ]);
  });

  it("honours minimumDesiredCount", async () => {
    expect(await run({}, { minimumDesiredCount: 3 })).toEqual([
      fails("Set desiredCount to at least 3; it is 2."),
    ]);
    expect(await run({ desiredCount: undefined }, { minimumDesiredCount: 0 })).toEqual([]);
  });

  it("does not count tasks of a DAEMON service", async () => {
    expect(await run({ schedulingStrategy: "DAEMON", desiredCount: undefined, launchType: "EC2" })).toEqual(
      [],
    );
  });

  it("does not ask for a circuit breaker under CodeDeploy or an external controller", async () => {
    for (const type of ["CODE_DEPLOY", "EXTERNAL"]) {
      expect(await run({ deploymentCircuitBreaker: undefined, deploymentController: { type } })).toEqual([]);
    }
  });

  it("reports unknowns as unverified and still checks the rest", async () => {
    expect(
      await run({ desiredCount: UNKNOWN, deploymentCircuitBreaker: { enable: UNKNOWN, rollback: false } }),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] deploymentCircuitBreaker.enable is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] desiredCount is not known until deploy; enforced at deploy.",
      ],
      fails(
        "Set deploymentCircuitBreaker.rollback to true; a failed deployment is not rolled back to the last working one.",
      ),
    ]);
  });

  it("remediates the circuit breaker when the policy is at remediate level", async () => {
    const result = await analyze([service({ deploymentCircuitBreaker: { enable: false } })], {
      config: { all: "mandatory", [POLICY]: "remediate" },
    });
    expect(result.remediations).toEqual([
      {
        policyName: POLICY,
        urn: "urn:pulumi:test::prodready::aws:ecs/service:Service::api",
        changedKeys: ["deploymentCircuitBreaker"],
      },
    ]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });
});
