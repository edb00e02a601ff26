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
