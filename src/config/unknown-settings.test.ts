import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownSettings, loadConfig } from './config.js';
import { editDistance, unknownSettings } from './unknown-settings.js';

test('edit distance counts insertions, deletions, substitutions and neighbour swaps', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('ABC', ''), 3);
  assert.equal(editDistance('', 'AB'), 2);
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
  assert.equal(editDistance('CANOPY_MDOE', 'CANOPY_MODE'), 1);
  assert.equal(editDistance('CANOPY_SITE', 'CANOPY_SITE'), 0);
});

test('each unknown CANOPY_ variable is named with the nearest known setting', () => {
  const known = ['CANOPY_MODE', 'PORT', 'DATABASE_URL', 'CANOPY_REQUEST_TIMEOUT_MS', 'CANOPY_SMS_SENDERS'];
  assert.deepEqual(
    unknownSettings(
      {
        CANOPY_MODE: 'emulator',
        CANOPY_REQUEST_TIMEOUT: '1000',
        CANOPY_PORT: '9000',
        CANOPY_DATABASE_URL: 'postgres://u:secret@h/db',
        canopy_mdoe: 'production',
        CANOPY_SMS_SENDER: 'twilio',
        CANOPY_REQEUST_TIMOUT_MS: '5',
        PATH: '/usr/bin',
        NODE_CANOPY_X: '1',
      },
      known,
    ),
    [
      { name: 'CANOPY_DATABASE_URL', nearest: 'DATABASE_URL' },
      { name: 'CANOPY_PORT', nearest: 'PORT' },
      { name: 'CANOPY_REQEUST_TIMOUT_MS', nearest: 'CANOPY_REQUEST_TIMEOUT_MS' },
      { name: 'CANOPY_REQUEST_TIMEOUT', nearest: 'CANOPY_REQUEST_TIMEOUT_MS' },
      { name: 'CANOPY_SMS_SENDER', nearest: 'CANOPY_SMS_SENDERS' },
      { name: 'canopy_mdoe', nearest: 'CANOPY_MODE' },
    ],
  );
});

test('loadConfig reports unknown settings against every module, values left out, empty ones ignored', () => {
  const config = loadConfig({
    CANOPY_SMTP_HOSTNAME: 'mail.example.com',
    CANOPY_PHONE_LIMIT_PER_MIN: '3',
    CANOPY_TWILIO_TOKEN: 'hunter2-secret',
    CANOPY_SHUTDOWN_GRACE: '',
    CANOPY_URL: 'http://127.0.0.1:8080',
    CANOPY_SMS_PROTECTIONS: 'on',
  });
  assert.deepEqual(config.unknownSettings, [
    { name: 'CANOPY_PHONE_LIMIT_PER_MIN', nearest: 'CANOPY_PHONE_LIMIT_PER_MINUTE' },
    { name: 'CANOPY_SMTP_HOSTNAME', nearest: 'CANOPY_SMTP_HOST' },
    { name: 'CANOPY_TWILIO_TOKEN', nearest: 'CANOPY_TWILIO_AUTH_TOKEN' },
  ]);
  assert.doesNotMatch(JSON.stringify(config.unknownSettings), /secret|mail\.example/);
});

test('every CANOPY_ name the source mentions is a setting Canopy knows', () => {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? files(join(dir, entry.name))
        : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'unknown-settings.ts'
          ? [join(dir, entry.name)]
          : [],
    );
  const mentioned = new Set<string>();
  for (const file of files(root))
    for (const match of readFileSync(file, 'utf8').matchAll(/\bCANOPY_[A-Z0-9_]*[A-Z0-9]\b/g)) mentioned.add(match[0]);
  const known = new Set(knownSettings());
  assert.deepEqual(
    [...mentioned].filter((name) => !known.has(name)),
    [],
    'mentioned in src/ but not known: they would be reported as mistakes at every start',
  );
});
