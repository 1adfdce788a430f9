/**
 * RAM's wildcard match: `*` stands for any run of characters (the empty one too), `?` for exactly one
 * character; every other character stands for itself. There is no escape. Case-insensitive matching
 * compares lower-cased text (Action names are matched that way, Resource ARNs and StringLike are
 * case-sensitive).
 */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  // Greedy two-pointer match with one backtrack point (the last `*`): linear in practice and at worst
  // |p|·|t|, which the 4096-character document limit keeps small.
  let pi = 0;
  let ti = 0;
  let star = -1;
  let starText = 0;
  while (ti < t.length) {
    const c = p[pi];
    if (c === '*') {
      star = pi++;
      starText = ti;
    } else if (c !== undefined && (c === '?' || c === t[ti])) {
      pi++;
      ti++;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
