import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebhookReceiver } from '../delivery/fake-webhook.js';
import { admin, killAll, rpc, startServer, type Caller } from './server-process.js';

const SECRET = 'c'.repeat(40);
const dirs: string[] = [];
after(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL after acknowledged sends, before any dispatch: after restart each message reaches the provider exactly once', {
  timeout: 60_000,
}, async () => {
  const receiver = await startWebhookReceiver(SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'canopy-outbox-crash-'));
  dirs.push(dir);
  const env = { CANOPY_SMS_SENDERS: 'webhook', CANOPY_SMS_WEBHOOK_URL: `${receiver.url}/sms`, CANOPY_SMS_WEBHOOK_SECRET: SECRET };
  try {
    // An hour between polls: this first process acknowledges sends but never dispatches.
    const first = await startServer(dir, { ...env, CANOPY_SMS_POLL_MS: '3600000' });
    const callers: Caller[] = [];
    for (let i = 0; i < 12; i++) callers.push((await admin(first.port, 'POST', '/_canopy/accounts', { securePhone: '1-2025550123' })).body);
    const sends = await Promise.all(callers.map((caller) => rpc(first.port, caller, 'SendVerificationCodeForEnableRD', {})));
    assert.deepEqual(
      sends.map((s) => s.status),
      callers.map(() => 200),
    );
    await first.kill();
    assert.equal(receiver.messages.length, 0, 'nothing was dispatched before the crash');

    const pollMs = 50;
    const second = await startServer(dir, { ...env, CANOPY_SMS_POLL_MS: String(pollMs) });
    const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
    const allSent = async () => {
      const listed = (await admin(second.port, 'GET', '/_canopy/messages?limit=100')).body.messages;
      return listed.length === callers.length && listed.every((m: any) => m.status === 'sent');
    };
    // The condition: every message arrived and is recorded as sent, so no dispatcher will take it again.
    const deadline = Date.now() + 15_000;
    while (!(receiver.messages.length >= callers.length && (await allSent())) && Date.now() < deadline) await pause();
    assert.ok(await allSent(), 'every message recorded as sent');
    // Then the bound: twenty poll rounds (1 s) after that, still no message has arrived twice.
    const arrived = receiver.messages.length;
    for (let round = 0; round < 20; round++) await pause();
    assert.equal(receiver.messages.length, arrived, 'no message arrived after all were recorded as sent');
    const ids = receiver.messages.map((m) => m.id);
    assert.equal(ids.length, callers.length, 'every acknowledged message arrived');
    assert.equal(new Set(ids).size, ids.length, 'none twice');
    const inbox = await admin(second.port, 'GET', '/_canopy/messages?limit=100');
    assert.deepEqual(
      inbox.body.messages.map((m: any) => [m.status, m.sender, m.rounds]),
      callers.map(() => ['sent', 'webhook', 1]),
    );
    assert.deepEqual(new Set(inbox.body.messages.map((m: any) => m.id)), new Set(ids));
  } finally {
    await receiver.close();
  }
});
