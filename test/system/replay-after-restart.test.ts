import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { API_VERSIONS } from '../../src/actions/action.js';
import { signV3 } from '../../src/protocol/sign-request.js';
import { admin, http, killAll, startServer, type Caller } from './server-process.js';

const PHONE = '1-2025550123';

/** One signed request, sent byte for byte the same each time (same SignatureNonce). */
function signedOnce(caller: Caller, action: string, params: Record<string, string> = {}, nonce?: string) {
  const { path, headers } = signV3({ host: 'canopy.test', action, version: API_VERSIONS[0], params, ...caller, nonce });
  const send = (port: number) => http(port, 'POST', path, headers);
  return Object.assign(send, { nonce: headers['x-acs-signature-nonce']! });
}

const line = (result: { status: number; body: any }) => `${result.status} ${result.body?.Code ?? 'OK'}`;

// docs/api.md, Replays: a write's nonce is kept in the store, a read's in the memory of the instance
// that answered it. Both are refused when replayed to that instance; after a restart only the write is.
describe('replays across a restart (SQLite file, SIGKILL)', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-replay-'));
  after(async () => {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a write's nonce stays used after a restart; a read's is forgotten by it and answered once more", async () => {
    const first = await startServer(dir);
    const caller = (await admin(first.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
    const write = signedOnce(caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
    const refusedWrite = signedOnce(caller, 'CreateFolder', { FolderName: 'no-directory' });
    const read = signedOnce(caller, 'GetResourceDirectory');

    assert.equal(line(await write(first.port)), '200 OK');
    assert.equal(line(await refusedWrite(first.port)), '404 EntityNotExists.ResourceDirectory');
    assert.equal(line(await read(first.port)), '404 ResourceDirectoryNotInUse');
    for (const replay of [write, refusedWrite, read]) assert.equal(line(await replay(first.port)), '400 SignatureNonceUsed');
    // A write signed anew with the nonce a read used here is refused too.
    const writeWithReadNonce = signedOnce(caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE }, read.nonce);
    assert.equal(line(await writeWithReadNonce(first.port)), '400 SignatureNonceUsed');
    await first.kill();

    const second = await startServer(dir);
    assert.equal(line(await write(second.port)), '400 SignatureNonceUsed');
    assert.equal(line(await refusedWrite(second.port)), '400 SignatureNonceUsed');
    // The documented trade-off: answered again with the current state, once, then refused again.
    assert.equal(line(await read(second.port)), '404 ResourceDirectoryNotInUse');
    assert.equal(line(await read(second.port)), '400 SignatureNonceUsed');
  });
});
