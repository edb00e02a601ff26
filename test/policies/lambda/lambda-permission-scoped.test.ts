import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "lambda-permission-scoped";
const PERMISSION = "aws:lambda/permission:Permission";
const permission = (changes: Record<string, unknown> = {}) =>
  spec(
    PERMISSION,
    "invoke",
    {
      action: "lambda:InvokeFunction",
      function: "orders-api",
      principal: "apigateway.amazonaws.com",
      sourceArn: UNKNOWN,
    },
    changes,
  );
const OPEN =
  'Name who may invoke this function: principal is "*" and neither sourceArn, sourceAccount nor principalOrgId is set, so any AWS account can invoke it.';

describe(POLICY, () => {
  it("passes a service principal, and principal * narrowed by source or organisation", async () => {
    const result = await analyze([
      permission(),
      { ...permission({ principal: "s3.amazonaws.com", sourceArn: undefined }), name: "bucket" },
      {
        ...permission({ principal: "*", sourceArn: undefined, sourceAccount: "123456789012" }),
        name: "account",
      },
      { ...permission({ principal: "*", sourceArn: undefined, principalOrgId: "o-abc123" }), name: "org" },
      { ...permission({ principal: "*" }), name: "source" },
    ]);
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it("fails principal * with no source", async () => {
    expect(findingsOf(await analyze([permission({ principal: "*", sourceArn: undefined })]), POLICY)).toEqual(
      [["violation", "mandatory", "invoke", OPEN]],
    );
    expect(findingsOf(await analyze([permission({ principal: "*", sourceArn: "" })]), POLICY)).toEqual([
      ["violation", "mandatory", "invoke", OPEN],
    ]);
  });

  it("leaves the public function URL permission to lambda-function-url-auth", async () => {
    const url = permission({
      action: "lambda:InvokeFunctionUrl",
      principal: "*",
      sourceArn: undefined,
      functionUrlAuthType: "NONE",
    });
    expect(findingsOf(await analyze([url]), POLICY)).toEqual([]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([permission({ principal: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "invoke",
        "[unverified at preview] principal is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
