import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { loadEmailConfig } from '../../src/config/email.js';
import { buildEmailSenders } from '../../src/delivery/senders/index.js';

const SMTP = { CANOPY_EMAIL_SENDERS: 'smtp', CANOPY_SMTP_HOST: 'smtp.example.com', CANOPY_EMAIL_FROM: 'canopy@example.com' };

function fails(env: Record<string, string | undefined>, message: RegExp, mode: 'emulator' | 'production' = 'production'): void {
  assert.throws(
    () => loadEmailConfig(env, mode),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('loadEmailConfig', () => {
  it('defaults to the inbox in emulator mode and the log in production', () => {
    assert.deepEqual(loadEmailConfig({}, 'emulator'), { senders: [{ name: 'inbox' }] });
    assert.deepEqual(loadEmailConfig({ CANOPY_EMAIL_SENDERS: '' }, 'production'), { senders: [{ name: 'log' }] });
  });

  it('smtp: STARTTLS on 587 by default, 465 for implicit TLS, an explicit port wins', () => {
    assert.deepEqual(loadEmailConfig({ ...SMTP, CANOPY_EMAIL_SENDERS: 'smtp,log' }, 'production').senders, [
      {
        name: 'smtp',
        host: 'smtp.example.com',
        port: 587,
        tls: 'starttls',
        user: undefined,
        password: undefined,
        from: 'canopy@example.com',
        ca: undefined,
      },
      { name: 'log' },
    ]);
    const implicit = loadEmailConfig(
      { ...SMTP, CANOPY_SMTP_TLS: 'implicit', CANOPY_SMTP_USER: 'u', CANOPY_SMTP_PASSWORD: 'p' },
      'production',
    );
    assert.deepEqual(implicit.senders[0], { ...implicit.senders[0], port: 465, tls: 'implicit', user: 'u', password: 'p' });
    assert.equal((loadEmailConfig({ ...SMTP, CANOPY_SMTP_PORT: '2525' }, 'production').senders[0] as { port: number }).port, 2525);
    const named = loadEmailConfig({ ...SMTP, CANOPY_EMAIL_FROM: 'Resource Directory <rd@example.com>' }, 'production');
    assert.equal((named.senders[0] as { from: string }).from, 'Resource Directory <rd@example.com>');
  });

  it('refuses what cannot work, naming the variable', () => {
    fails({ CANOPY_EMAIL_SENDERS: 'pigeon' }, /^CANOPY_EMAIL_SENDERS: unknown sender "pigeon"/);
    fails({ CANOPY_EMAIL_SENDERS: 'inbox' }, /^CANOPY_EMAIL_SENDERS: "inbox" delivers nothing in production/);
    fails(
      { CANOPY_EMAIL_SENDERS: 'log,smtp', ...{ CANOPY_SMTP_HOST: 'h.example.com', CANOPY_EMAIL_FROM: 'a@example.com' } },
      /can only be the last/,
    );
    fails({ CANOPY_EMAIL_SENDERS: 'smtp,smtp' }, /listed twice/);
    fails(
      { CANOPY_EMAIL_SENDERS: 'smtp', CANOPY_EMAIL_FROM: 'a@example.com' },
      /^CANOPY_SMTP_HOST: required when CANOPY_EMAIL_SENDERS lists smtp/,
    );
    fails({ ...SMTP, CANOPY_EMAIL_FROM: undefined }, /^CANOPY_EMAIL_FROM: required/);
    fails({ ...SMTP, CANOPY_EMAIL_FROM: 'not an address' }, /^CANOPY_EMAIL_FROM: must be an address/);
    fails({ ...SMTP, CANOPY_EMAIL_FROM: 'A <a@example.com>\r\nBcc: x@example.com' }, /^CANOPY_EMAIL_FROM: must be on one line/);
    fails({ ...SMTP, CANOPY_SMTP_HOST: 'smtp://host' }, /^CANOPY_SMTP_HOST: must be a host name/);
    fails({ ...SMTP, CANOPY_SMTP_TLS: 'maybe' }, /^CANOPY_SMTP_TLS: must be starttls, implicit or none/);
    fails({ ...SMTP, CANOPY_SMTP_TLS: 'none' }, /^CANOPY_SMTP_TLS: none is allowed only with a loopback/);
    fails({ ...SMTP, CANOPY_SMTP_PORT: '70000' }, /^CANOPY_SMTP_PORT:/);
    fails({ ...SMTP, CANOPY_SMTP_USER: 'only-user' }, /^CANOPY_SMTP_USER and CANOPY_SMTP_PASSWORD: set both/);
    fails({ ...SMTP, CANOPY_SMTP_CA_FILE: '/no/such/file.pem' }, /^CANOPY_SMTP_CA_FILE: cannot read/);
    // Loopback relays may go without TLS.
    assert.equal(
      (loadEmailConfig({ ...SMTP, CANOPY_SMTP_HOST: '127.0.0.1', CANOPY_SMTP_TLS: 'none' }, 'production').senders[0] as { tls: string })
        .tls,
      'none',
    );
  });

  it('reads the CA file once, and refuses a file without certificates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-ca-'));
    try {
      const good = join(dir, 'ca.pem');
      writeFileSync(good, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      assert.match(
        (loadEmailConfig({ ...SMTP, CANOPY_SMTP_CA_FILE: good }, 'production').senders[0] as { ca: string }).ca,
        /BEGIN CERTIFICATE/,
      );
      const bad = join(dir, 'bad.pem');
      writeFileSync(bad, 'hello');
      fails({ ...SMTP, CANOPY_SMTP_CA_FILE: bad }, /^CANOPY_SMTP_CA_FILE: must hold PEM certificates/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the chain in order', async () => {
    const senders = await buildEmailSenders(
      loadEmailConfig({ ...SMTP, CANOPY_EMAIL_SENDERS: 'smtp,log' }, 'production'),
      pino({ level: 'silent' }),
    );
    assert.deepEqual(
      senders.map((s) => s.name),
      ['smtp', 'log'],
    );
  });
});

describe('CANOPY_PUBLIC_URL', () => {
  const production = { CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: 't'.repeat(16), CANOPY_SECRET: 's'.repeat(32) };

  it('is an absolute http(s) URL, kept without its trailing slash; unset means the listen address', () => {
    assert.equal(loadConfig({ CANOPY_PUBLIC_URL: 'https://rd.example.com/base/' }).publicUrl, 'https://rd.example.com/base');
    assert.equal(loadConfig({}).publicUrl, undefined);
    for (const bad of ['rd.example.com', 'ftp://rd.example.com', 'https://u:p@rd.example.com', 'https://rd.example.com/?a=1']) {
      assert.throws(() => loadConfig({ CANOPY_PUBLIC_URL: bad }), /^ConfigError: CANOPY_PUBLIC_URL: must be an absolute/, bad);
    }
  });

  it('is required in production when emails go to a mail server', () => {
    assert.throws(() => loadConfig({ ...production, ...SMTP }), /CANOPY_PUBLIC_URL: required in production mode/);
    assert.equal(loadConfig({ ...production, ...SMTP, CANOPY_PUBLIC_URL: 'https://rd.example.com' }).email.senders[0]?.name, 'smtp');
    assert.equal(loadConfig(production).email.senders[0]?.name, 'log', 'the log sender needs no public address');
  });
});
