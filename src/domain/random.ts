import { randomBytes, randomInt } from 'node:crypto';

/** Randomness behind every identifier and code, injectable so tests can pin it. */
export interface Random {
  /** Uniform integer in [0, max). */
  int(max: number): number;
  bytes(size: number): Buffer;
}

export const cryptoRandom: Random = {
  int: (max) => randomInt(max),
  bytes: (size) => randomBytes(size),
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[random.int(alphabet.length)];
  return out;
}

export const alnum = (random: Random, length: number) => pick(random, ALNUM, length);

/**
 * The time in base 36, 9 characters (string order is time order until the year 5188), then `length`
 * random characters. For the IDs of rows written on every send and pruned by age (codes, outbox
 * messages): each new key lands at the right edge of its index and pruning takes keys from the left
 * edge, where random keys would make each insert and each delete dirty a page of its own
 * (docs/configuration.md, Retention, measured there).
 */
export const timeOrderedId = (random: Random, at: Date, length: number) =>
  `${Math.max(0, at.getTime()).toString(36).padStart(9, '0')}${alnum(random, length)}`;
export const lowerAlnum = (random: Random, length: number) => pick(random, LOWER_ALNUM, length);
export const digits = (random: Random, length: number) => pick(random, '0123456789', length);

/** 16-digit account ID with no leading zero, like Alibaba Cloud account IDs. */
export const accountId = (random: Random) => `${1 + random.int(9)}${digits(random, 15)}`;

/** Retries a generator until `taken` says the value is free; collisions are rare but not impossible. */
export async function uniqueId(generate: () => string, taken: (id: string) => Promise<boolean>): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = generate();
    if (!(await taken(id))) return id;
  }
  throw new Error('could not find a free identifier after 8 attempts');
}
