import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "apigateway-access-logging";
const FORMAT = JSON.stringify({ requestId: "$context.requestId", status: "$context.status" });
const logs = { destinationArn: UNKNOWN, format: FORMAT };
const rest = (changes: Record<string, unknown> = {}) =>
  spec(
    "aws:apigateway/stage:Stage",
    "rest-prod",
    { restApi: UNKNOWN, stageName: "prod", accessLogSettings: logs },
    changes,
  );
const http = (changes: Record<string, unknown> = {}) =>
  spec(
    "aws:apigatewayv2/stage:Stage",
    "http-default",
    { apiId: UNKNOWN, name: "$default", accessLogSettings: logs },
    changes,
  );

describe(POLICY, () => {
  it("passes REST and HTTP stages with a destination and a format (the destination unknown until deploy)", async () => {
    expect(findingsOf(await analyze([rest(), http()]), POLICY)).toEqual([]);
  });

  it("fails stages without access logging", async () => {
    expect(
      findingsOf(
        await analyze([rest({ accessLogSettings: undefined }), http({ accessLogSettings: undefined })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "rest-prod",
        "Set accessLogSettings on this stage (destinationArn of a log group and a format); without it API requests leave no access log.",
      ],
      [
        "violation",
        "mandatory",
        "http-default",
        "Set accessLogSettings on this stage (destinationArn of a log group and a format); without it API requests leave no access log.",
      ],
    ]);
  });

  it("fails a missing destination or format", async () => {
    expect(
      findingsOf(await analyze([rest({ accessLogSettings: { destinationArn: UNKNOWN } })]), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "rest-prod",
        "Set accessLogSettings.format on this stage; without it no access log is written.",
      ],
    ]);
    expect(findingsOf(await analyze([http({ accessLogSettings: { format: "" } })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "http-default",
        "Set accessLogSettings.destinationArn and accessLogSettings.format on this stage; without them no access log is written.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([rest({ accessLogSettings: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "rest-prod",
        "[unverified at preview] accessLogSettings is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
