import assert from 'node:assert/strict';
import { test } from 'node:test';
import { page } from './paging.js';

const items = Array.from({ length: 25 }, (_, i) => i);

function source() {
  const calls: string[] = [];
  return {
    calls,
    count: async () => {
      calls.push('count');
      return items.length;
    },
    list: async (offset: number, limit: number) => {
      calls.push(`list ${offset} ${limit}`);
      return items.slice(offset, offset + limit);
    },
  };
}

test('a page inside the list: its items and the total', async () => {
  const s = source();
  assert.deepEqual(await page({ pageNumber: 3, pageSize: 10 }, s.count, s.list), { items: [20, 21, 22, 23, 24], total: 25 });
  assert.deepEqual(s.calls, ['count', 'list 20 10']);
});

test('a page past the end: no items, the true total, and no list query', async () => {
  const s = source();
  assert.deepEqual(await page({ pageNumber: 4, pageSize: 10 }, s.count, s.list), { items: [], total: 25 });
  assert.deepEqual(s.calls, ['count']);
});
