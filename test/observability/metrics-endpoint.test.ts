import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { createMetrics } from '../../src/observability/metrics.js';
import { startWebhookReceiver } from '../delivery/fake-webhook.js';
import { apiClient, engineSkip, type Harness, RACE_ENGINES, rdmClient, startServer, startServerOn } from '../helpers/harness.js';
import { exchange } from '../helpers/raw-http.js';
import { parseMetrics, type Sample, samplesOf, scrape, metricValue } from '../helpers/prometheus.js';

const PHONE = '1-2025550123';
const TOKEN = 'metrics-admin-token-0123456789';

/** The Code a call failed with, or 'ok'. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

/** Moves the emulator clock to just after the start of a minute, so two sends in a row share the minute window. */
async function startOfMinute(harness: Harness): Promise<void> {
  const now = Date.parse((await harness.admin('GET', '/_canopy/clock')).body.now);
  await harness.advanceClock(Math.ceil((60_000 - (now % 60_000)) / 1000) + 1);
}

const requests = (samples: Sample[], labels: Record<string, string>) => metricValue(samples, 'canopy_rpc_requests_total', labels);

describe('GET /_canopy/metrics', () => {
  test('with an admin token set, answers 401 without it and the Prometheus text format with it', async () => {
    const harness = await startServer({ CANOPY_ADMIN_TOKEN: TOKEN });
    try {
      const anonymous = await fetch(`${harness.url}/_canopy/metrics`);
      assert.equal(anonymous.status, 401);
      const wrong = await fetch(`${harness.url}/_canopy/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all-0' } });
      assert.equal(wrong.status, 401);
      const response = await fetch(`${harness.url}/_canopy/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const samples = parseMetrics(await response.text());
      assert.ok(samplesOf(samples, 'process_cpu_user_seconds_total').length === 1, 'the process metrics are there');
      assert.equal(metricValue(samples, 'canopy_outbox_pending_messages'), 0);
    } finally {
      await harness.close();
    }
  });

  test('counts requests by Action, status and Code, codes sent, quota and throttling refusals, exactly', async () => {
    const harness = await startServer({ CANOPY_SMS_PROTECTIONS: 'on', CANOPY_FOLDER_QUOTA: '1', CANOPY_SMS_POLL_MS: '3600000' });
    try {
      const account = await harness.createAccount({ securePhone: PHONE });
      const rm = apiClient(harness, account, '2020-03-31');
      const rdm = rdmClient(harness, account);
      await startOfMinute(harness);
      assert.equal(await outcome(rm.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE })), 'ok');
      assert.equal(
        await outcome(rm.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE })),
        'Throttling.VerificationCode',
      );
      assert.equal(await outcome(rm.request('InitResourceDirectory')), 'ok');
      assert.equal(await outcome(rm.request('CreateFolder', { FolderName: 'first' })), 'ok');
      assert.equal(await outcome(rm.request('CreateFolder', { FolderName: 'second' })), 'QuotaExceeded.Folder.Count');
      assert.equal(await outcome(rm.request('GetResourceDirectory')), 'ok');
      const member = await rdm.request('CreateResourceAccount', { DisplayName: 'Member One', AccountNamePrefix: 'member-one' });
      const memberId = member['Account']['AccountId'] as string;
      assert.equal(await outcome(rdm.request('ChangeAccountEmail', { AccountId: memberId, Email: 'one@example.com' })), 'ok');

      const samples = await scrape(harness.url);
      const send = 'SendVerificationCodeForEnableRD';
      assert.equal(requests(samples, { action: send, status: '200', code: '' }), 1);
      assert.equal(requests(samples, { action: send, status: '400', code: 'Throttling.VerificationCode' }), 1);
      assert.equal(requests(samples, { action: 'InitResourceDirectory', status: '200', code: '' }), 1);
      assert.equal(requests(samples, { action: 'CreateFolder', status: '200', code: '' }), 1);
      assert.equal(requests(samples, { action: 'CreateFolder', status: '409', code: 'QuotaExceeded.Folder.Count' }), 1);
      assert.equal(requests(samples, { action: 'GetResourceDirectory', status: '200', code: '' }), 1);
      assert.equal(requests(samples, { action: 'CreateResourceAccount', status: '200', code: '' }), 1);
      assert.equal(requests(samples, { action: 'ChangeAccountEmail', status: '200', code: '' }), 1);
      assert.equal(samplesOf(samples, 'canopy_rpc_requests_total').length, 8, 'no other label set');
      const total = samplesOf(samples, 'canopy_rpc_requests_total').reduce((sum, s) => sum + s.value, 0);
      assert.equal(total, 8, 'one count per call');

      assert.equal(metricValue(samples, 'canopy_rpc_request_duration_seconds_count', { action: 'CreateFolder' }), 2);
      assert.equal(metricValue(samples, 'canopy_rpc_request_duration_seconds_bucket', { action: 'CreateFolder', le: '+Inf' }), 2);
      assert.ok(metricValue(samples, 'canopy_rpc_request_duration_seconds_sum', { action: 'CreateFolder' })! > 0);

      assert.equal(
        metricValue(samples, 'canopy_codes_sent_total', { channel: 'sms', purpose: 'EnableRD' }),
        1,
        'the throttled send sent nothing',
      );
      assert.equal(metricValue(samples, 'canopy_codes_sent_total', { channel: 'email', purpose: 'ChangeAccountEmail' }), 1);
      assert.equal(samplesOf(samples, 'canopy_codes_sent_total').length, 2);
      assert.equal(metricValue(samples, 'canopy_quota_refusals_total', { action: 'CreateFolder', code: 'QuotaExceeded.Folder.Count' }), 1);
      assert.equal(samplesOf(samples, 'canopy_quota_refusals_total').length, 1);
      assert.equal(metricValue(samples, 'canopy_throttling_refusals_total', { action: send, code: 'Throttling.VerificationCode' }), 1);
      assert.equal(samplesOf(samples, 'canopy_throttling_refusals_total').length, 1);
    } finally {
      await harness.close();
    }
  });

  test('the request duration histogram holds, in seconds, the time each request logs in milliseconds', async () => {
    const logged: { msg?: string; action?: string; ms?: number }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    const harness = await startServer({}, { log: pino({ level: 'info' }, stream) });
    try {
      const rm = apiClient(harness, await harness.createAccount(), '2020-03-31');
      for (let i = 0; i < 3; i++) assert.equal(await outcome(rm.request('GetResourceDirectory')), 'ResourceDirectoryNotInUse');
      const ms = logged.filter((entry) => entry.msg === 'rpc' && entry.action === 'GetResourceDirectory').map((entry) => entry.ms!);
      assert.equal(ms.length, 3);
      const samples = await scrape(harness.url);
      const labels = { action: 'GetResourceDirectory' };
      assert.equal(metricValue(samples, 'canopy_rpc_request_duration_seconds_count', labels), 3);
      const seconds = metricValue(samples, 'canopy_rpc_request_duration_seconds_sum', labels)!;
      const total = ms.reduce((a, b) => a + b, 0);
      // The same durations, summed in another order: equal but for the last bits of a double.
      assert.ok(Math.abs(seconds * 1000 - total) <= total * 1e-9, `${seconds} s summed, ${total} ms logged`);
    } finally {
      await harness.close();
    }
  });

  test('Actions Canopy does not serve are counted under one label value, unknown', async () => {
    const harness = await startServer();
    try {
      const account = await harness.createAccount();
      const rm = apiClient(harness, account, '2020-03-31');
      for (const name of ['NoSuchAction', 'DropAllTables', 'GetResourceDirectoryX']) {
        assert.equal(await outcome(rm.request(name)), 'InvalidAction.NotFound');
      }
      const unsigned = await fetch(`${harness.url}/?Action=Made%ZZUp`);
      assert.equal(unsigned.status, 400);
      const samples = await scrape(harness.url);
      const actions = new Set(samplesOf(samples, 'canopy_rpc_requests_total').map((s) => s.labels['action']));
      assert.deepEqual([...actions], ['unknown']);
      assert.equal(requests(samples, { action: 'unknown', status: '404', code: 'InvalidAction.NotFound' }), 3);
      assert.equal(requests(samples, { action: 'unknown', status: '400', code: 'InvalidParameter.Encoding' }), 1);
      const histogramActions = new Set(samplesOf(samples, 'canopy_rpc_request_duration_seconds_count').map((s) => s.labels['action']));
      assert.deepEqual([...histogramActions], ['unknown']);
    } finally {
      await harness.close();
    }
  });

  test('requests answered before the pipeline are counted by status and Code', async () => {
    const harness = await startServer();
    try {
      const port = Number(new URL(harness.url).port);
      assert.equal((await fetch(`${harness.url}/nowhere`)).status, 404);
      assert.equal((await fetch(`${harness.url}/`, { method: 'POST', body: 'x'.repeat(70 * 1024) })).status, 413);
      assert.equal((await exchange(port, 'GET / HTTP/1.1\r\n\r\n')).status, 400);
      assert.equal((await exchange(port, 'NOT HTTP AT ALL\r\n\r\n')).status, 400);
      const samples = await scrape(harness.url);
      const rejections = Object.fromEntries(
        samplesOf(samples, 'canopy_http_rejections_total').map((s) => [`${s.labels['status']} ${s.labels['code']}`, s.value]),
      );
      assert.deepEqual(rejections, {
        '404 InvalidAction.NotFound': 1,
        '413 RequestEntityTooLarge': 1,
        '400 MalformedRequest.MissingHost': 1,
        '400 MalformedRequest': 1,
      });
    } finally {
      await harness.close();
    }
  });

  for (const engine of RACE_ENGINES) {
    test(`${engine}: outbox depth and the age of the oldest pending message follow messages as they are queued and delivered`, {
      skip: engineSkip(engine),
    }, async () => {
      // A provider that holds the first two messages without answering, so that they stay pending
      // (a server hands each message it queues to its dispatcher at once, so with the inbox they would not).
      const secret = 'w'.repeat(40);
      const receiver = await startWebhookReceiver(secret);
      receiver.script.push('hang', 'hang');
      const harness = await startServerOn(engine, {
        CANOPY_SMS_POLL_MS: '3600000',
        CANOPY_SMS_SENDERS: 'webhook',
        CANOPY_SMS_WEBHOOK_URL: `${receiver.url}/sms`,
        CANOPY_SMS_WEBHOOK_SECRET: secret,
        CANOPY_SMS_SEND_TIMEOUT_MS: '300',
        CANOPY_SMS_LEASE_MS: '1000',
      });
      try {
        const account = await harness.createAccount({ securePhone: PHONE });
        const rm = apiClient(harness, account, '2020-03-31');
        let samples = await scrape(harness.url);
        assert.equal(metricValue(samples, 'canopy_outbox_pending_messages'), 0);
        assert.equal(metricValue(samples, 'canopy_outbox_oldest_pending_age_seconds'), 0);

        await rm.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
        await harness.advanceClock(30);
        await rm.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
        samples = await scrape(harness.url);
        assert.equal(metricValue(samples, 'canopy_outbox_pending_messages'), 2);
        const age = metricValue(samples, 'canopy_outbox_oldest_pending_age_seconds')!;
        assert.ok(age >= 30 && age < 600, `the first message is 30 s old on the emulator clock, not ${age}`);

        // Both handed-over rounds time out and are recorded; the messages wait for a retry.
        const failedRounds = async () =>
          metricValue(await scrape(harness.url), 'canopy_delivery_messages_total', { channel: 'sms', fate: 'retry' }) ?? 0;
        const deadline = Date.now() + 10_000;
        while ((await failedRounds()) < 2) {
          assert.ok(Date.now() < deadline, 'both rounds were recorded within 10 s');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(metricValue(await scrape(harness.url), 'canopy_outbox_pending_messages'), 2);
        await harness.advanceClock(60);
        await harness.canopy.dispatcher.runOnce();
        samples = await scrape(harness.url);
        assert.equal(metricValue(samples, 'canopy_outbox_pending_messages'), 0);
        assert.equal(metricValue(samples, 'canopy_outbox_oldest_pending_age_seconds'), 0);
        assert.equal(metricValue(samples, 'canopy_delivery_attempts_total', { channel: 'sms', sender: 'webhook', outcome: 'sent' }), 2);
        assert.equal(metricValue(samples, 'canopy_delivery_messages_total', { channel: 'sms', fate: 'sent' }), 2);
        assert.equal(metricValue(samples, 'canopy_delivery_circuit_state', { channel: 'sms', sender: 'webhook' }), 0);
      } finally {
        await harness.close();
        await receiver.close();
      }
    });
  }
});

