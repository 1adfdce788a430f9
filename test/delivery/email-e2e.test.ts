import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { type Canopy, createCanopy } from '../../src/main.js';
import { models, sdkClient, type TestAccount } from '../helpers/harness.js';
import { type FakeSmtp, selfSignedCertificate, startFakeSmtp } from './fake-smtp.js';

const ADMIN_TOKEN = 'admin-token-for-email-e2e';
const PASSWORD = 'smtp-password-for-email-e2e';

/** Production mode, a real SMTP server over STARTTLS with authentication, every log line kept. */
describe('email change in production mode through SMTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-email-e2e-'));
  const lines: string[] = [];
  let smtp: FakeSmtp;
  let canopy: Canopy;
  let url: string;
  const admin = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  before(async () => {
    const certificate = selfSignedCertificate();
    writeFileSync(join(dir, 'ca.pem'), certificate.cert);
    smtp = await startFakeSmtp({ tls: 'starttls', certificate, auth: { user: 'mailer', pass: PASSWORD } });
    const config = loadConfig({
      PORT: '0',
      CANOPY_MODE: 'production',
      CANOPY_ADMIN_TOKEN: ADMIN_TOKEN,
      CANOPY_SECRET: 'e2e-server-secret-0123456789abcdefghij',
      CANOPY_DATA_DIR: dir,
      CANOPY_EMAIL_SENDERS: 'smtp,log',
      CANOPY_SMTP_HOST: '127.0.0.1',
      CANOPY_SMTP_PORT: String(smtp.port),
      CANOPY_SMTP_USER: 'mailer',
      CANOPY_SMTP_PASSWORD: PASSWORD,
      CANOPY_SMTP_CA_FILE: join(dir, 'ca.pem'),
      CANOPY_EMAIL_FROM: 'Resource Directory <rd@example.com>',
      CANOPY_PUBLIC_URL: 'https://rd.example.test/',
      CANOPY_SMS_POLL_MS: '20',
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    canopy = await createCanopy(config, { log: pino({ level: 'debug' }, sink) });
    url = await canopy.listen();
  });
  after(async () => {
    await canopy?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the link reaches the mailbox, confirms the change, and the token is kept nowhere in clear', async () => {
    const created = await admin('POST', '/_canopy/accounts', { securePhone: '1-2025550123' });
    const manager: TestAccount = created.body;
    const harnessLike = { port: Number(new URL(url).port) } as never;
    const client = sdkClient(harnessLike, manager);
    await client.initResourceDirectory();
    const memberId = (await client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Mailed' }))).body!.account!
      .accountId!;
    await client.changeAccountEmail(new models.ChangeAccountEmailRequest({ accountId: memberId, email: 'mailbox@example.com' }));

    const mail = await smtp.next();
    assert.deepEqual(smtp.recipients.at(-1), ['mailbox@example.com']);
    const link = /https:\/\/rd\.example\.test\/confirm-email\?token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
    assert.ok(link, `the email carries a link to the public URL: ${mail.text}`);
    const token = link[1]!;

    // Delivered: the outbox keeps a mask, and the inbox shows neither token nor link in production.
    let inbox: any;
    for (let i = 0; i < 100; i++) {
      inbox = (await admin('GET', `/_canopy/messages?channel=email&accountId=${memberId}`)).body.messages[0];
      if (inbox?.status === 'sent') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(inbox.status, 'sent');
    assert.equal(inbox.sender, 'smtp');
    assert.equal(inbox.providerMessageId, mail.messageId);
    for (const hidden of ['code', 'link', 'text', 'subject']) assert.equal(inbox[hidden], undefined, hidden);
    const stored = await canopy.store.transaction((tx) => tx.outbox.list({ channel: 'email' }, 10));
    assert.equal(stored[0]?.code, '******');

    // The page is served where the public URL's proxy forwards: here, this server.
    const done = await fetch(`${url}/confirm-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    assert.equal(done.status, 200);
    const account = (await client.getAccount(new models.GetAccountRequest({ accountId: memberId }))).body!.account!;
    assert.deepEqual([account.accountName, account.emailStatus], ['mailbox@example.com', '']);

    const logs = lines.join('');
    assert.match(logs, /email delivered/);
    assert.match(logs, /email change confirmed/);
    assert.ok(!logs.includes(token), 'no log line holds the token');
    assert.ok(!logs.includes(PASSWORD), 'no log line holds the SMTP password');
    assert.ok(!logs.includes('mailbox@example.com'), 'logs show the address masked');
  });
});
