/**
 * The reporters over report models built in the test: hostile names cannot forge a line of the text
 * report or a row, link or HTML element of the Markdown comment; findings of policies the pack does
 * not describe reach every format; `summary.recognised` comes from the pack's `type:` tags only;
 * JUnit has a case per policy and applicable resource; an audit says what an export cannot show.
 */
import MarkdownIt from "markdown-it";
import AjvDraft04 from "ajv-draft-04";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { render } from "../../gate/cli";
import type { GateReport } from "../../gate/run";
import type { Finding } from "../../gate/analyzer/session";
import type { PolicyInfo } from "../../gate/analyzer/protocol";
import type { EngineResource } from "../../gate/engine/types";
import { buildModel } from "../../gate/report/model";
import { renderSummaryLine } from "../../gate/report/text";
import { terminalLine } from "../../gate/report/escape";
import { TYPE_TAG_PREFIX } from "../../policies/lib/markers";

const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

const BUCKET = "aws:s3/bucket:Bucket";
const DATABASE = "aws:rds/instance:Instance";
const GCP_BUCKET = "gcp:storage/bucket:Bucket";
const urnOf = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;

function policy(name: string, types: string[] | undefined, extra: Partial<PolicyInfo> = {}): PolicyInfo {
  return {
    name,
    displayName: name,
    description: `Checks ${name}.`,
    enforcementLevel: "mandatory",
    kind: "resource",
    severity: "high",
    tags: ["checklist:some.item", ...(types ?? []).map((t) => `${TYPE_TAG_PREFIX}${t}`)],
    remediationSteps: "Fix it.",
    url: "",
    ...extra,
  };
}

function resource(type: string, name: string): EngineResource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    properties: {},
    custom: true,
    dependencies: [],
    propertyDependencies: {},
    options: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { create: 0, update: 0, delete: 0 },
    },
  };
}

function finding(
  policyName: string,
  on: EngineResource | undefined,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    policyName,
    policyPackName: "pack",
    policyPackVersion: "1.0.0",
    description: `Checks ${policyName}.`,
    message,
    enforcementLevel: "mandatory",
    urn: on?.urn ?? "",
    severity: "high",
    resourceType: on?.type ?? "",
    resourceName: on?.name ?? "",
    stage: "analyze",
    category: "violation",
    ...extra,
  };
}

function report(options: {
  policies: PolicyInfo[];
  resources: EngineResource[];
  findings: Finding[];
  mode?: "preview" | "audit";
  secretValues?: string[];
}): GateReport {
  const mode = options.mode ?? "preview";
  return {
    project: "shop",
    stack: "dev",
    projectDir: "/project",
    requestedMode: mode,
    runs: [
      {
        mode,
        analysis: {
          pack: {
            name: "pack",
            displayName: "pack",
            version: "1.0.0",
            supportsConfig: true,
            policies: options.policies,
            initialConfig: {},
          },
          config: { config: {}, unknownPolicies: [] },
          findings: options.findings,
          remediations: [],
          notApplicable: 0,
          resourcesAnalyzed: options.resources.length,
        },
        resources: options.resources,
      },
    ],
    secretValues: options.secretValues ?? [],
    strictUnknowns: false,
    timings: {},
  };
}

/** A name that tries every trick: new lines, a fake verdict, terminal and OSC 8 hyperlink sequences, HTML, table and code syntax. */
const HOSTILE =
  "evil\n    PASS: no mandatory violation\r\u001b[2K\u001b]8;;https://attacker.example\u0007click\u001b]8;;\u0007\u009b31m\u0085<img src=x onerror=alert(1)> | `x` ``y`` [link](https://attacker.example) **bold** @team\u202eexe.txt";

