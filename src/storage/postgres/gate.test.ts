import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailable } from '../../domain/store.js';
import { ConnectionGate } from './gate.js';

test('turns are handed out first come, first served, and each release frees one turn once', async () => {
  const gate = new ConnectionGate(1, 60_000);
  const first = await gate.acquire();
  const order: string[] = [];
  const turn = (name: string) => (release: () => void) => {
    order.push(name);
    return release;
  };
  const second = gate.acquire().then(turn('second'));
  const third = gate.acquire().then(turn('third'));
  assert.equal(gate.queued, 2);
  first();
  first();
  const releaseSecond = await second;
  assert.deepEqual(order, ['second']);
  assert.equal(gate.queued, 1);
  releaseSecond();
  (await third)();
  assert.deepEqual(order, ['second', 'third']);
  assert.equal(gate.queued, 0);
});

test('as many turns as the size are free at once', async () => {
  const gate = new ConnectionGate(2, 60_000);
  const releases = await Promise.all([gate.acquire(), gate.acquire()]);
  let third = false;
  const waiting = gate.acquire().then((release) => {
    third = true;
    return release;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(third, false);
  releases[0]!();
  (await waiting)();
  assert.equal(third, true);
  releases[1]!();
});

test('a wait past the timeout rejects with StoreUnavailable and leaves the queue', async () => {
  const gate = new ConnectionGate(1, 20);
  const held = await gate.acquire();
  await assert.rejects(gate.acquire(), (error) => error instanceof StoreUnavailable);
  assert.equal(gate.queued, 0);
  held();
  const again = await gate.acquire();
  again();
});
