import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, startServer } from './server-process.js';

const dirs: string[] = [];
after(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

for (const workers of [1, 2]) {
  test(`serve${workers > 1 ? ' --workers 2' : ''} warns once about each unknown CANOPY_ variable, naming the nearest setting and not the value`, {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-settings-'));
    dirs.push(dir);
    const server = await startServer(
      dir,
      { CANOPY_REQUEST_TIMEOUT: 'value-one-must-not-show', CANOPY_SMS_SENDER: 'value-two-must-not-show' },
      workers > 1 ? ['--workers', String(workers)] : [],
    );
    await server.kill();
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('is not a Canopy setting'));
    assert.equal(lines.length, 2, server.output());
    assert.match(lines[0]!, /CANOPY_REQUEST_TIMEOUT is not a Canopy setting and is ignored; did you mean CANOPY_REQUEST_TIMEOUT_MS\?/);
    assert.match(lines[1]!, /CANOPY_SMS_SENDER is not a Canopy setting and is ignored; did you mean CANOPY_SMS_SENDERS\?/);
    assert.doesNotMatch(server.output(), /must-not-show/);
  });
}
