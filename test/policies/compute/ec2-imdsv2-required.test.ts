import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { instance, subnet, template, templated } from "./ec2-fixtures";

const POLICY = "ec2-imdsv2-required";
const UNSET =
  'it is unset, so AWS applies the AMI\'s setting, which is "optional" (IMDSv1 allowed) unless the AMI was registered with ImdsSupport v2.0.';

describe(POLICY, () => {
  it("passes instances and launch templates that require IMDSv2", async () => {
    expect(findingsOf(await analyze([subnet(), template(), instance(), templated()]), POLICY)).toEqual([]);
  });

  it("passes a disabled metadata endpoint", async () => {
    const off = instance({ metadataOptions: { httpEndpoint: "disabled" } });
    expect(findingsOf(await analyze([subnet(), off]), POLICY)).toEqual([]);
  });

  it("fails httpTokens optional", async () => {
    const optional = { httpTokens: "optional", httpEndpoint: "enabled" };
    expect(
      findingsOf(
        await analyze([
          subnet(),
          template({ metadataOptions: optional }),
          instance({ metadataOptions: optional }),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        'Set metadataOptions.httpTokens to "required" on this instance; it is "optional", which allows IMDSv1.',
      ],
      [
        "violation",
        "mandatory",
        "workers",
        'Set metadataOptions.httpTokens to "required" on this launch template; it is "optional", which allows IMDSv1.',
      ],
    ]);
  });

  it("fails metadataOptions left unset (AWS default optional unless the AMI says otherwise)", async () => {
    expect(
      findingsOf(
        await analyze([
          subnet(),
          template({ metadataOptions: undefined }),
          instance({ metadataOptions: undefined }, {}),
        ]),
        POLICY,
      ),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Set metadataOptions.httpTokens to "required" on this instance; ${UNSET}`,
      ],
      [
        "violation",
        "mandatory",
        "workers",
        `Set metadataOptions.httpTokens to "required" on this launch template; ${UNSET}`,
      ],
    ]);
  });

  it("judges an instance that leaves metadataOptions unset by its launch template", async () => {
    const lax = template({ metadataOptions: { httpTokens: "optional" } });
    expect(findingsOf(await analyze([subnet(), lax, templated()]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        'Set metadataOptions.httpTokens to "required" on this instance or on its launch template; the launch template allows IMDSv1.',
      ],
      [
        "violation",
        "mandatory",
        "workers",
        'Set metadataOptions.httpTokens to "required" on this launch template; it is "optional", which allows IMDSv1.',
      ],
    ]);
  });

  it("joins the launch template by name when no dependency was recorded", async () => {
    const named = template({ name: "workers-lt" });
    const byName = instance({ metadataOptions: undefined, launchTemplate: { name: "workers-lt" } });
    expect(findingsOf(await analyze([subnet(), named, byName]), POLICY)).toEqual([]);
  });

  it("fails an instance whose launch template the stack does not declare", async () => {
    const external = instance({
      metadataOptions: undefined,
      launchTemplate: { id: "lt-0abc", version: "3" },
    });
    expect(findingsOf(await analyze([subnet(), external]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        'Set metadataOptions.httpTokens to "required" on this instance; its launch template is not declared in this stack, so what it sets cannot be verified.',
      ],
    ]);
  });

  it("reports unknowns as unverified", async () => {
    expect(
      findingsOf(
        await analyze([subnet(), template({ metadataOptions: { httpTokens: UNKNOWN } }), templated()]),
        POLICY,
      ),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] launchTemplate.metadataOptions.httpTokens is not known until deploy; enforced at deploy.",
      ],
      [
        "unverified",
        "advisory",
        "workers",
        "[unverified at preview] metadataOptions.httpTokens is not known until deploy; enforced at deploy.",
      ],
    ]);
    const unjoined = instance({ metadataOptions: undefined, launchTemplate: { id: UNKNOWN } });
    expect(findingsOf(await analyze([subnet(), unjoined]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] launchTemplate.id is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not throw on malformed input", async () => {
    const odd = instance({ metadataOptions: "required", launchTemplate: 7 });
    expect(findingsOf(await analyze([subnet(), odd]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "app",
        `Set metadataOptions.httpTokens to "required" on this instance; ${UNSET}`,
      ],
    ]);
  });
});
