import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionCapProblem, openFileLimit } from './open-file-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             96364                96364                processes
Max open files            300                  4096                 files
Max locked memory         8388608              8388608              bytes
`;

test('the soft open-file limit is read from /proc/self/limits, and is unknown where that cannot be read', () => {
  assert.equal(
    openFileLimit(() => LIMITS),
    300,
  );
  assert.equal(
    openFileLimit(() => LIMITS.replace(/^Max open files.*$/m, 'Max open files            unlimited            unlimited            files')),
    undefined,
  );
  assert.equal(
    openFileLimit(() => {
      throw new Error('ENOENT');
    }),
    undefined,
  );
  assert.equal(typeof openFileLimit(), process.platform === 'linux' ? 'number' : 'undefined');
});

test('a connection cap that the open-file limit cannot hold is reported with a value that fits', () => {
  // The server: ulimit -n 300; the default cap of 500 would never refuse a connection.
  assert.match(connectionCapProblem(500, 300) ?? '', /CANOPY_MAX_CONNECTIONS \(500\).* 300 open files.*at most 236 /);
  assert.match(connectionCapProblem(230, 300, 10) ?? '', /at most 226 /);
  assert.equal(connectionCapProblem(200, 300), undefined);
  assert.equal(connectionCapProblem(500, 20_000), undefined);
  assert.equal(connectionCapProblem(500, undefined), undefined);
});
