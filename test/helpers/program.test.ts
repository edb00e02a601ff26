/**
 * The shared capture cache (test/helpers/program.ts) can only hand out the capture the current code
 * would produce: its key covers every input, so any edit means a fresh capture.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { captureKey, captureStack } from "./program";

describe("the capture cache key", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "prodready-capture-key-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write("stacks/index.ts", 'export const name = "a";\n');
  write("stacks/Pulumi.production.yaml", "config:\n  aws:region: eu-west-1\n");
  write("gate/capture/capture.ts", "export {};\n");
  write("node_modules/.package-lock.json", '{"packages":{}}\n');

  it("changes with any input a capture reads, and only then", () => {
    const original = captureKey("production", "deploy", root);
    expect(captureKey("production", "deploy", root)).toBe(original);
    expect(captureKey("production", "preview", root)).not.toBe(original);
    expect(captureKey("staging", "deploy", root)).not.toBe(original);
    for (const [file, edited] of [
      ["stacks/index.ts", 'export const name = "b";\n'],
      ["stacks/Pulumi.production.yaml", "config:\n  aws:region: eu-west-2\n"],
      ["gate/capture/capture.ts", "export const changed = true;\n"],
      ["node_modules/.package-lock.json", '{"packages":{"node_modules/x":{}}}\n'],
      ["stacks/components/new-tier.ts", "export {};\n"],
      ["Pulumi.yaml", "name: prodready\n"],
    ]) {
      const before = fs.existsSync(path.join(root, file))
        ? fs.readFileSync(path.join(root, file), "utf8")
        : undefined;
      write(file, edited);
      expect([file, captureKey("production", "deploy", root)]).not.toEqual([file, original]);
      if (before === undefined) fs.rmSync(path.join(root, file));
      else write(file, before);
      expect([file, captureKey("production", "deploy", root)]).toEqual([file, original]);
    }
  });

  it("gives the same registrations cached and fresh", async () => {
    const cached = await captureStack("dev", "preview");
    const previous = process.env.PRODREADY_TEST_CAPTURE_CACHE;
    process.env.PRODREADY_TEST_CAPTURE_CACHE = "off";
    try {
      const fresh = await captureStack("dev", "preview");
      expect(fresh.registrations.length).toBeGreaterThan(100);
      expect(cached).toEqual(fresh);
    } finally {
      if (previous === undefined) delete process.env.PRODREADY_TEST_CAPTURE_CACHE;
      else process.env.PRODREADY_TEST_CAPTURE_CACHE = previous;
    }
  }, 180_000);
});
