import { invalidParameter } from '../errors/api-error.js';

/**
 * Indexed wire parameters, the RPC form of lists: `Tag.1.Key`, `Tag.1.Value`, `Tag.2.Key` (objects)
 * or `ResourceId.1`, `ResourceId.2` (values). One parser for every Action that takes them, so N is
 * read the same way everywhere: a decimal from 1 without leading zeros (anything else is
 * InvalidParameter naming the parameter), at most `max` distinct N when given (else InvalidParameter
 * naming the prefix), entries in N order. Names that only look alike (`Tag.1.Other`) are left alone.
 * Without `max` the request's parameter limit bounds the list, and the Action answers too many with
 * the codes its API documents (the tag service's NumberExceed.*, InvalidParameter.Members…).
 */
export interface IndexedEntry<V> {
  readonly index: number;
  /** The entry's wire name, `Tag.3`, for messages about it. */
  readonly name: string;
  readonly value: V;
}

type Raw = Readonly<Record<string, unknown>>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function collect<V>(
  params: Raw,
  prefix: string,
  pattern: RegExp,
  max: number | undefined,
  add: (entry: V | undefined, field: string | undefined, raw: string) => V,
): IndexedEntry<V>[] {
  const byIndex = new Map<number, V>();
  for (const [name, raw] of Object.entries(params)) {
    const match = pattern.exec(name);
    if (!match || typeof raw !== 'string') continue;
    if (!/^[1-9]\d*$/.test(match[1]!)) throw invalidParameter(name);
    const index = Number(match[1]);
    byIndex.set(index, add(byIndex.get(index), match[2], raw));
  }
  if (max !== undefined && byIndex.size > max) throw invalidParameter(prefix);
  return [...byIndex.keys()].sort((a, b) => a - b).map((index) => ({ index, name: `${prefix}.${index}`, value: byIndex.get(index)! }));
}

/** `Prefix.N.Field` parameters grouped by N: each entry holds the fields that were given. */
export function indexedObjects<F extends string>(
  params: Raw,
  prefix: string,
  fields: readonly F[],
  max?: number,
): IndexedEntry<Partial<Record<F, string>>>[] {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}\\.(\\d+)\\.(${fields.map(escapeRegExp).join('|')})$`);
  return collect<Partial<Record<F, string>>>(params, prefix, pattern, max, (entry, field, raw) =>
    Object.assign({}, entry, { [field as F]: raw }),
  );
}

/** `Prefix.N` parameters, one value each. */
export function indexedValues(params: Raw, prefix: string, max?: number): IndexedEntry<string>[] {
  return collect<string>(params, prefix, new RegExp(`^${escapeRegExp(prefix)}\\.(\\d+)$`), max, (_entry, _field, raw) => raw);
}
