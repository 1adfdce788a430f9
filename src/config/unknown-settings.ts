/** A `CANOPY_*` variable Canopy does not read, with the known setting whose name is closest. */
export interface UnknownSetting {
  readonly name: string;
  readonly nearest: string;
}

/**
 * Variables the command-line clients read (`canopy call`, `canopy accounts`, `canopy inbox`): not
 * server settings, but not mistakes either when they sit in the same environment.
 */
export const CLIENT_SETTINGS = ['CANOPY_URL'] as const;

/**
 * The `CANOPY_*` variables of `env` (any letter case) that are not in `known`, each with its nearest
 * known name by edit distance. A known name without the prefix (`PORT`, `DATABASE_URL`) is compared
 * as if it had it, so `CANOPY_PORT` points to `PORT`. Only names are looked at, never values.
 */
export function unknownSettings(env: Readonly<Record<string, string | undefined>>, known: Iterable<string>): UnknownSetting[] {
  const names = [...new Set(known)];
  const knownSet = new Set(names);
  const candidates = names.map((name) => ({ name, key: name.startsWith('CANOPY_') ? name : `CANOPY_${name}` }));
  const unknown: UnknownSetting[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!/^canopy_/i.test(name) || knownSet.has(name)) continue;
    const upper = name.toUpperCase();
    let nearest = candidates[0]!;
    let best = rank(upper, nearest.key);
    for (const candidate of candidates.slice(1)) {
      const score = rank(upper, candidate.key);
      if (before(score, best)) {
        best = score;
        nearest = candidate;
      }
    }
    unknown.push({ name, nearest: nearest.name });
  }
  return unknown;
}

/**
 * How far `key` is from `name`, compared in order: words of `name` that `key` lacks (a word matches a
 * word it begins, or one a typo or two away, so `PER_MIN` finds `PER_MINUTE` and `TWILIO_TOKEN`
 * finds `TWILIO_AUTH_TOKEN`), then character edits, then the shorter shared beginning, then length.
 */
function rank(name: string, key: string): readonly number[] {
  const keyWords = key.split('_');
  const missing = name.split('_').filter((word) => word !== '' && !keyWords.some((other) => sameWord(word, other))).length;
  return [missing, editDistance(name, key), -sharedPrefix(name, key), key.length];
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  const distance = editDistance(a, b);
  return (shorter >= 4 && distance <= 1) || (shorter >= 7 && distance <= 2);
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Levenshtein distance, with a swap of two neighbouring characters counted as one edit. */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
