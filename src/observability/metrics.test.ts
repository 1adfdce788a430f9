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
