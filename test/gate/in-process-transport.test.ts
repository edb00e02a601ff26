/**
 * The in-process pack answers a repeat of its last configuration itself (the pack already holds it)
 * and passes every other configuration, and the one after a failure, to the pack, whichever test
 * file (module registry) asks: what the pack was told is kept with the pack, not with a transport.
 */
import { analyze, pack, PACK_DIR, ResourceSpec, testContext, toEngineResources } from "../helpers/pack";

const bucket: ResourceSpec[] = [{ type: "aws:s3/bucket:Bucket", name: "media", props: {} }];
const levels = async (config: Record<string, unknown>) =>
  (await analyze(bucket, { config })).findings
    .filter((f) => f.policyName === "s3-private-storage")
    .map((f) => f.enforcementLevel);

describe("the in-process pack's configuration", () => {
  const configure = jest.spyOn(pack().handlers, "configure");
  beforeEach(() => configure.mockClear());
  // The pack outlives this file (one per jest worker): the next file gets its own handler back.
  afterAll(() => configure.mockRestore());

  it("reaches the pack when it changes, and not when it repeats", async () => {
    // The pack is the worker's: an earlier test file may have left it holding any configuration.
    await levels({ all: "advisory" });
    configure.mockClear();
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

describe("the in-process pack across module registries (jest gives each test file its own)", () => {
  it("is loaded once per process: another registry reaches the same pack and what it was told", async () => {
    await levels({ all: "mandatory" });
    const configure = jest.spyOn(pack().handlers, "configure");
    try {
      await jest.isolateModulesAsync(async () => {
        const isolated: typeof import("../../gate/analyzer/in-process-transport") = require("../../gate/analyzer/in-process-transport");
        const session: typeof import("../../gate/analyzer/session") = require("../../gate/analyzer/session");
        const config: typeof import("../../gate/engine/policy-config") = require("../../gate/engine/policy-config");
        const other = isolated.InProcessPackTransport.load(PACK_DIR, "index.ts");
        expect(other).not.toBe(pack());
        expect(other.handlers).toBe(pack().handlers);
        const result = await session.runAnalysis(other, {
          context: testContext(),
          resources: toEngineResources(bucket),
          policyConfig: config.parsePolicyConfigDocument({ all: "mandatory" }),
        });
        expect(result.findings.some((f) => f.policyName === "s3-private-storage")).toBe(true);
      });
      // The pack already held this configuration: told through this file's registry, known to the other's.
      expect(configure).not.toHaveBeenCalled();
    } finally {
      configure.mockRestore();
    }
  });
});
