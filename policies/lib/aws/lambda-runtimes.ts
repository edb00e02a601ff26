/**
 * When each AWS Lambda managed runtime is (or is projected to be) deprecated: after that date AWS
 * stops security patches for it, then blocks creating and updating functions that use it.
 *
 * Source: AWS Lambda Developer Guide, "Lambda runtimes" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
 * tables "Supported runtimes" and "Deprecated runtimes", column "Deprecation date"; checked on 2026-12-02
 * against excerpts of that page and endoflife.date/aws-lambda, which tracks it.
 * AWS calls the future dates projections "subject to change": re-read the page when a date nears
 * and update this table (and its date above) in the same commit.
 */
export const LAMBDA_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  // Supported at the time of reading (projected deprecation dates)
  "nodejs24.x": "2028-04-30",
  "nodejs22.x": "2027-04-30",
  "python3.14": "2029-06-30",
  "python3.13": "2029-06-30",
  "python3.12": "2028-10-31",
  java25: "2029-06-30",
  java21: "2029-06-30",
  dotnet10: "2028-11-14",
  "ruby3.4": "2028-03-31",
  "ruby3.3": "2027-03-31",
  "provided.al2023": "2029-06-30",
  // Deprecated
  dotnet8: "2026-11-10",
  "python3.11": "2026-06-30",
  "python3.10": "2026-06-30",
  java17: "2026-06-30",
  java11: "2026-06-30",
  "java8.al2": "2026-06-30",
  "provided.al2": "2026-06-30",
  "nodejs20.x": "2026-04-30",
  "ruby3.2": "2026-03-31",
  "python3.9": "2025-12-15",
  "nodejs18.x": "2025-09-01",
  dotnet6: "2024-12-20",
  "python3.8": "2024-10-14",
  "nodejs16.x": "2024-06-12",
  dotnet7: "2024-05-14",
  java8: "2024-01-08",
  "go1.x": "2024-01-08",
  provided: "2024-01-08",
  "nodejs14.x": "2023-12-04",
  "python3.7": "2023-12-04",
  "ruby2.7": "2023-12-07",
  "dotnetcore3.1": "2023-04-03",
  "nodejs12.x": "2023-03-31",
  "python3.6": "2022-07-18",
  "dotnet5.0": "2022-05-10",
  "dotnetcore2.1": "2022-01-05",
  "nodejs10.x": "2021-07-30",
  "ruby2.5": "2021-07-30",
  "python2.7": "2021-07-15",
  "nodejs8.10": "2020-03-06",
  "nodejs4.3": "2020-03-05",
  "nodejs4.3-edge": "2020-03-05",
  "nodejs6.10": "2019-08-12",
  "dotnetcore1.0": "2019-07-30",
  "dotnetcore2.0": "2019-05-30",
  nodejs: "2016-10-31",
};

/** The deprecation date (YYYY-MM-DD) of a runtime identifier, or undefined for one the table does not list. */
export function runtimeDeprecation(runtime: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(LAMBDA_RUNTIME_DEPRECATION, runtime)
    ? LAMBDA_RUNTIME_DEPRECATION[runtime]
    : undefined;
}

/** The newest runtime of the same language still supported on `date`, for the message; undefined when none is. */
export function supportedSuccessor(runtime: string, date: string): string | undefined {
  const language = (/^[a-z]+/.exec(runtime)?.[0] ?? "").replace(/^dotnetcore$/, "dotnet");
  // The table lists each language's supported runtimes newest first.
  return Object.entries(LAMBDA_RUNTIME_DEPRECATION).find(
    ([id, deprecated]) => deprecated > date && id.startsWith(language),
  )?.[0];
}
