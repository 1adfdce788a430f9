import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainStores } from '../domain/store.js';
import { bindServices, type Services } from './services.js';

class Greeter {
  private readonly greeting = 'hello';
  async greet(tx: DomainStores, name: string) {
    return `${this.greeting} ${name} in ${(tx as unknown as { id: string }).id}`;
  }
}

test('an action calls its services with the request transaction given, and sees only their operations', async () => {
  const tx = { id: 'tx-1' } as unknown as DomainStores;
  const services = bindServices({ members: new Greeter() } as unknown as Services, tx) as unknown as Record<
    string,
    Record<string, unknown>
  >;
  const members = services['members']!;
  assert.equal(await (members['greet'] as (name: string) => Promise<string>)('Ana'), 'hello Ana in tx-1');
  assert.equal(members['greeting'], undefined);
});
