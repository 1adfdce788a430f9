import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAP_GROWING_PERCENT, heapFlags, SEMI_SPACE_GROWTH_FACTOR } from './heap-growth.js';

test("Canopy's heap flags are set unless node's command line gives them, in either spelling", () => {
  const ours = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`];
  assert.deepEqual(heapFlags([]), ours);
  assert.deepEqual(heapFlags(['--max-semi-space-size=8', '--cpu-prof']), ours);
  assert.deepEqual(heapFlags(['--heap-growing-percent=0']), [ours[1]]);
  assert.deepEqual(heapFlags(['--heap_growing_percent=50']), [ours[1]]);
  assert.deepEqual(heapFlags(['--semi-space-growth-factor=2']), [ours[0]]);
  assert.deepEqual(heapFlags(['--semi_space_growth_factor', '--heap-growing-percent']), []);
});
