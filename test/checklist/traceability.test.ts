/**
 * The checklist data is the seed, whole, and everything it points at exists: every item has one
 * disposition; an item is enforced exactly when a policy's own metadata names it; components, files
 * and doc headings are real; the generated docs are current; the operations docs say what the
 * program does. The seed's text is kept as the project's fixture, so this runs everywhere; where the
 * shared seed file is present, the fixture must equal it.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import {
  CHECKLIST_IDS,
  CHECKLIST_ITEMS,
  ChecklistItem,
  DISPOSITION_KINDS,
  enforcingPolicies,
} from "../../gate/checklist/items";
import { policies } from "../../policies/pack";
import { generatedDocs } from "../../gate/checklist/docs";
import { djangoEnvironment, nextjsEnvironment } from "../../stacks/components/services";
import { parseConfig } from "../../stacks/config";

const REPO = path.resolve(__dirname, "../..");
/** The platform team's checklist, as given (copied byte for byte from the seed). */
const FIXTURE = path.join(REPO, "test/fixtures/checklist/checklist.md");
/** The shared seed, present on the machines where the project is developed, not in CI. */
const SEED = path.resolve(REPO, "../shared/seeds/000_8ed7a2a806382882.txt");
const read = (file: string) => fs.readFileSync(path.join(REPO, file), "utf8");

interface SeedItem {
  section: string;
  subsection: string;
  text: string;
}

