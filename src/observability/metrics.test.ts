import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from './metrics.js';

const gauges = async (metrics: ReturnType<typeof createMetrics>) => {
  const text = await metrics.render();
  const read = (name: string) => text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1];
  // prom-client writes NaN as `Nan`, which Prometheus reads case-insensitively.
  return [read('canopy_outbox_pending_messages'), read('canopy_outbox_oldest_pending_age_seconds')].map((v) => (v === 'Nan' ? 'NaN' : v));
};

test('a store that does not answer within the timeout, or fails, leaves the outbox gauges NaN and the scrape answers', async () => {
  const hanging = createMetrics({ actions: [], outboxTimeoutMs: 50 });
  hanging.watch({ outbox: () => new Promise(() => {}) });
  assert.deepEqual(await gauges(hanging), ['NaN', 'NaN']);

  const failing = createMetrics({ actions: [], outboxTimeoutMs: 50 });
  failing.watch({ outbox: () => Promise.reject(new Error('PostgreSQL is unavailable')) });
  assert.deepEqual(await gauges(failing), ['NaN', 'NaN']);
});

test('both outbox gauges come from one read per scrape', async () => {
  const metrics = createMetrics({ actions: [] });
  let reads = 0;
  metrics.watch({ outbox: async () => ({ pending: ++reads, oldestAgeSeconds: 12.5 }) });
  assert.deepEqual(await gauges(metrics), ['1', '12.5']);
  assert.deepEqual(await gauges(metrics), ['2', '12.5']);
});

test('two instances in one process keep their own counts', async () => {
  const a = createMetrics({ actions: ['CreateFolder'] });
  const b = createMetrics({ actions: ['CreateFolder'] });
  a.requests.request({ action: 'CreateFolder', status: 200, code: undefined, seconds: 0.002, sent: undefined });
  assert.match(await a.render(), /^canopy_rpc_requests_total\{action="CreateFolder",status="200",code=""\} 1$/m);
  assert.doesNotMatch(await b.render(), /^canopy_rpc_requests_total\{/m);
  assert.match(await b.render(), /^process_cpu_user_seconds_total /m, 'process metrics on every registry');
});

test("the tables' sizes are read once per maximum age; a scrape in between shows the last reading, and a failed read keeps it", async () => {
  let now = 0;
  const metrics = createMetrics({ actions: [], tableBytesMaxAgeMs: 60_000, now: () => now });
  const reads: ('ok' | 'fail')[] = [];
  let answer: 'ok' | 'fail' = 'ok';
  metrics.watch({
    tableBytes: async () => {
      reads.push(answer);
      if (answer === 'fail') throw new Error('the worker failed');
      return new Map([
        ['nonces', 4096 * reads.length],
        ['outbox', 8192],
      ]);
    },
  });
  const sizes = async () =>
    [...(await metrics.render()).matchAll(/^canopy_store_table_bytes\{table="(\w+)"\} (\d+)$/gm)].map((m) => `${m[1]}=${m[2]}`);
  assert.deepEqual(await sizes(), ['nonces=4096', 'outbox=8192']);
  now = 59_999;
  assert.deepEqual(await sizes(), ['nonces=4096', 'outbox=8192'], 'not read again inside the maximum age');
  now = 60_000;
  assert.deepEqual(await sizes(), ['nonces=8192', 'outbox=8192'], 'read again once it is over');
  answer = 'fail';
  now = 120_000;
  assert.deepEqual(await sizes(), ['nonces=8192', 'outbox=8192'], 'a failed read leaves the last one');
  assert.deepEqual(reads, ['ok', 'ok', 'fail']);
});
