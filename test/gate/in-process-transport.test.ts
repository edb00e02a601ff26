/**
 * The in-process pack answers a repeat of its last configuration itself (the pack already holds it)
 * and passes every other configuration, and the one after a failure, to the pack.
 */
import { analyze, pack, ResourceSpec } from "../helpers/pack";

const bucket: ResourceSpec[] = [{ type: "aws:s3/bucket:Bucket", name: "media", props: {} }];
const levels = async (config: Record<string, unknown>) =>
  (await analyze(bucket, { config })).findings
    .filter((f) => f.policyName === "s3-private-storage")
    .map((f) => f.enforcementLevel);

describe("the in-process pack's configuration", () => {
  const handlers = (pack() as unknown as { handlers: Record<string, (...args: unknown[]) => void> }).handlers;
  const configure = jest.spyOn(handlers, "configure");
  beforeEach(() => configure.mockClear());

  it("reaches the pack when it changes, and not when it repeats", async () => {
    const mandatory = await levels({ all: "mandatory" });
    const advisory = await levels({ all: "mandatory", "s3-private-storage": "advisory" });
    expect(mandatory.length).toBeGreaterThan(0);
    expect(new Set(mandatory)).toEqual(new Set(["mandatory"]));
    expect(new Set(advisory)).toEqual(new Set(["advisory"]));
    expect(configure).toHaveBeenCalledTimes(2);
    await levels({ all: "mandatory", "s3-private-storage": "advisory" });
    expect(configure).toHaveBeenCalledTimes(2);
    expect(await levels({ all: "mandatory" })).toEqual(mandatory);
    expect(configure).toHaveBeenCalledTimes(3);
  });

  it("forgets a configuration the pack failed on, so the next one reaches the pack", async () => {
    await levels({ all: "mandatory" });
    configure.mockClear();
    configure.mockImplementationOnce((_call: unknown, callback: unknown) =>
      (callback as (error: Error) => void)(new Error("refused")),
    );
    // A repeat is answered from memory: the failure stays queued for the next call that reaches the pack.
    expect(await levels({ all: "mandatory" })).toContain("mandatory");
    expect(configure).not.toHaveBeenCalled();
    await expect(levels({ all: "advisory" })).rejects.toThrow("failed in configure: refused");
    expect(await levels({ all: "mandatory" })).toContain("mandatory");
    expect(configure).toHaveBeenCalledTimes(2);
  });
});
