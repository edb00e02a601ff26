/**
 * The estate policies (EC2, EKS, ECS networking) on programs of the shapes organisations write
 * (test/fixtures/programs/estate-*): each compliant program passes the production profile and the org
 * baseline with no finding at all, and each defect is caught. Each program is gated once at preview;
 * the defects are edits of its captured resources (one registration changed the way a program edit
 * would), analysed in process, plus one gate run driven by stack config (--config).
 */
import * as path from "path";
import { exitCodeOf, GateReport, loadPolicyConfig } from "../../gate/run";
import type { EngineResource } from "../../gate/engine/types";
import { FIXTURES, gateInProcess } from "../helpers/cli";
import { analyzeResources, PACK_DIR } from "../helpers/pack";

const PROGRAMS = path.join(FIXTURES, "programs");
const profile = (name: string) => path.join(PACK_DIR, "config", `${name}.json`);

function gate(fixture: string, config: string[] = []): Promise<GateReport> {
  return gateInProcess(path.join(PROGRAMS, fixture), {
    policyConfigFile: profile("production"),
    mode: "preview",
    config,
  });
}

const reports: Record<string, GateReport> = {};
const resourcesOf = (fixture: string): EngineResource[] => reports[fixture].runs[0].resources;

/** The fixture's captured resources, with `edit` applied to the one named `name` of `type` (a copy). */
function edited(
  fixture: string,
  type: string,
  name: string,
  edit: (properties: Record<string, any>) => void,
): EngineResource[] {
  const resources: EngineResource[] = JSON.parse(JSON.stringify(resourcesOf(fixture)));
  const targets = resources.filter((r) => r.type === type && r.name === name);
  if (targets.length !== 1) throw new Error(`expected one ${type} named ${name} in ${fixture}`);
  edit(targets[0].properties as Record<string, any>);
  return resources;
}

/** Findings as `[policy, category, level, resource, message]`, analysed at preview under a profile. */
async function findings(resources: EngineResource[], profileName = "production") {
  const result = await analyzeResources(resources, {
    project: "estate",
    stack: "prod",
    policyConfig: loadPolicyConfig(PACK_DIR, "prod", profile(profileName)).entries,
  });
  return result.findings.map((f) => [
    f.policyName,
    f.category,
    f.enforcementLevel,
    f.resourceName,
    f.message,
  ]);
}

beforeAll(async () => {
  // Two at a time: each gate already runs a program worker.
  const [ec2, eks] = await Promise.all([gate("estate-ec2"), gate("estate-eks")]);
  const [ecs, ecsDefects] = await Promise.all([
    gate("estate-ecs"),
    gate("estate-ecs", ["inventory-api:publicTasks=true", "inventory-api:oneSecurityGroup=true"]),
  ]);
  Object.assign(reports, {
    "estate-ec2": ec2,
    "estate-eks": eks,
    "estate-ecs": ecs,
    "ecs-defects": ecsDefects,
  });
}, 600_000);

describe.each(["estate-ec2", "estate-eks", "estate-ecs"])("compliant %s", (fixture) => {
  it("has no finding at all under the production profile, at preview", () => {
    expect(reports[fixture].runs[0].analysis.findings).toEqual([]);
    expect(exitCodeOf(reports[fixture])).toBe(0);
  });

  it("has no finding under the org baseline", async () => {
    expect(await findings(resourcesOf(fixture), "org-baseline")).toEqual([]);
  });
});

