/**
 * One finding per resource: a policy that finds the same fault in several nested blocks of one
 * resource (cache behaviours, origins, listener actions, containers, rules) reports it once, naming
 * the blocks, so a distribution with five bad behaviours is one thing to fix, not five.
 */

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "it is" / "they are", for a message that names one or more blocks. */
export function itOrThey(items: readonly unknown[], singular: string, plural: string): string {
  return items.length === 1 ? singular : plural;
}

/** Where a message names the block(s) at fault; replaced by the list when the finding is reported. */
export const BLOCK = "\u0000block\u0000";

/**
 * Collects per-block violations whose messages name the block as BLOCK, and reports each distinct
 * message once, naming every block that has it: "Set user on containers django and worker to ...".
 */
export class BlockFaults {
  private readonly faults = new Map<string, string[]>();

  /** `noun`: how one block and several are introduced ("container", "containers"), or none. */
  constructor(private readonly noun?: readonly [string, string]) {}

  /** The violation reporter for one block. */
  for(block: string): (message: string) => void {
    return (message) => {
      const blocks = this.faults.get(message);
      if (!blocks) this.faults.set(message, [block]);
      else if (!blocks.includes(block)) blocks.push(block);
    };
  }

  /** Reports each collected fault once, in the order first seen. */
  report(violation: (message: string) => void): void {
    for (const [message, blocks] of this.faults) {
      const noun = this.noun ? `${blocks.length === 1 ? this.noun[0] : this.noun[1]} ` : "";
      violation(message.split(BLOCK).join(`${noun}${listed(blocks)}`));
    }
    this.faults.clear();
  }
}
