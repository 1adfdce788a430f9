import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cliCommand } from '../helpers/cli-command.js';

test('serve with stdout piped logs JSON lines with ISO times, and a start line with mode, store, URL, inbox and how to stop', async () => {
  const child = spawn(process.execPath, [...cliCommand(), 'serve', '--port', '0'], {
    env: { ...process.env, CANOPY_STORE: 'memory', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        const found = output.split('\n').find((l) => l.includes('canopy listening'));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    const entry = JSON.parse(line);
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(entry.mode, 'emulator');
    assert.equal(entry.store, 'memory');
    assert.equal(entry.inbox, `${entry.url}/_canopy/messages`);
    assert.match(entry.msg, /emulator mode, memory store/);
    assert.match(entry.msg, /canopy inbox/);
    assert.match(entry.msg, /Ctrl-C/);
  } finally {
    child.kill('SIGTERM');
  }
});
