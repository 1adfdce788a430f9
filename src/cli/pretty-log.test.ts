import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { formatLogLine, logFormat } from './pretty-log.js';

test('a pino line becomes time, level, message and its fields; pid and hostname left out', () => {
  const line = JSON.stringify({
    level: 30,
    time: '2026-11-30T15:00:00.000Z',
    pid: 1,
    hostname: 'h',
    msg: 'canopy listening',
    url: 'http://x',
    workers: 2,
  });
  assert.equal(formatLogLine(line, false), '2026-11-30T15:00:00.000Z INFO  canopy listening url=http://x workers=2\n');
  const said = JSON.stringify({
    level: 30,
    time: 'T',
    msg: 'listening on http://x (memory store)',
    url: 'http://x',
    store: 'memory',
    port: 1,
  });
  assert.equal(formatLogLine(said, false), 'T INFO  listening on http://x (memory store) port=1\n');
});

test('epoch times are shown as ISO, spaces are quoted, colours only when asked, an error shows its stack', () => {
  const line = JSON.stringify({
    level: 50,
    time: 0,
    msg: 'failed',
    note: 'two words',
    err: { message: 'boom', stack: 'Error: boom\n at x' },
  });
  assert.equal(
    formatLogLine(line, false),
    '1970-01-01T00:00:00.000Z ERROR failed note="two words" err="boom"\n    Error: boom\n     at x\n',
  );
  assert.ok(formatLogLine(line, true).includes('\x1b[31mERROR'));
  assert.equal(formatLogLine('not json', true), 'not json\n');
});

test('pretty on a terminal; colours never with NO_COLOR; JSON when piped', () => {
  assert.deepEqual(logFormat(true, {}), { pretty: true, color: true });
  assert.deepEqual(logFormat(true, { NO_COLOR: '1' }), { pretty: true, color: false });
  assert.deepEqual(logFormat(false, {}), { pretty: false, color: false });
});

test('formats what pino itself writes', () => {
  const lines: string[] = [];
  const log = pino({ timestamp: pino.stdTimeFunctions.isoTime }, { write: (line: string) => void lines.push(formatLogLine(line, false)) });
  log.warn({ setting: 'CANOPY_X' }, 'unknown');
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}unknown setting=CANOPY_X\n$/);
});
