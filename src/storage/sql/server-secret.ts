import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { SecretBox, sealingKeys } from '../secret-box.js';
import { StartupRefused } from '../store.js';
import type { SqlSession } from './session.js';
import { getSetting, setSetting, storedSecret } from './settings.js';

/**
 * The server secret is not kept with the data (except the one emulator mode generates), so a store
 * cannot tell a changed secret from its own until a sealed value fails to open, which would be
 * every signed request. A check value kept in `settings` tells it at start instead.
 */
export class SecretMismatch extends StartupRefused {
  override name = 'SecretMismatch';
}

const CHECK_SETTING = 'secret_check';
/** Written by emulator mode when CANOPY_SECRET is unset (settings.ts). */
const GENERATED_SETTING = 'server_secret';

/** An HMAC under a key of its own HKDF label: shows which secret made the store, gives nothing that opens it. */
export function checkValue(secret: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'canopy', 'server secret check value', 32));
  return `v1:${createHmac('sha256', key).update('canopy server secret').digest('base64url')}`;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function opens(box: SecretBox, sealed: string): boolean {
  try {
    box.open(sealed);
    return true;
  } catch {
    return false;
  }
}

function mismatch(configured: boolean, what: string): SecretMismatch {
  const unset = configured ? '' : ' (it is unset)';
  const remedy =
    what === 'CANOPY_SECRET'
      ? 'start with the secret the store was created with, or change it with `canopy rotate-secret` (docs/production.md, "Secrets")'
      : 'set it to the secret the store was created with';
  return new SecretMismatch(`${what} does not match the secret this store's sealed data were made with${unset}: ${remedy}`);
}

/**
 * Throws SecretMismatch unless `secret` made this store's sealed data. The first start records the
 * check value (the first of instances starting together wins); a store from before check values is
 * first tried on one of its sealed AccessKey secrets, so a wrong secret is never recorded as right.
 * `configured` (the secret came from CANOPY_SECRET) and `what` only shape the message, which never
 * holds a secret.
 */
export async function checkServerSecret(s: SqlSession, secret: string, configured: boolean, what = 'CANOPY_SECRET'): Promise<void> {
  const expected = checkValue(secret);
  let stored = await getSetting(s, CHECK_SETTING);
  if (stored === undefined) {
    const sample = await s.get<{ secret_sealed: string }>('SELECT secret_sealed FROM access_keys LIMIT 1');
    if (sample && !opens(new SecretBox(secret, 'access-key secrets'), sample.secret_sealed)) throw mismatch(configured, what);
    await s.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [CHECK_SETTING, expected]);
    stored = (await getSetting(s, CHECK_SETTING))!;
  }
  if (!sameText(stored, expected)) throw mismatch(configured, what);
}

/**
 * Whether the store's check value is still the one of `expected` (`checkValue` of this process's
 * secret): false once another process rotated the secret, which readiness reports.
 */
export async function secretStillFits(s: SqlSession, expected: string): Promise<boolean> {
  const stored = await getSetting(s, CHECK_SETTING);
  return stored !== undefined && sameText(stored, expected);
}

/**
 * The secret emulator mode generates into the store when CANOPY_SECRET is unset (the first start
 * makes it). A store that has a check value but no generated secret was made with CANOPY_SECRET:
 * refused, rather than generating a secret that cannot match.
 */
export async function generatedSecret(s: SqlSession): Promise<string> {
  // The check value first: an instance starting beside this one writes the generated secret before
  // the check value, in two transactions, so a check value seen here means its secret is visible to
  // the next statement. The other order (read committed, one snapshot per statement) could miss the
  // secret and then see its check value, and refuse a store that is fine.
  const checked = (await getSetting(s, CHECK_SETTING)) !== undefined;
  const existing = await getSetting(s, GENERATED_SETTING);
  if (existing !== undefined) return existing;
  if (checked) throw mismatch(false, 'CANOPY_SECRET');
  return storedSecret(s);
}

/** Outbox codes an earlier release stored in clear: neither sealed nor masked. */
const PLAIN_OUTBOX = "SELECT id, code FROM outbox WHERE substr(code, 1, 3) <> 'v1:' AND code <> '******'";
const SET_CODE = 'UPDATE outbox SET code = ? WHERE id = ? AND code = ?';

/** Seals the codes an earlier release left in clear, so an upgraded store keeps none; returns how many. */
export async function sealLegacyOutbox(s: SqlSession, box: SecretBox): Promise<number> {
  const rows = await s.all<{ id: string; code: string }>(PLAIN_OUTBOX);
  for (const row of rows) await s.run(SET_CODE, [box.seal(row.code), row.id, row.code]);
  return rows.length;
}

export interface Rotation {
  readonly accessKeys: number;
  readonly outbox: number;
}

/**
 * Re-seals every sealed value under `next` and records its check value, in the caller's one
 * transaction. `previous` undefined means the secret emulator mode generated into the store, which
 * is then removed: from now on the secret comes from CANOPY_SECRET. Code hashes and email-change
 * token hashes are keyed by the secret too but cannot be re-keyed (only their hashes are kept):
 * codes and links sent before the rotation stop verifying.
 */
export async function rotateSealed(s: SqlSession, previous: string | undefined, next: string): Promise<Rotation> {
  const old = previous ?? (await getSetting(s, GENERATED_SETTING));
  if (old === undefined) {
    throw new SecretMismatch('CANOPY_PREVIOUS_SECRET: required (the secret the store was made with; it has no generated one)');
  }
  await checkServerSecret(s, old, previous !== undefined, 'CANOPY_PREVIOUS_SECRET');
  if (sameText(checkValue(old), checkValue(next))) throw new SecretMismatch('CANOPY_SECRET: the new secret is the one in use');
  const from = sealingKeys(old);
  const to = sealingKeys(next);
  const keys = await s.all<{ id: string; secret_sealed: string }>('SELECT id, secret_sealed FROM access_keys');
  for (const key of keys) {
    await s.run('UPDATE access_keys SET secret_sealed = ? WHERE id = ?', [
      to.accessKeys.seal(from.accessKeys.open(key.secret_sealed)),
      key.id,
    ]);
  }
  const messages = await s.all<{ id: string; code: string }>("SELECT id, code FROM outbox WHERE code <> '******'");
  for (const m of messages) {
    const plain = SecretBox.isSealed(m.code) ? from.outbox.open(m.code) : m.code;
    await s.run(SET_CODE, [to.outbox.seal(plain), m.id, m.code]);
  }
  await setSetting(s, CHECK_SETTING, checkValue(next));
  await s.run('DELETE FROM settings WHERE key = ?', [GENERATED_SETTING]);
  return { accessKeys: keys.length, outbox: messages.length };
}
