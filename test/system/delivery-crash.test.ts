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

test('SIGKILL with every acknowledged message handed to the dispatcher and none delivered: after restart each reaches the provider exactly once', {
  timeout: 60_000,
}, async () => {
  // The first process hands each message to its dispatcher as soon as it is queued; its provider
  // takes them and never answers, so the process dies with all of them in hand, none delivered:
  // on their way, or waiting behind those (messages queued by different commits go in batches).
  const stalled = await startWebhookReceiver(SECRET);
  const receiver = await startWebhookReceiver(SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'canopy-outbox-crash-'));
  dirs.push(dir);
  const env = (url: string) => ({ CANOPY_SMS_SENDERS: 'webhook', CANOPY_SMS_WEBHOOK_URL: `${url}/sms`, CANOPY_SMS_WEBHOOK_SECRET: SECRET });
  const leaseMs = 3000;
  try {
    // An hour between polls: whatever the first process delivers, it got by the handoff.
    const first = await startServer(dir, {
      ...env(stalled.url),
      CANOPY_SMS_POLL_MS: '3600000',
      CANOPY_SMS_LEASE_MS: String(leaseMs),
      CANOPY_SMS_SEND_TIMEOUT_MS: String(leaseMs / 3),
      // Should a round time out before the kill, the next batch still goes to the provider.
      CANOPY_SMS_BREAKER_THRESHOLD: '1000',
    });
    const callers: Caller[] = [];
    for (let i = 0; i < 12; i++) callers.push((await admin(first.port, 'POST', '/_canopy/accounts', { securePhone: '1-2025550123' })).body);
    stalled.script.push(...callers.map(() => 'hang' as const));
    const sends = await Promise.all(callers.map((caller) => rpc(first.port, caller, 'SendVerificationCodeForEnableRD', {})));
    assert.deepEqual(
      sends.map((s) => s.status),
      callers.map(() => 200),
    );
    const handed = Date.now() + 5_000;
    while (stalled.messages.length === 0 && Date.now() < handed) await new Promise((resolve) => setTimeout(resolve, 10));
    await first.kill();
    assert.ok(stalled.messages.length > 0, 'messages were on their way, without a poll, when the process died');
    // Each message counts the first process's round (below, rounds 2): every one was handed to it.

    const pollMs = 50;
    const second = await startServer(dir, { ...env(receiver.url), CANOPY_SMS_POLL_MS: String(pollMs) });
    const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
    const allSent = async () => {
      const listed = (await admin(second.port, 'GET', '/_canopy/messages?limit=100')).body.messages;
      return listed.length === callers.length && listed.every((m: any) => m.status === 'sent');
    };
    // The condition: every message arrived and is recorded as sent, so no dispatcher will take it again.
    // Each is held by the dead process until its lease runs out; only then is it claimed.
    const deadline = Date.now() + 15_000 + leaseMs;
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
      // The dead process's round counts: each message was held by it for its first round.
      callers.map(() => ['sent', 'webhook', 2]),
    );
    assert.deepEqual(new Set(inbox.body.messages.map((m: any) => m.id)), new Set(ids));
  } finally {
    await stalled.close();
    await receiver.close();
  }
});
