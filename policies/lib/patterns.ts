/**
 * Patterns a policy matches values against: regular expressions from config, and `*` wildcards as
 * AWS and the exemptions spell them.
 */

/** Config patterns as case-insensitive regular expressions; a pattern that is not a valid regex matches literally. */
export function compilePatterns(patterns: unknown): RegExp[] {
  if (!Array.isArray(patterns)) return [];
  return patterns
    .filter((p): p is string => typeof p === "string" && p.length > 0)
    .map((p) => {
      try {
        return new RegExp(p, "i");
      } catch {
        return new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
      }
    });
}

const WILDCARD_CACHE_LIMIT = 1024;
const wildcardCache = new Map<string, RegExp>();

/**
 * A whole-value matcher for a wildcard pattern: `*` is any run of characters; `?` is one character
 * when `questionMark` is set (IAM policy resources), else itself (AWS Backup, exemptions).
 */
export function wildcard(pattern: string, options: { questionMark?: boolean } = {}): RegExp {
  const key = `${options.questionMark ? "?" : "-"}${pattern}`;
  let re = wildcardCache.get(key);
  if (!re) {
    const special = options.questionMark ? /[.+^${}()|[\]\\]/g : /[.+?^${}()|[\]\\]/g;
    let source = pattern.replace(special, "\\$&").replace(/\*/g, ".*");
    if (options.questionMark) source = source.replace(/\?/g, ".");
    re = new RegExp(`^${source}$`);
    // Patterns may come from resource values: keep the cache bounded.
    if (wildcardCache.size >= WILDCARD_CACHE_LIMIT) wildcardCache.clear();
    wildcardCache.set(key, re);
  }
  return re;
}