test('the metrics table of docs/production.md lists every Canopy metric with its labels', async () => {
  const readme = readFileSync(new URL('../../docs/production.md', import.meta.url), 'utf8');
  const metrics = createMetrics({ actions: ['CreateFolder'] });
  // Every port used once, so that every labelled metric has a sample to read its labels from.
  metrics.requests.request({
    action: 'CreateFolder',
    status: 200,
    code: undefined,
    seconds: 0.01,
    sent: { channel: 'sms', purpose: 'EnableRD' },
  });
  metrics.requests.request({ action: 'CreateFolder', status: 409, code: 'QuotaExceeded.Folder.Count', seconds: 0.01, sent: undefined });
  metrics.requests.request({ action: 'CreateFolder', status: 400, code: 'Throttling.VerificationCode', seconds: 0.01, sent: undefined });
  metrics.requests.rejected(408, 'RequestTimeout');
  metrics.delivery.attempt('sms', 'inbox', 'sent');
  metrics.delivery.round('sms', 'sent');
  metrics.store.retried('conflict');
  metrics.store.poolWaited(0.01, false);
  metrics.store.roundTrip();
  metrics.retention.pruned('outbox', 1);
  metrics.watch({
    circuits: () => [{ channel: 'sms', sender: 'inbox', state: 'closed' }],
    tableBytes: async () => new Map([['outbox', 4096]]),
  });
  const text = await metrics.render();
  const names = [...text.matchAll(/^# TYPE (canopy_\w+) /gm)].map((m) => m[1]!);
  assert.equal(names.length, 18);
  for (const name of names) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    assert.ok(row, `${name} is not in the metrics table of docs/production.md`);
    const documented = (row.split('|')[3] ?? '').match(/`(\w+)`/g)?.map((l) => l.slice(1, -1)) ?? [];
    const labels = new Set(
      parseMetrics(text)
        .filter((s) => s.name === name || s.name.startsWith(`${name}_`))
        .flatMap((s) => Object.keys(s.labels).filter((l) => l !== 'le')),
    );
    assert.deepEqual([...labels].sort(), documented.sort(), `labels of ${name}`);
  }
});