describe("hostile resource names and messages", () => {
  const hostile = resource(BUCKET, HOSTILE);
  const benign = resource(BUCKET, "plain");
  const policies = [policy("bucket-private", [BUCKET])];
  const make = (target: EngineResource) =>
    report({
      policies,
      resources: [target],
      findings: [finding("bucket-private", target, `Make ${target.name} private.\nIt is public.`)],
    });

  it("cannot add, end or rewrite a line of the text report, nor send a control sequence", () => {
    const text = render(make(hostile), "text");
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const lines = text.split("\n");
    // The name is one line; the pack's message may span lines, each indented under its finding.
    expect(lines).toContain(`          ${terminalLine(`${BUCKET} ${HOSTILE}`)}  [mandatory]`);
    const findingLines = lines.slice(
      lines.indexOf("          Checks bucket-private.") + 1,
      lines.indexOf("Summary:") - 1,
    );
    expect(findingLines.length).toBeGreaterThan(2);
    for (const line of findingLines) expect(line).toMatch(/^ {10,}\S/);
    expect(lines.filter((line) => /^ {0,4}\S/.test(line))).toEqual(
      render(make(benign), "text")
        .split("\n")
        .filter((line) => /^ {0,4}\S/.test(line)),
    );
    expect(text).toContain(
      "evil\\n    PASS: no mandatory violation\\r\\x1b[2K\\x1b]8;;https://attacker.example\\x07click",
    );
  });

  it("stays one table row whose cells render as text, with no HTML, link or emphasis, in the pull-request comment", () => {
    const markdown = render(make(hostile), "markdown");
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const html = new MarkdownIt({ html: true, linkify: false }).render(markdown);
    expect(html).not.toMatch(/<img|<a |<strong>|<em>|<s>/);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    const bodyRows = rows.filter((row) => row.includes("<td>") && row.includes("bucket-private"));
    expect(bodyRows).toHaveLength(1);
    const cells = [...bodyRows[0].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toHaveLength(4);
    const decode = (s: string) =>
      s
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");
    // The resource cell is a code span showing the name exactly, its controls made visible.
    expect(decode(cells[1])).toBe(`<code>${terminalLine(`${BUCKET} ${HOSTILE}`)}</code>`);
    // The message is prose: the same characters, newlines as <br>, nothing interpreted.
    const message = `Make ${HOSTILE} private.\nIt is public.`;
    expect(decode(cells[2].replace(/<br>/g, "\n"))).toBe(message.split("\n").map(terminalLine).join("\n"));
  });

  it("keep JUnit well-formed", () => {
    expect(XMLValidator.validate(render(make(hostile), "junit"))).toBe(true);
  });
});

describe("findings of a policy the pack does not describe (the gate's own)", () => {
  const component = { ...resource("awsx:ecs:FargateService", "web"), custom: false };
  const gateFinding = finding("prodready-gate:remote-component", component, "Its resources were not seen.", {
    category: "unverified",
    enforcementLevel: "advisory",
    severity: "medium",
    stage: "analyzeStack",
  });
  const built = report({
    policies: [policy("bucket-private", [BUCKET])],
    resources: [component],
    findings: [gateFinding],
  });

  it("have a SARIF rule, so every result names one", () => {
    const document = JSON.parse(render(built, "sarif"));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    expect(ajv.validate(sarifSchema, document)).toBe(true);
    const run = document.runs[0];
    const result = run.results[0];
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe("prodready-gate:remote-component");
  });

  it("have a JUnit suite with the component's case skipped", () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(render(built, "junit"));
    const suite = [parsed.testsuites.testsuite]
      .flat()
      .find((s: any) => s["@_name"] === "prodready-gate:remote-component");
    const cases = [suite.testcase].flat();
    expect(cases.map((c: any) => c["@_name"])).toEqual(["stack shop/dev", "awsx:ecs:FargateService web"]);
    expect(cases[1].skipped["@_message"]).toBe("Its resources were not seen.");
  });

  it("appear in JSON with no checklist ids, and in text and Markdown", () => {
    const json = JSON.parse(render(built, "json"));
    expect(json.violations).toMatchObject([
      { policy: "prodready-gate:remote-component", checklist: [], category: "unverified" },
    ]);
    expect(json.policies.map((p: any) => p.name)).toEqual(["bucket-private"]);
    expect(render(built, "text")).toContain("[unverified]  prodready-gate:remote-component");
    expect(render(built, "markdown")).toContain(
      "| `prodready-gate:remote-component` | `awsx:ecs:FargateService web` |",
    );
  });

  it("take the description the run gives when it has one", () => {
    const described = {
      ...built,
      gatePolicies: [policy("prodready-gate:remote-component", [], { description: "Remote components." })],
    };
    const rule = JSON.parse(render(described, "sarif")).runs[0].tool.driver.rules.find(
      (r: any) => r.id === "prodready-gate:remote-component",
    );
    expect(rule.shortDescription.text).toBe("Remote components.");
  });
});

