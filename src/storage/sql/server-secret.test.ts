import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue, generatedSecret } from './server-secret.js';
import type { SqlSession } from './session.js';

/**
 * The settings table as PostgreSQL shows it under read committed: each statement sees what was
 * committed before it. `between` runs after the first read, standing for another instance that
 * starts on the same new store and commits its generated secret, then its check value.
 */
function settingsSeenBy(between: (settings: Map<string, string>) => void): SqlSession {
  const settings = new Map<string, string>();
  let reads = 0;
  const unused = () => Promise.reject(new Error('not used by generatedSecret here'));
  return {
    get: async <R>(_sql: string, params: readonly unknown[] = []) => {
      const value = settings.get(params[0] as string);
      if (++reads === 1) between(settings);
      return (value === undefined ? undefined : { value }) as R | undefined;
    },
    all: unused,
    run: unused,
    later: unused,
    soon: () => ({ value: unused }),
    savepoint: (work) => work(),
    afterCommit: () => {
      throw new Error('not used by generatedSecret here');
    },
  };
}

test('an instance starting beside another on a new store takes the secret the other generated', async () => {
  const other = 'generated-by-the-other-instance';
  const session = settingsSeenBy((settings) => {
    settings.set('server_secret', other);
    settings.set('secret_check', checkValue(other));
  });
  assert.equal(await generatedSecret(session), other);
});
