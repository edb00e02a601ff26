/**
 * Finding the files under an --evidence folder: recursively, in name order, skipping node_modules and
 * .git, following a symbolic link only when it resolves inside the folder (each file read once), and
 * reporting what is not read (outside links, broken links, special files, unreadable folders).
 */
import * as fs from "fs";
import * as path from "path";
import { EvidenceError } from "./options";

const SKIPPED = new Set(["node_modules", ".git"]);
const PASS_A_FOLDER = "pass the folder the evidence files were gathered in";

export interface FoundFile {
  /** Relative to the --evidence folder, `/`-separated, through links as found. */
  file: string;
  /** The file's real path. */
  real: string;
  stats: fs.Stats;
}

export interface UnreadFile {
  file: string;
  problem: string;
}

function inside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

/** The files under `dir`, and the entries not read with why. Throws EvidenceError if `dir` is unusable. */
export function walkEvidenceFolder(dir: string): { found: FoundFile[]; unread: UnreadFile[] } {
  let root: string;
  try {
    root = fs.realpathSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${code})`;
    throw new EvidenceError(`--evidence ${dir} ${why}; ${PASS_A_FOLDER}`);
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new EvidenceError(`--evidence ${dir} is not a folder; ${PASS_A_FOLDER}`);
  }
  const found: FoundFile[] = [];
  const unread: UnreadFile[] = [];
  const visited = new Set<string>();

  const visit = (real: string, relative: string) => {
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(real, { withFileTypes: true });
    } catch (error) {
      if (relative === "")
        throw new EvidenceError(
          `--evidence ${dir} cannot be read (${(error as NodeJS.ErrnoException).code}); ${PASS_A_FOLDER}`,
        );
      unread.push({
        file: relative,
        problem: `a folder that cannot be read (${(error as NodeJS.ErrnoException).code})`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const file = relative === "" ? entry.name : `${relative}/${entry.name}`;
      let target = path.join(real, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          target = fs.realpathSync(target);
        } catch {
          unread.push({ file, problem: "a broken symbolic link" });
          continue;
        }
        if (!inside(root, target)) {
          unread.push({ file, problem: "a symbolic link to outside the evidence folder: not followed" });
          continue;
        }
      }
      let stats: fs.Stats;
      try {
        stats = fs.statSync(target);
      } catch (error) {
        unread.push({ file, problem: `cannot be read (${(error as NodeJS.ErrnoException).code})` });
        continue;
      }
      if (stats.isDirectory()) visit(target, file);
      else if (stats.isFile()) found.push({ file, real: target, stats });
      else unread.push({ file, problem: "not a regular file (a device, socket or pipe)" });
    }
  };
  visit(root, "");
  return { found, unread };
}