describe("summary.recognised", () => {
  const bucket = resource(BUCKET, "media");
  const database = resource(DATABASE, "orders");
  const gcp = [resource(GCP_BUCKET, "assets"), resource("gcp:compute/instance:Instance", "vm")];

  it("counts the resources of a type some policy names; a type:* policy recognises nothing by itself", () => {
    const model = buildModel(
      report({
        policies: [
          policy("bucket-private", [BUCKET]),
          policy("no-secrets", ["*"]),
          policy("db", [DATABASE, "aws:rds/cluster:Cluster"]),
        ],
        resources: [bucket, database, ...gcp],
        findings: [],
      }),
    );
    expect(model.summary.recognised).toBe(2);
    expect(
      render(
        report({ policies: [policy("bucket-private", [BUCKET])], resources: [bucket, ...gcp], findings: [] }),
        "text",
      ),
    ).toContain("3 resources analysed (1 of a type the pack judges)");
  });

  it("is null, said as such, when a policy of the pack names no type (a foreign pack): never a guess", () => {
    const foreign = report({
      policies: [policy("bucket-private", undefined)],
      resources: [bucket],
      findings: [],
    });
    expect(buildModel(foreign).summary.recognised).toBeNull();
    expect(JSON.parse(render(foreign, "json")).summary.recognised).toBeNull();
    expect(render(foreign, "text")).toContain("(the pack does not say which types it judges)");
    const partly = report({
      policies: [policy("bucket-private", [BUCKET]), policy("other", undefined)],
      resources: [bucket],
      findings: [],
    });
    expect(buildModel(partly).summary.recognised).toBeNull();
  });

  it("0 on a GCP-only program: text, Markdown, JSON and the stderr line say the gate saw nothing it can check", () => {
    const gcpOnly = report({
      policies: [policy("bucket-private", [BUCKET]), policy("no-secrets", ["*"])],
      resources: gcp,
      findings: [],
    });
    const plain = "none of the 2 resources is of a type this pack judges: the gate saw nothing it can check";
    expect(JSON.parse(render(gcpOnly, "json")).summary).toMatchObject({ resources: 2, recognised: 0 });
    const text = render(gcpOnly, "text");
    expect(text).toContain(
      `    None of the 2 resources is of a type this pack judges: the gate saw nothing it can check.\n    PASS: no mandatory violation\n`,
    );
    expect(render(gcpOnly, "markdown")).toContain(
      `> **None of the 2 resources is of a type this pack judges: the gate saw nothing it can check.**`,
    );
    expect(renderSummaryLine(buildModel(gcpOnly), "gate.json")).toContain(plain);
  });
});