/** The seed's items in order: `## Section`, optional `### Subsection`, `- [ ] text`. */
function parseSeed(text: string): SeedItem[] {
  const items: SeedItem[] = [];
  let section = "";
  let subsection = "";
  for (const line of text.split(/\r?\n/)) {
    const heading = /^(#{2,3}) (.+?)\s*$/.exec(line);
    if (heading?.[1] === "##") {
      section = heading[2];
      subsection = "";
    } else if (heading?.[1] === "###") {
      subsection = heading[2];
    }
    const item = /^- \[ \] (.+?)\s*$/.exec(line);
    if (item) items.push({ section, subsection, text: item[1] });
  }
  return items;
}

const ofKind = <K extends ChecklistItem["disposition"]["kind"]>(kind: K) =>
  CHECKLIST_ITEMS.filter((item) => item.disposition.kind === kind).map(
    (item) => [item.id, item.disposition as Extract<ChecklistItem["disposition"], { kind: K }>] as const,
  );

describe("the checklist covers the seed", () => {
  it("has every item of the project's copy of the seed, in order, with its text exactly", () => {
    const seed = parseSeed(fs.readFileSync(FIXTURE, "utf8"));
    expect(seed.length).toBeGreaterThan(100);
    expect(CHECKLIST_ITEMS.map(({ section, subsection, text }) => ({ section, subsection, text }))).toEqual(
      seed,
    );
  });

  it("keeps the project's copy identical to the shared seed where that is present", () => {
    if (!fs.existsSync(SEED)) {
      console.warn(`seed checklist not found at ${SEED}: checked against the project's copy only`);
      return;
    }
    expect(fs.readFileSync(FIXTURE)).toEqual(fs.readFileSync(SEED));
  });

  it("would fail on a seed whose item text changed", () => {
    const text = fs
      .readFileSync(FIXTURE, "utf8")
      .replace("- [ ] Health checks configured", "- [ ] Health checks");
    const data = CHECKLIST_ITEMS.map(({ section, subsection, text }) => ({ section, subsection, text }));
    expect(parseSeed(text)).not.toEqual(data);
    expect(parseSeed(text)).toHaveLength(data.length);
  });

  it("keeps 134 items with unique, well-formed ids", () => {
    expect(CHECKLIST_ITEMS).toHaveLength(134);
    expect(CHECKLIST_IDS.size).toBe(CHECKLIST_ITEMS.length);
    for (const item of CHECKLIST_ITEMS) expect(item.id).toMatch(/^[a-z-]+(\.[a-z0-9-]+){1,2}$/);
  });

  it("gives every item exactly one disposition, complete", () => {
    for (const item of CHECKLIST_ITEMS) {
      const disposition = item.disposition;
      expect(DISPOSITION_KINDS).toContain(disposition.kind);
      const fields = Object.keys(disposition).sort();
      switch (disposition.kind) {
        case "enforced":
          // Which policies enforce it is the policies' own metadata, never listed here.
          expect(fields).toEqual(["kind"]);
          break;
        case "provisioned":
          expect(fields).toEqual(["component", "file", "kind", "setting"]);
          expect(disposition.setting.length).toBeGreaterThan(20);
          break;
        case "documented":
          expect(fields).toEqual(["doc", "heading", "kind"]);
          break;
        case "out-of-scope":
          expect(fields).toEqual(["kind", "owner", "reason"]);
          // One sentence: ends with a period and has no other sentence end inside.
          expect(disposition.reason).toMatch(/^[A-Z`].*\.$/);
          expect(disposition.reason.slice(0, -1)).not.toMatch(/[.!?]\s/);
          expect(disposition.owner).toMatch(/^the .+ team$/);
          break;
      }
    }
  });

  it("names the AWS equivalent of exactly the Railway/Heroku and Vercel items", () => {
    for (const item of CHECKLIST_ITEMS) {
      const hosting = /Railway|Heroku|Vercel/.test(item.subsection);
      expect([item.id, Boolean(item.awsEquivalent)]).toEqual([item.id, hosting]);
      if (hosting) expect(item.awsEquivalent).toMatch(/→/);
    }
  });
});

describe("an item is enforced exactly when a policy names it", () => {
  const enforcement = enforcingPolicies(policies);

  it("every policy names only known items", () => {
    for (const policy of policies) {
      for (const id of policy.checklist)
        expect([policy.name, id, CHECKLIST_IDS.has(id)]).toEqual([policy.name, id, true]);
    }
  });

  it("every item marked enforced is named by a policy of the pack", () => {
    for (const [id] of ofKind("enforced"))
      expect([id, enforcement.get(id)?.length ?? 0]).not.toEqual([id, 0]);
  });

  it("every item a policy names is marked enforced, not answered another way", () => {
    const items = new Map(CHECKLIST_ITEMS.map((item) => [item.id, item]));
    for (const [id, names] of enforcement) {
      expect([id, names, items.get(id)?.disposition.kind]).toEqual([id, names, "enforced"]);
    }
  });

  it("derives each item's policies from the policies, in the pack's order", () => {
    expect(enforcement.get("backend.database.backups-enabled")).toEqual([
      "rds-backup-retention",
      "backup-plan-coverage",
    ]);
    expect(
      enforcingPolicies([
        { name: "b", checklist: ["x.y"] },
        { name: "a", checklist: ["x.y", "x.z"] },
        { name: "b", checklist: ["x.y"] },
      ]),
    ).toEqual(
      new Map([
        ["x.y", ["b", "a"]],
        ["x.z", ["a"]],
      ]),
    );
  });

  it("counts 48 enforced, 6 provisioned, 18 documented and 62 out-of-scope items", () => {
    const counts = Object.fromEntries(DISPOSITION_KINDS.map((kind) => [kind, ofKind(kind).length]));
    expect(counts).toEqual({ enforced: 48, provisioned: 6, documented: 18, "out-of-scope": 62 });
    expect(enforcement.size).toBe(48);
  });
});

describe("provisioned and documented items point at what exists", () => {
  const componentsDir = path.join(REPO, "stacks/components");
  const tokens = new Map<string, string>();
  for (const file of fs.readdirSync(componentsDir)) {
    for (const match of fs
      .readFileSync(path.join(componentsDir, file), "utf8")
      .matchAll(/super\("(prodready:[A-Za-z]+:[A-Za-z]+)"/g)) {
      tokens.set(match[1], `stacks/components/${file}`);
    }
  }

  it.each(ofKind("provisioned"))(
    "%s: the component, its file and the names in its setting exist",
    (_id, disposition) => {
      expect(tokens.get(disposition.component)).toBe(disposition.file);
      const source = read(disposition.file);
      for (const match of disposition.setting.matchAll(/`([^`]+)`/g))
        expect([match[1], source.includes(match[1])]).toEqual([match[1], true]);
    },
  );

  it.each(ofKind("documented"))("%s: the doc has the heading", (_id, disposition) => {
    const headings = read(disposition.doc)
      .split("\n")
      .map((line) => /^#{1,6} (.+?)\s*$/.exec(line)?.[1])
      .filter(Boolean);
    expect(headings).toContain(disposition.heading);
  });
});

describe("generated docs", () => {
  it.each(Object.entries(generatedDocs()))(
    "%s is current (run npm run docs:checklist / docs:policies)",
    (file, expected) => {
      expect(read(file)).toBe(expected);
    },
  );

  it("the package scripts regenerate them", () => {
    const scripts = JSON.parse(read("package.json")).scripts;
    expect(scripts["docs:checklist"]).toContain("gate/checklist/docs.ts checklist");
    expect(scripts["docs:policies"]).toContain("gate/checklist/docs.ts policies");
  });

  it("docs/policies.md has a section per policy of the pack", () => {
    const doc = read("docs/policies.md");
    for (const policy of policies) expect(doc).toContain(`\n## ${policy.name}\n`);
  });
});

describe("the operations docs say what the program does", () => {
  const stackConfig = (stack: string) => {
    const document = yaml.load(read(`stacks/Pulumi.${stack}.yaml`)) as { config: Record<string, unknown> };
    return parseConfig(document.config, stack);
  };

  it("environment-variables.md names every variable of the Django and Next.js contracts", () => {
    const doc = read("docs/environment-variables.md");
    const database = {
      host: "db.internal.prodready.example",
      port: 5432,
      name: "prodready",
      disableServerSideCursors: false,
    };
    const domains = { appDomain: "app.prodready.example", apiDomain: "api.prodready.example" };
    const names = [
      djangoEnvironment({
        ...domains,
        settingsModule: "config.settings.production",
        logLevel: "INFO",
        environmentName: "production",
        database: { ...database, sslMode: "verify-ca", sslRootCert: "/etc/ssl/certs/ca-certificates.crt" },
        media: { bucketName: "prodready-production-media-123456789012", region: "eu-west-1" },
        secretRefs: { secretKey: "a", sentryDsn: "b", databaseUser: "c", databasePassword: "d" },
      }),
      nextjsEnvironment({
        ...domains,
        environmentName: "production",
        secretRefs: { nextauthSecret: "a", sentryDsn: "b" },
      }),
    ].flatMap((contract) => [...contract.environment, ...contract.secrets].map((variable) => variable.name));
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect([name, doc.includes(`\`${name}\``)]).toEqual([name, true]);
  });

  it("operations.md states each stack's recovery targets from its config", () => {
    const doc = read("docs/operations.md");
    const table = doc.slice(doc.indexOf("### Recovery targets"), doc.indexOf("### Scenarios"));
    for (const stack of ["dev", "staging", "production"]) {
      const config = stackConfig(stack);
      const row = table.split("\n").find((line) => line.startsWith(`| ${stack} |`));
      const cells = row?.split("|").map((cell) => cell.trim()) ?? [];
      expect([stack, cells[2], cells[3], cells[4]]).toEqual([
        stack,
        `${config.backupRetentionDays} days`,
        `${config.backupRetentionDays} days`,
        config.databaseMultiAz ? "yes" : "no",
      ]);
      expect(cells[5]).toContain(config.databaseMultiAz ? "RPO 0" : "point-in-time restore");
    }
  });

  it("every stack output the docs read exists", () => {
    const program = read("stacks/index.ts");
    for (const file of ["docs/deployment.md", "docs/operations.md"]) {
      for (const match of read(file).matchAll(/pulumi stack output (?:--stack "?\$?\w+"? )?(\w+)/g)) {
        expect([file, match[1], program.includes(`export const ${match[1]} =`)]).toEqual([
          file,
          match[1],
          true,
        ]);
      }
    }
  });

  it("the docs name the log groups, alarms and resource names the program creates", () => {
    const operations = read("docs/operations.md");
    const monitoring = read("stacks/components/monitoring.ts");
    const labels = [...monitoring.matchAll(/alarm\(\s*[`"]((?:\$\{[a-z]+\}-)?[a-z0-9-]+)[`"]/g)].map(
      (match) => match[1].replace(/^\$\{[a-z]+\}-/, ""),
    );
    expect(labels.length).toBeGreaterThan(6);
    for (const label of labels) expect([label, operations.includes(`${label}\``)]).toEqual([label, true]);
    const services = read("stacks/components/services.ts");
    expect(services).toContain('command: ["python", "manage.py", "migrate", "--noinput"]');
    expect(read("docs/deployment.md")).toContain("python manage.py migrate --noinput");
    expect(read("stacks/components/backups.ts")).toContain('schedule: "cron(0 3 * * ? *)"');
    expect(operations).toContain("every day at 03:00 UTC");
    expect(read("stacks/components/backups.ts")).toContain('scheduleExpression: "cron(0 5 ? * SAT *)"');
    expect(operations).toContain("Every Saturday at 05:00 UTC");
  });
});
