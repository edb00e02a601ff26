import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "lambda-log-retention";
const FUNCTION = "aws:lambda/function:Function";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const fn = (changes: Record<string, unknown> = {}, refs?: Record<string, string[]>) =>
  spec(FUNCTION, "api", { name: "orders-api", runtime: "nodejs22.x" }, changes, refs);
const group = (name: unknown, refs?: Record<string, string[]>): ResourceSpec =>
  spec(LOG_GROUP, "api-logs", { name, retentionInDays: 30 }, {}, refs);
const MISSING =
  "Declare this function's log group (/aws/lambda/<function name>) as an aws.cloudwatch.LogGroup with retentionInDays, or point loggingConfig.logGroup at a declared group; otherwise Lambda creates it with logs kept forever.";

describe(POLICY, () => {
  it("passes the implicit group declared by name, or by the function's name output", async () => {
    expect(findingsOf(await analyze([fn(), group("/aws/lambda/orders-api")]), POLICY)).toEqual([]);
    const autonamed = fn({ name: UNKNOWN });
    expect(findingsOf(await analyze([autonamed, group(UNKNOWN, { name: ["api"] })]), POLICY)).toEqual([]);
  });

  it("passes loggingConfig.logGroup naming a declared group, joined by dependency or by name", async () => {
    const shared = group("/orders/lambda");
    const byDependency = fn(
      { loggingConfig: { logFormat: "JSON", logGroup: UNKNOWN } },
      { loggingConfig: ["api-logs"] },
    );
    expect(findingsOf(await analyze([shared, byDependency]), POLICY)).toEqual([]);
    const byName = fn({ loggingConfig: { logFormat: "JSON", logGroup: "/orders/lambda" } });
    expect(findingsOf(await analyze([shared, byName]), POLICY)).toEqual([]);
  });

  it("fails a function whose implicit group is not declared", async () => {
    expect(findingsOf(await analyze([fn()]), POLICY)).toEqual([["violation", "mandatory", "api", MISSING]]);
    // A group for another function does not count.
    expect(findingsOf(await analyze([fn(), group("/aws/lambda/billing")]), POLICY)).toEqual([
      ["violation", "mandatory", "api", MISSING],
    ]);
    // An autonamed function with no group built from its name.
    expect(findingsOf(await analyze([fn({ name: undefined })]), POLICY)).toEqual([
      ["violation", "mandatory", "api", MISSING],
    ]);
  });

  it("fails loggingConfig.logGroup naming a group the stack does not declare", async () => {
    expect(
      findingsOf(
        await analyze([fn({ loggingConfig: { logFormat: "JSON", logGroup: "/shared/lambda" } })]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "api",
        "Declare the log group loggingConfig.logGroup names as an aws.cloudwatch.LogGroup in this stack, with retentionInDays; a group managed elsewhere cannot be verified.",
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([fn({ loggingConfig: { logGroup: UNKNOWN } })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] loggingConfig.logGroup is not known until deploy; enforced at deploy.",
      ],
    ]);
    // Both names unknown and not joined: the group may be the function's.
    expect(findingsOf(await analyze([fn({ name: UNKNOWN }), group(UNKNOWN)]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] name is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([fn({ loggingConfig: UNKNOWN })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] loggingConfig is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