describe("EC2 runners: instance, launch template and volumes", () => {
  const ec2 = (type: string, name: string, edit: (p: Record<string, any>) => void) =>
    findings(edited("estate-ec2", type, name, edit));
  const INSTANCE = "aws:ec2/instance:Instance";
  const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

  it("catches IMDSv1 allowed on the launch template, and on an instance that inherits it", async () => {
    expect(await ec2(TEMPLATE, "runners", (p) => (p.metadataOptions.httpTokens = "optional"))).toEqual([
      [
        "ec2-imdsv2-required",
        "violation",
        "mandatory",
        "runners",
        'Set metadataOptions.httpTokens to "required" on this launch template; it is "optional", which allows IMDSv1.',
      ],
    ]);
    const inherits = edited("estate-ec2", INSTANCE, "runner-1", (p) => delete p.metadataOptions);
    const lax = inherits.find((r) => r.type === TEMPLATE)!.properties as Record<string, any>;
    lax.metadataOptions.httpTokens = "optional";
    expect((await findings(inherits)).map(([policy, , , name]) => `${policy} ${name}`)).toEqual([
      "ec2-imdsv2-required runner-1",
      "ec2-imdsv2-required runners",
    ]);
  });

  it("catches an instance that leaves metadataOptions unset (AWS default optional unless the AMI says otherwise)", async () => {
    const unset = edited("estate-ec2", INSTANCE, "runner-1", (p) => {
      delete p.metadataOptions;
      delete p.launchTemplate;
    });
    // The launch template goes with the dependency the engine recorded for it.
    delete unset.find((r) => r.type === INSTANCE)!.propertyDependencies.launchTemplate;
    expect(await findings(unset)).toEqual([
      [
        "ec2-imdsv2-required",
        "violation",
        "mandatory",
        "runner-1",
        'Set metadataOptions.httpTokens to "required" on this instance; it is unset, so AWS applies the AMI\'s setting, which is "optional" (IMDSv1 allowed) unless the AMI was registered with ImdsSupport v2.0.',
      ],
    ]);
  });

  it("catches unencrypted root, attached and launch template volumes", async () => {
    expect(await ec2(INSTANCE, "runner-1", (p) => (p.rootBlockDevice.encrypted = false))).toEqual([
      [
        "ec2-ebs-encrypted",
        "violation",
        "mandatory",
        "runner-1",
        "Set rootBlockDevice.encrypted to true; it is false, so this instance's volume is not encrypted at rest.",
      ],
    ]);
    expect(await ec2("aws:ebs/volume:Volume", "runner-1-cache", (p) => (p.encrypted = false))).toEqual([
      [
        "ec2-ebs-encrypted",
        "violation",
        "mandatory",
        "runner-1-cache",
        "Set encrypted to true; it is false, so this volume is not encrypted at rest.",
      ],
    ]);
    expect(await ec2(TEMPLATE, "runners", (p) => (p.blockDeviceMappings[0].ebs.encrypted = "false"))).toEqual(
      [
        [
          "ec2-ebs-encrypted",
          "violation",
          "mandatory",
          "runners",
          "Set blockDeviceMappings[0].ebs.encrypted to true; it is false, so this launch template's volume is not encrypted at rest.",
        ],
      ],
    );
  });

  it("accepts a volume that leaves encryption unset only while the stack enables encryption by default", async () => {
    const unset = edited("estate-ec2", "aws:ebs/volume:Volume", "runner-1-cache", (p) => delete p.encrypted);
    expect(await findings(unset)).toEqual([]);
    const withoutDefault = unset.filter((r) => r.type !== "aws:ebs/encryptionByDefault:EncryptionByDefault");
    expect(await findings(withoutDefault)).toEqual([
      [
        "ec2-ebs-encrypted",
        "violation",
        "mandatory",
        "runner-1-cache",
        "Set encrypted to true; it is unset and no aws.ebs.EncryptionByDefault in this stack enables encryption by default.",
      ],
    ]);
  });

  it("catches a public IP on the instance or in the launch template: mandatory in production, advisory in the baseline", async () => {
    const exposed = edited("estate-ec2", INSTANCE, "runner-1", (p) => (p.associatePublicIpAddress = true));
    expect(await findings(exposed)).toEqual([
      [
        "ec2-no-public-ip",
        "violation",
        "mandatory",
        "runner-1",
        "Set associatePublicIpAddress to false on this instance; it is true. Keep it private and reach it through a load balancer, AWS Systems Manager Session Manager or a bastion on the allow-list.",
      ],
    ]);
    expect((await findings(exposed, "org-baseline")).map(([, , level]) => level)).toEqual(["advisory"]);
    expect(
      (await ec2(TEMPLATE, "runners", (p) => (p.networkInterfaces[0].associatePublicIpAddress = "true"))).map(
        ([policy, , level, name]) => `${policy} ${level} ${name}`,
      ),
    ).toEqual(["ec2-no-public-ip mandatory runners"]);
  });
});

describe("raw EKS cluster", () => {
  const eks = (edit: (p: Record<string, any>) => void) =>
    findings(edited("estate-eks", "aws:eks/cluster:Cluster", "platform", edit));

  it("catches a public endpoint open to the internet (the AWS default)", async () => {
    expect(await eks((p) => delete p.vpcConfig.endpointPublicAccess)).toEqual([
      [
        "eks-endpoint-private",
        "violation",
        "mandatory",
        "platform",
        "Set vpcConfig.endpointPublicAccess to false, or restrict vpcConfig.publicAccessCidrs to your own networks; the public endpoint is on and publicAccessCidrs is unset, which AWS reads as 0.0.0.0/0.",
      ],
    ]);
  });

  it("catches missing audit logging", async () => {
    expect(await eks((p) => (p.enabledClusterLogTypes = ["api", "authenticator"]))).toEqual([
      [
        "eks-control-plane-logging",
        "violation",
        "mandatory",
        "platform",
        'Add "audit" to enabledClusterLogTypes; it is not enabled.',
      ],
    ]);
  });

  it("catches secrets without envelope encryption", async () => {
    expect(await eks((p) => delete p.encryptionConfig)).toEqual([
      [
        "eks-secrets-encryption",
        "violation",
        "mandatory",
        "platform",
        'Set encryptionConfig with resources ["secrets"] and provider.keyArn; Kubernetes secrets are not envelope-encrypted with a KMS key.',
      ],
    ]);
  });
});

describe("ECS API behind an internet-facing ALB", () => {
  it("catches public tasks in the load balancer's security group, driven by stack config (--config)", () => {
    const report = reports["ecs-defects"];
    expect(
      report.runs[0].analysis.findings.map((f) => [
        f.policyName,
        f.category,
        f.enforcementLevel,
        f.resourceName,
      ]),
    ).toEqual([
      ["ecs-service-no-public-ip", "violation", "mandatory", "inventory"],
      ["ecs-service-own-security-group", "violation", "mandatory", "inventory"],
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it("reports public tasks as advisory under the org baseline; sharing the group still blocks", async () => {
    expect(
      (await findings(reports["ecs-defects"].runs[0].resources, "org-baseline")).map(
        ([policy, , level]) => `${policy} ${level}`,
      ),
    ).toEqual(["ecs-service-no-public-ip advisory", "ecs-service-own-security-group mandatory"]);
  });

  it("leaves the shared group unverified, not passed, when the service's groups cannot be joined", async () => {
    const resources: EngineResource[] = JSON.parse(JSON.stringify(resourcesOf("estate-ecs")));
    const service = resources.find((r) => r.type === "aws:ecs/service:Service")!;
    service.propertyDependencies = { ...service.propertyDependencies, networkConfiguration: [] };
    expect(await findings(resources)).toEqual([
      [
        "ecs-service-own-security-group",
        "unverified",
        "advisory",
        "inventory",
        "[unverified at preview] networkConfiguration.securityGroups is not known until deploy; enforced at deploy.",
      ],
    ]);
  });
});
