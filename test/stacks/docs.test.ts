// docs/configuration.md and docs/architecture.md must name exactly what the code has.
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS } from "../../stacks/config";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

test("configuration.md documents every config key and no other", () => {
  const documented = new Set(
    [...read("docs/configuration.md").matchAll(/`prodready:([A-Za-z]+)`/g)].map((match) => match[1]),
  );
  expect([...documented].sort()).toEqual([...CONFIG_KEYS].sort());
});

test("architecture.md names every component type token and carries a Mermaid diagram", () => {
  const architecture = read("docs/architecture.md");
  const componentsDir = path.join(root, "stacks/components");
  const tokens = fs
    .readdirSync(componentsDir)
    .flatMap((file) => [
      ...fs
        .readFileSync(path.join(componentsDir, file), "utf8")
        .matchAll(/super\("(prodready:[A-Za-z]+:[A-Za-z]+)"/g),
    ])
    .map((match) => match[1]);
  expect(tokens).toHaveLength(10);
  for (const token of tokens) expect(architecture).toContain(`\`${token}\``);
  expect(architecture).toContain("```mermaid");
});
