import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainStores, UnitOfWork } from '../domain/store.js';
import { OutcomeWriter } from './outcome-writer.js';

/** A unit of work that records each transaction's writes, and commits when told to. */
function store() {
  const transactions: string[][] = [];
  const commits: (() => void)[] = [];
  const unit: UnitOfWork = {
    async transaction<T>(work: (tx: DomainStores) => Promise<T>): Promise<T> {
      const writes: string[] = [];
      transactions.push(writes);
      const value = await work({ writes } as unknown as DomainStores);
      await new Promise<void>((resolve) => commits.push(resolve));
      return value;
    },
  };
  return { unit, transactions, commits };
}

const writing = (name: string) => async (tx: DomainStores) => void (tx as unknown as { writes: string[] }).writes.push(name);
const turn = () => new Promise((resolve) => setImmediate(resolve));

test('outcomes of one turn go in one transaction; those that arrive while it is under way go together in the next', async () => {
  const { unit, transactions, commits } = store();
  const writer = new OutcomeWriter(unit);
  const first = [writer.write(writing('a')), writer.write(writing('b'))];
  await turn();
  assert.deepEqual(transactions, [['a', 'b']]);
  const second = [writer.write(writing('c')), writer.write(writing('d'))];
  await turn();
  writer.write(writing('e'));
  await turn();
  assert.equal(transactions.length, 1, 'no second transaction while the first is under way');
  commits.shift()!();
  await Promise.all(first);
  while (transactions.length < 2) await turn();
  await turn(); // the transaction's work has run
  assert.deepEqual(transactions[1], ['c', 'd', 'e']);
  commits.shift()!();
  await Promise.all(second);
});

test('a transaction that fails fails its outcomes only; the writer goes on', async () => {
  let calls = 0;
  const unit: UnitOfWork = {
    async transaction<T>(work: (tx: DomainStores) => Promise<T>): Promise<T> {
      if (++calls === 1) throw new Error('store down');
      return work({} as DomainStores);
    },
  };
  const writer = new OutcomeWriter(unit);
  await assert.rejects(
    writer.write(async () => {}),
    /store down/,
  );
  await writer.write(async () => {});
  assert.equal(calls, 2);
});
