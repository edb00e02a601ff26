/**
 * The files `prodready checklist` is handed besides evidence (--from, --signoff, --evidence-config):
 * one wording for a path that cannot be read, one YAML reading for the two YAML files.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import { GateInputError } from "../errors";

/** The file's text; a missing file, a folder or an unreadable file is exit 2 with `hint` (what to pass). */
export function readInputFile(file: string, what: string, hint: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new GateInputError(`${what} ${file} ${why}; ${hint}`);
  }
}

/**
 * A YAML (or JSON) document, with the core schema: `2026-11-28` stays the string a schema expects,
 * not a Date. A document that does not parse throws `Problem` with one line: where and why.
 */
export function parseYaml(text: string, Problem: new (message: string) => Error): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const problem = error as yaml.YAMLException;
    const where = problem.mark ? ` at line ${problem.mark.line + 1}` : "";
    throw new Problem(`it is not valid YAML${where} (${problem.reason ?? problem.message})`);
  }
}
