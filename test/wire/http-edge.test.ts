import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog } from '../../src/errors/catalog.js';
import { signV3 } from '../../src/protocol/sign-request.js';
import { API_VERSIONS } from '../../src/actions/action.js';
import { newManager, REQUEST_ID, startServer, type Harness, type Manager } from '../helpers/harness.js';
import { exchange, holdConnection, parseAnswer, type HeldConnection, type RawAnswer } from '../helpers/raw-http.js';
import { http, rpc } from '../system/server-process.js';

/** The API's error envelope, as docs/errors.md promises it even for errors met before any route runs. */
function expectEnvelope(answer: RawAnswer, code: keyof typeof catalog): void {
  const entry = catalog[code];
  assert.equal(answer.status, entry.status, JSON.stringify(answer));
  assert.equal(answer.body.Code, code);
  assert.equal(answer.body.Message, entry.message);
  assert.equal(answer.body.HostId, 'resourcemanager.aliyuncs.com');
  assert.match(answer.body.RequestId, REQUEST_ID);
  assert.equal(answer.headers['x-acs-request-id'], answer.body.RequestId);
  assert.equal(answer.headers['connection'], 'close');
}

/** Resolves once the server has exactly `count` open connections; the wait is long, the check exact. */
async function connectionsReach(harness: Harness, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const open = await new Promise<number>((resolve, reject) =>
      harness.canopy.app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))),
    );
    if (open === count) return;
    assert.ok(Date.now() < deadline, `the server still has ${open} connections, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const PARTIAL_BODY =
  'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=Get';
const PARTIAL_HEADERS = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty';

describe('protocol errors Node meets first', () => {
  let harness: Harness;
  let manager: Manager;
  before(async () => {
    harness = await startServer();
    manager = await newManager(harness);
  });
  after(() => harness.close());

  test('an HTTP/1.1 request without Host gets 400 MalformedRequest.MissingHost in the envelope', async () => {
    expectEnvelope(await exchange(harness.port, 'GET /?Action=GetResourceDirectory HTTP/1.1\r\n\r\n'), 'MalformedRequest.MissingHost');
    expectEnvelope(await exchange(harness.port, 'GET /_canopy/health HTTP/1.1\r\n\r\n'), 'MalformedRequest.MissingHost');
    // HTTP/1.0 does not require one.
    assert.equal((await exchange(harness.port, 'GET /_canopy/health HTTP/1.0\r\n\r\n')).status, 200);
  });

  test('an Expect other than 100-continue gets 417 ExpectationFailed in the envelope', async () => {
    const request = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: something-else\r\nContent-Length: 9\r\n\r\n';
    expectEnvelope(await exchange(harness.port, request), 'ExpectationFailed');
    expectEnvelope(await exchange(harness.port, `${request}Action=Get`), 'ExpectationFailed');
  });

  test('Expect: 100-continue still gets 100 Continue, then the answer (SDKs and curl send it)', async () => {
    const body = JSON.stringify({ securePhone: '1-2025550123' });
    const held = holdConnection(
      harness.port,
      `POST /_canopy/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    const interim = 'HTTP/1.1 100 Continue\r\n\r\n';
    await held.received(interim);
    held.socket.write(body);
    const text = await held.closed;
    const created = parseAnswer(text.slice(text.indexOf(interim) + interim.length));
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const { path, headers } = signV3({
      host: `127.0.0.1:${harness.port}`,
      action: 'GetResourceDirectory',
      version: API_VERSIONS[0],
      params: {},
      accessKeyId: manager.account.accessKeyId,
      accessKeySecret: manager.account.accessKeySecret,
    });
    const signed = await http(harness.port, 'POST', path, { ...headers, expect: '100-continue' });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    assert.equal(signed.body.ResourceDirectory.ResourceDirectoryId, manager.rdId);
  });
});

describe('slow clients', () => {
  // Deadlines short enough for a test, long enough that a busy machine never trips a legitimate client.
  const deadlines = { CANOPY_HEADERS_TIMEOUT_MS: '2000', CANOPY_REQUEST_TIMEOUT_MS: '3000' };

  test('a client that stalls before a byte, mid-headers or mid-body gets 408 RequestTimeout in the envelope and is closed', {
    timeout: 90_000,
  }, async () => {
    const harness = await startServer(deadlines);
    try {
      const held = [
        holdConnection(harness.port, ''),
        holdConnection(harness.port, PARTIAL_HEADERS),
        holdConnection(harness.port, PARTIAL_BODY),
      ];
      for (const connection of held) expectEnvelope(parseAnswer(await connection.closed), 'RequestTimeout');
      // Closed on the server's side too: a client that keeps its side open holds no file descriptor.
      await connectionsReach(harness, 0);
    } finally {
      await harness.close();
    }
  });

  test('slow clients below the connection cap do not keep legitimate clients out', { timeout: 90_000 }, async () => {
    const harness = await startServer({ ...deadlines, CANOPY_MAX_CONNECTIONS: '60' });
    try {
      const manager = await newManager(harness);
      const slow: HeldConnection[] = [];
      for (let i = 0; i < 30; i++) slow.push(holdConnection(harness.port, [PARTIAL_BODY, PARTIAL_HEADERS, ''][i % 3]!));
      await Promise.all(slow.map((connection) => connection.connected));
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all(Array.from({ length: 4 }, () => manager.client.getResourceDirectory()));
        for (const answer of answers) assert.equal(answer.body?.resourceDirectory?.resourceDirectoryId, manager.rdId);
      }
      for (const connection of slow) expectEnvelope(parseAnswer(await connection.closed), 'RequestTimeout');
    } finally {
      await harness.close();
    }
  });

  test('when slow clients fill the connection cap, a legitimate client gets in once their deadline passes', {
    timeout: 90_000,
  }, async () => {
    const cap = 10;
    const harness = await startServer({ ...deadlines, CANOPY_MAX_CONNECTIONS: String(cap) });
    try {
      const caller = (await newManager(harness)).account;
      // The SDK's kept-alive connection closes after the keep-alive timeout; then the slow clients take every place.
      await connectionsReach(harness, 0);
      const slow = Array.from({ length: cap }, () => holdConnection(harness.port, PARTIAL_BODY));
      await connectionsReach(harness, cap);
      // Refused at accept while the cap is full; admitted once the request deadline closes the slow ones.
      const deadline = Date.now() + 60_000;
      let answer: Awaited<ReturnType<typeof rpc>> | undefined;
      while (!answer) {
        try {
          answer = await rpc(harness.port, caller, 'GetResourceDirectory');
        } catch (error) {
          assert.ok(Date.now() < deadline, `never admitted: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      for (const connection of slow) expectEnvelope(parseAnswer(await connection.closed), 'RequestTimeout');
    } finally {
      await harness.close();
    }
  });
});