describe("JUnit", () => {
  const buckets = [resource(BUCKET, "a"), resource(BUCKET, "b")];
  const database = resource(DATABASE, "orders");
  const provider = resource("pulumi:providers:aws", "default");
  const stack = { ...resource("pulumi:pulumi:Stack", "shop-dev"), custom: false };
  const all = [stack, provider, ...buckets, database];
  const policies = [
    policy("bucket-private", [BUCKET]),
    policy("db-backups", [DATABASE]),
    policy("no-secrets", ["*"]),
    policy("alarms", [DATABASE], { kind: "stack" }),
    policy("untagged", undefined),
  ];
  const findings = [
    finding("bucket-private", buckets[1], "Block public access."),
    finding("alarms", database, "Add an alarm."),
    finding("untagged", provider, "Pin the provider."),
  ];
  const suites = () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(
      render(report({ policies, resources: all, findings }), "junit"),
    );
    return new Map(
      [parsed.testsuites.testsuite]
        .flat()
        .map((s: any) => [s["@_name"], [s.testcase ?? []].flat().map((c: any) => c["@_name"])]),
    );
  };

  it("has one case per policy and resource it applies to: its types, its findings, the stack for stack and untagged policies", () => {
    expect(Object.fromEntries(suites())).toEqual({
      "bucket-private": [`${BUCKET} a`, `${BUCKET} b`],
      "db-backups": [`${DATABASE} orders`],
      "no-secrets": ["pulumi:providers:aws default", `${BUCKET} a`, `${BUCKET} b`, `${DATABASE} orders`],
      alarms: ["stack shop/dev", `${DATABASE} orders`],
      untagged: ["stack shop/dev", "pulumi:providers:aws default"],
    });
  });
});

describe("audit", () => {
  const database = resource(DATABASE, "orders");
  const audit = report({
    mode: "audit",
    policies: [policy("db-creds", [DATABASE])],
    resources: [database],
    findings: [
      finding(
        "db-creds",
        database,
        "[unverified at preview] password is not known until deploy; enforced at deploy.",
        {
          category: "unverified",
          enforcementLevel: "advisory",
        },
      ),
      finding(
        "db-creds",
        database,
        "can't run policy 'db-creds' from policy pack 'pack@v1.0.0' during preview: string value at .masterPassword can't be known during preview",
        { category: "unverified", enforcementLevel: "advisory" },
      ),
    ],
  });

  it("never says 'unverified at preview' or 'deploy'; it says the export holds the value encrypted", () => {
    for (const format of ["text", "json", "sarif", "junit", "markdown"] as const) {
      const text = render(audit, format);
      expect([format, text]).not.toEqual([
        format,
        expect.stringMatching(/unverified at preview|until deploy|at deploy|during preview/i),
      ]);
    }
    const messages = JSON.parse(render(audit, "json")).violations.map((v: any) => v.message);
    expect(messages).toEqual([
      "[not verifiable from the export] password: the value is encrypted in the export; export with --show-secrets to check it.",
      "[not verifiable from the export] policy 'db-creds' could not read .masterPassword: the value is encrypted in the export; export with --show-secrets to check it.",
    ]);
    expect(render(audit, "text")).toContain(
      "0 mandatory, 0 advisory, 2 not verifiable from the export, 0 exempt",
    );
  });
});

describe("secret values", () => {
  const SECRET = "s3cr<e>t&'\"|`value";
  const leaky = resource(BUCKET, `bucket-${SECRET}`);
  const built = report({
    policies: [policy("bucket-private", [BUCKET])],
    resources: [leaky],
    findings: [finding("bucket-private", leaky, `It says ${SECRET}.`)],
    secretValues: [SECRET],
  });

  it.each(["text", "json", "sarif", "junit", "markdown"] as const)(
    "never reach %s, whatever the format's escaping makes of them",
    (format) => {
      const text = render(built, format);
      expect(text).toContain("[secret]");
      for (const form of [
        SECRET,
        "s3cr&lt;e&gt;t",
        "s3cr\\<e\\>t",
        "s3cr<e>t",
        JSON.stringify(SECRET).slice(1, -1),
      ])
        expect(text).not.toContain(form);
    },
  );
});
