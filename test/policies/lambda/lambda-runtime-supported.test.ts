import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";
import { LAMBDA_RUNTIME_DEPRECATION, runtimeDeprecation } from "../../../policies/lib/aws/lambda-runtimes";

const POLICY = "lambda-runtime-supported";
const FUNCTION = "aws:lambda/function:Function";
const fn = (changes: Record<string, unknown> = {}) =>
  spec(FUNCTION, "api", { runtime: "nodejs22.x", handler: "index.handler", packageType: "Zip" }, changes);
const on = (asOf: string) => ({ config: { all: "mandatory", [POLICY]: { asOf } } });

describe(POLICY, () => {
  it("passes a supported runtime, a container image and a runtime the table does not list", async () => {
    const result = await analyze(
      [
        fn(),
        spec(FUNCTION, "image", {
          packageType: "Image",
          imageUri: "123.dkr.ecr.eu-west-1.amazonaws.com/api:1",
        }),
        spec(FUNCTION, "future", { runtime: "nodejs26.x" }),
      ],
      on("2026-12-02"),
    );
    expect(findingsOf(result, POLICY)).toEqual([]);
  });

  it("fails a runtime deprecated on or before the judging date, naming a supported successor", async () => {
    expect(findingsOf(await analyze([fn({ runtime: "nodejs18.x" })], on("2026-12-02")), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "api",
        "Move this function to a supported runtime (for example nodejs24.x); AWS deprecated nodejs18.x on 2025-09-01.",
      ],
    ]);
    expect(findingsOf(await analyze([fn()], on("2027-04-30")), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "api",
        "Move this function to a supported runtime (for example nodejs24.x); AWS deprecated nodejs22.x on 2027-04-30.",
      ],
    ]);
    expect(findingsOf(await analyze([fn()], on("2027-04-29")), POLICY)).toEqual([]);
  });

  it("names no successor when the language has none left", async () => {
    expect(findingsOf(await analyze([fn({ runtime: "go1.x" })], on("2026-12-02")), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "api",
        "Move this function to a supported runtime; AWS deprecated go1.x on 2024-01-08.",
      ],
    ]);
  });

  it("judges against today when asOf is empty", async () => {
    expect(findingsOf(await analyze([fn({ runtime: "python2.7" })]), POLICY)).toHaveLength(1);
  });

  it("reports unknowns as unverified", async () => {
    expect(findingsOf(await analyze([fn({ runtime: UNKNOWN })], on("2026-12-02")), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "api",
        "[unverified at preview] runtime is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("keeps a well-formed table", () => {
    for (const [runtime, date] of Object.entries(LAMBDA_RUNTIME_DEPRECATION)) {
      expect([runtime, /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date))]).toEqual([
        runtime,
        true,
      ]);
    }
    expect(runtimeDeprecation("constructor")).toBeUndefined();
  });
});
