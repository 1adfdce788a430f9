import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toEmailDelivery } from '../../src/delivery/email-template.js';
import { SendError, type EmailDelivery } from '../../src/delivery/sender.js';
import { type SmtpOptions, smtpSender } from '../../src/delivery/senders/smtp.js';
import { emailMessage } from '../contracts/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { type FakeSmtp, selfSignedCertificate, startFakeSmtp } from './fake-smtp.js';

const TOKEN = 'Zm9vYmFyYmF6cXV4LXRva2VuLW9mLTQzLWNoYXJhY3Q';
const USER = 'canopy-mailer';
const PASSWORD = 'smtp-password-never-logged';

function delivery(to = 'new.owner@example.com'): EmailDelivery {
  return toEmailDelivery(emailMessage({ email: to, code: TOKEN, accountId: '1234567890123456' }), 'https://rd.example.com');
}

const options = (port: number, overrides: Partial<SmtpOptions> = {}): SmtpOptions => ({
  host: '127.0.0.1',
  port,
  tls: 'starttls',
  user: USER,
  password: PASSWORD,
  from: 'Canopy <canopy@example.com>',
  ca: undefined,
  timeoutMs: 5_000,
  ...overrides,
});

/** The SendError a send fails with; its text must never hold the token or the password. */
async function failure(send: Promise<unknown>): Promise<SendError> {
  try {
    await send;
  } catch (error) {
    assert.ok(error instanceof SendError, `expected a SendError, got ${String(error)}`);
    assert.ok(!error.message.includes(TOKEN), 'the token is not in the error');
    assert.ok(!error.message.includes(PASSWORD), 'the password is not in the error');
    return error;
  }
  assert.fail('the send succeeded');
}

describe('smtp sender against a real SMTP server', () => {
  const certificate = selfSignedCertificate();
  const servers: FakeSmtp[] = [];
  const start = async (o: Parameters<typeof startFakeSmtp>[0]) => {
    const server = await startFakeSmtp(o);
    servers.push(server);
    return server;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  describe('STARTTLS with authentication', () => {
    let server: FakeSmtp;
    before(async () => {
      server = await start({
        tls: 'starttls',
        certificate,
        auth: { user: USER, pass: PASSWORD },
        rcpt: (address) => {
          if (address.startsWith('gone@')) return { code: 550, message: `5.1.1 <${address}>: Recipient address rejected` };
          if (address.startsWith('busy@')) return { code: 451, message: '4.3.0 Try again later' };
          return undefined;
        },
      });
    });

    test('delivers the confirmation email: From, To, subject, the link in text and HTML, Auto-Submitted', async () => {
      const sender = smtpSender(options(server.port, { ca: certificate.cert }));
      const outcome = await sender.send(delivery(), AbortSignal.timeout(10_000));
      const mail = await server.next();
      assert.equal(mail.from?.text, '"Canopy" <canopy@example.com>');
      assert.deepEqual(server.recipients.at(-1), ['new.owner@example.com']);
      assert.equal(mail.subject, 'Confirm the new login email of your Resource Directory account');
      const link = `https://rd.example.com/confirm-email?token=${TOKEN}`;
      assert.ok(mail.text?.includes(link), 'the plain text carries the link');
      assert.ok(typeof mail.html === 'string' && mail.html.includes(`href="${link}"`), 'the HTML carries the link');
      assert.ok(mail.text?.includes('1234567890123456'), 'the account is named');
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      assert.equal(outcome.providerMessageId, mail.messageId);
    });

    test('a certificate nobody vouches for is refused for good (no CA given)', async () => {
      const error = await failure(smtpSender(options(server.port)).send(delivery(), AbortSignal.timeout(10_000)));
      assert.equal(error.retryable, false);
    });

    test('5xx for the recipient: refused for good, with the reply code; the address is masked', async () => {
      const error = await failure(
        smtpSender(options(server.port, { ca: certificate.cert })).send(delivery('gone@example.com'), AbortSignal.timeout(10_000)),
      );
      assert.equal(error.retryable, false);
      assert.equal(error.providerCode, '550');
      assert.ok(!error.message.includes('gone@example.com'), error.message);
      assert.ok(error.message.includes('g***@example.com'), error.message);
    });

    test('4xx for the recipient: a temporary failure, worth another round', async () => {
      const error = await failure(
        smtpSender(options(server.port, { ca: certificate.cert })).send(delivery('busy@example.com'), AbortSignal.timeout(10_000)),
      );
      assert.equal(error.retryable, true);
      assert.equal(error.providerCode, '451');
    });

    test('wrong credentials (535): refused for good, and the password is not repeated', async () => {
      const sender = smtpSender(options(server.port, { ca: certificate.cert, password: `${PASSWORD}-wrong` }));
      const error = await failure(sender.send(delivery(), AbortSignal.timeout(10_000)));
      assert.equal(error.retryable, false);
      assert.equal(error.providerCode, '535');
      assert.ok(!error.message.includes(`${PASSWORD}-wrong`));
    });
  });

  test('implicit TLS (SMTPS) delivers', async () => {
    const server = await start({ tls: 'implicit', certificate });
    const sender = smtpSender(options(server.port, { tls: 'implicit', user: undefined, password: undefined, ca: certificate.cert }));
    await sender.send(delivery(), AbortSignal.timeout(10_000));
    assert.equal((await server.next()).subject, 'Confirm the new login email of your Resource Directory account');
  });

  test('TLS off delivers to a plain relay; STARTTLS required but not offered is refused for good', async () => {
    const server = await start({ tls: 'none' });
    await smtpSender(options(server.port, { tls: 'none', user: undefined, password: undefined })).send(
      delivery(),
      AbortSignal.timeout(10_000),
    );
    assert.ok((await server.next()).text?.includes(TOKEN));
    const error = await failure(
      smtpSender(options(server.port, { user: undefined, password: undefined })).send(delivery(), AbortSignal.timeout(10_000)),
    );
    assert.equal(error.retryable, false, error.message);
  });

  test('connection refused: a temporary failure', async () => {
    const port = await freePort();
    const error = await failure(smtpSender(options(port, { tls: 'none' })).send(delivery(), AbortSignal.timeout(10_000)));
    assert.equal(error.retryable, true, error.message);
  });

  test('a server that stops answering: the abort ends the send, retryable', async () => {
    const server = await start({ tls: 'none', rcpt: () => 'hang' });
    const sender = smtpSender(options(server.port, { tls: 'none', user: undefined, password: undefined }));
    const started = Date.now();
    const error = await failure(sender.send(delivery(), AbortSignal.timeout(300)));
    assert.equal(error.retryable, true);
    assert.ok(Date.now() - started < 4_000, 'the signal, not the socket timeout, ended it');
  });
});
