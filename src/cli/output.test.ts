import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from './exit.js';
import { outputMode, render } from './output.js';

test('tables on a terminal, JSON when piped, --output decides; colours on a terminal only, never with NO_COLOR', () => {
  assert.deepEqual(outputMode(true, {}), { format: 'table', color: true });
  assert.deepEqual(outputMode(false, {}), { format: 'json', color: false });
  assert.deepEqual(outputMode(true, {}, 'json'), { format: 'json', color: true });
  assert.deepEqual(outputMode(false, {}, 'table'), { format: 'table', color: false });
  assert.deepEqual(outputMode(true, { NO_COLOR: '1' }), { format: 'table', color: false });
  assert.throws(() => outputMode(true, {}, 'yaml'), CliError);
});

test('a list becomes a table of its scalar fields, the rest key and value lines', () => {
  const answer = {
    RequestId: 'R1',
    TotalCount: 2,
    Accounts: {
      Account: [
        { AccountId: '1', DisplayName: 'One', Tags: { Tag: [] } },
        { AccountId: '22', DisplayName: 'Two' },
      ],
    },
  };
  assert.equal(render(answer), 'RequestId   R1\nTotalCount  2\n\nAccountId  DisplayName\n1          One\n22         Two\n');
  assert.equal(render({ accounts: [] }), '(none)\n');
  assert.equal(render({ now: 'T', offsetSeconds: 0 }), 'now            T\noffsetSeconds  0\n');
  assert.equal(render([{ a: 1 }], true), '\x1b[1ma\x1b[22m\n1\n');
});
