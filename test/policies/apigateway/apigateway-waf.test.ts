import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "apigateway-waf";
const stage = spec("aws:apigateway/stage:Stage", "prod", {
  restApi: UNKNOWN,
  stageName: "prod",
  arn: UNKNOWN,
});
const acl = spec("aws:wafv2/webAcl:WebAcl", "acl", { scope: "REGIONAL", arn: UNKNOWN });
const association = spec(
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  "prod-waf",
  { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
  {},
  { resourceArn: ["prod"], webAclArn: ["acl"] },
);
const MISSING =
  "Associate a REGIONAL WAFv2 web ACL with this API stage (aws.wafv2.WebAclAssociation with resourceArn set to the stage's ARN).";

describe(POLICY, () => {
  it("passes a stage associated with a web ACL through the ARN's dependency", async () => {
    expect(findingsOf(await analyze([stage, acl, association]), POLICY)).toEqual([]);
  });

  it("passes a stage associated by known ARN with an ACL managed elsewhere", async () => {
    const arn = "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod";
    const known = spec("aws:apigateway/stage:Stage", "prod", { stageName: "prod", arn });
    const external = spec("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
      resourceArn: arn,
      webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/1",
    });
    expect(findingsOf(await analyze([known, external]), POLICY)).toEqual([]);
  });

  it("fails a stage without a web ACL, and ignores HTTP API stages", async () => {
    const http = spec("aws:apigatewayv2/stage:Stage", "http", { apiId: UNKNOWN, name: "$default" });
    expect(findingsOf(await analyze([stage, acl, http]), POLICY)).toEqual([
      ["violation", "mandatory", "prod", MISSING],
    ]);
  });

  it("is advisory where a profile says so", async () => {
    expect(
      findingsOf(await analyze([stage], { config: { all: "mandatory", [POLICY]: "advisory" } }), POLICY),
    ).toEqual([["violation", "advisory", "prod", MISSING]]);
  });
});
