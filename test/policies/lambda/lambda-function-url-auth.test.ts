import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "lambda-function-url-auth";
const fn = spec("aws:lambda/function:Function", "webhook", { name: UNKNOWN, runtime: "nodejs22.x" });
const url = (changes: Record<string, unknown> = {}) =>
  spec(
    "aws:lambda/functionUrl:FunctionUrl",
    "webhook-url",
    { functionName: UNKNOWN, authorizationType: "AWS_IAM" },
    changes,
    { functionName: ["webhook"] },
  );
const PUBLIC =
  'Set authorizationType to "AWS_IAM" on this function URL, or list its function in allowedPublicFunctions; with NONE anyone on the internet can invoke it.';

describe(POLICY, () => {
  it("passes an IAM-authenticated URL", async () => {
    expect(findingsOf(await analyze([fn, url()]), POLICY)).toEqual([]);
  });

  it("fails authorizationType NONE", async () => {
    expect(findingsOf(await analyze([fn, url({ authorizationType: "NONE" })]), POLICY)).toEqual([
      ["violation", "mandatory", "webhook-url", PUBLIC],
    ]);
  });

  it("passes NONE for a function in allowedPublicFunctions, by its resource name or function name", async () => {
    const byResource = { all: "mandatory", [POLICY]: { allowedPublicFunctions: ["webhook"] } };
    expect(
      findingsOf(await analyze([fn, url({ authorizationType: "NONE" })], { config: byResource }), POLICY),
    ).toEqual([]);
    const byName = { all: "mandatory", [POLICY]: { allowedPublicFunctions: ["stripe-*"] } };
    const named = spec("aws:lambda/functionUrl:FunctionUrl", "url", {
      functionName: "stripe-webhook",
      authorizationType: "NONE",
    });
    expect(findingsOf(await analyze([named], { config: byName }), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([named]), POLICY)).toEqual([["violation", "mandatory", "url", PUBLIC]]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([fn, url({ authorizationType: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "webhook-url",
        "[unverified at preview] authorizationType is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
