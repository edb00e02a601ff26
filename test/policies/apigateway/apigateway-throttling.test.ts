import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "apigateway-throttling";
const api = spec("aws:apigateway/restApi:RestApi", "api", { name: "orders" });
const stage = spec(
  "aws:apigateway/stage:Stage",
  "prod",
  { restApi: UNKNOWN, stageName: "prod" },
  {},
  { restApi: ["api"] },
);
const methodSettings = (settings: unknown, changes: Record<string, unknown> = {}): ResourceSpec =>
  spec(
    "aws:apigateway/methodSettings:MethodSettings",
    "throttle",
    { restApi: UNKNOWN, stageName: UNKNOWN, methodPath: "*/*", settings },
    changes,
    { restApi: ["api"], stageName: ["prod"] },
  );
const plan = (throttleSettings: unknown): ResourceSpec =>
  spec(
    "aws:apigateway/usagePlan:UsagePlan",
    "plan",
    { apiStages: [{ apiId: UNKNOWN, stage: UNKNOWN }], throttleSettings },
    {},
    { apiStages: ["api", "prod"] },
  );
const http = (defaultRouteSettings: unknown) =>
  spec("aws:apigatewayv2/stage:Stage", "http", { apiId: UNKNOWN, name: "$default", defaultRouteSettings });
const UNTHROTTLED =
  'Throttle this stage: declare an aws.apigateway.MethodSettings for methodPath "*/*" with settings.throttlingRateLimit and throttlingBurstLimit, or an aws.apigateway.UsagePlan covering it with throttleSettings.';

describe(POLICY, () => {
  it("passes stage-wide method settings, a usage plan, and HTTP default route settings", async () => {
    const limits = { throttlingRateLimit: 100, throttlingBurstLimit: 200 };
    expect(findingsOf(await analyze([api, stage, methodSettings(limits), http(limits)]), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([api, stage, plan({ rateLimit: 50, burstLimit: 100 })]), POLICY)).toEqual(
      [],
    );
  });

  it("joins method settings by known API and stage name when no dependency was recorded", async () => {
    const byName = spec("aws:apigateway/stage:Stage", "prod", { restApi: "a1b2c3", stageName: "prod" });
    const settings = spec("aws:apigateway/methodSettings:MethodSettings", "throttle", {
      restApi: "a1b2c3",
      stageName: "prod",
      methodPath: "*/*",
      settings: { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
    });
    expect(findingsOf(await analyze([byName, settings]), POLICY)).toEqual([]);
    expect(
      findingsOf(
        await analyze([byName, { ...settings, props: { ...settings.props, restApi: "other" } }]),
        POLICY,
      ),
    ).toEqual([["violation", "mandatory", "prod", UNTHROTTLED]]);
  });

  it("does not count a usage plan with only a quota", async () => {
    const quotaOnly = {
      ...plan(undefined),
      props: {
        apiStages: [{ apiId: UNKNOWN, stage: UNKNOWN }],
        quotaSettings: { limit: 1000, period: "DAY" },
      },
    };
    expect(findingsOf(await analyze([api, stage, quotaOnly]), POLICY)).toEqual([
      ["violation", "mandatory", "prod", UNTHROTTLED],
    ]);
  });

  it("fails a REST stage with no throttling, or only per-method settings", async () => {
    expect(findingsOf(await analyze([api, stage]), POLICY)).toEqual([
      ["violation", "mandatory", "prod", UNTHROTTLED],
    ]);
    const perMethod = methodSettings(
      { throttlingRateLimit: 10, throttlingBurstLimit: 20 },
      { methodPath: "orders/GET" },
    );
    expect(findingsOf(await analyze([api, stage, perMethod]), POLICY)).toEqual([
      ["violation", "mandatory", "prod", UNTHROTTLED],
    ]);
  });

  it("fails limits that are unset, unlimited (-1) or above the maxima", async () => {
    expect(
      findingsOf(
        await analyze([api, stage, methodSettings({ throttlingRateLimit: -1, metricsEnabled: true })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "prod",
        "Set throttling for this stage within 1000 requests/s and a burst of 2000; in method settings throttle, settings.throttlingRateLimit is unset and settings.throttlingBurstLimit is unset.",
      ],
    ]);
    expect(
      findingsOf(await analyze([api, stage, plan({ rateLimit: 5000, burstLimit: 100 })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "prod",
        "Set throttling for this stage within 1000 requests/s and a burst of 2000; in usage plan plan, throttleSettings.rateLimit is 5000, above 1000.",
      ],
    ]);
    expect(findingsOf(await analyze([http({ throttlingRateLimit: 100 })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Set defaultRouteSettings throttling on this stage within 1000 requests/s and a burst of 2000; throttlingBurstLimit is unset.",
      ],
    ]);
    const raised = { all: "mandatory", [POLICY]: { maximumRateLimit: 5000 } };
    expect(
      findingsOf(
        await analyze([api, stage, plan({ rateLimit: 5000, burstLimit: 100 })], { config: raised }),
        POLICY,
      ),
    ).toEqual([]);
  });

  it("reports unknowns as unverified, never as a violation", async () => {
    expect(
      findingsOf(
        await analyze([
          api,
          stage,
          methodSettings({ throttlingRateLimit: UNKNOWN, throttlingBurstLimit: 10 }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "prod",
        "[unverified at preview] MethodSettings throttle.settings.throttlingRateLimit is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([http(UNKNOWN)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "http",
        "[unverified at preview] defaultRouteSettings is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
