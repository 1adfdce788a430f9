import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { writeSelfSigned } from '../helpers/self-signed.js';

/** A self-signed certificate for 127.0.0.1 and localhost, as PEM text. */
export function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-smtp-tls-'));
  try {
    const { certFile, keyFile } = writeSelfSigned(dir);
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FakeSmtpOptions {
  /** `implicit`: TLS from the first byte; `starttls`: STARTTLS offered; `none`: plain only. */
  readonly tls: 'implicit' | 'starttls' | 'none';
  readonly certificate?: { cert: string; key: string };
  /** Required credentials; without them the server takes mail from anyone. */
  readonly auth?: { user: string; pass: string };
  /** The reply to RCPT TO: nothing accepts, a code refuses with it; `hang` never answers. */
  readonly rcpt?: (address: string) => { code: number; message: string } | 'hang' | undefined;
}

export interface FakeSmtp {
  readonly port: number;
  /** Every message accepted, parsed, in order. */
  readonly received: ParsedMail[];
  /** Envelope recipients of the accepted messages, in order. */
  readonly recipients: string[][];
  /** The next accepted message (already received ones first). */
  next(timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a loopback port, started by the test that uses it. */
export async function startFakeSmtp(options: FakeSmtpOptions): Promise<FakeSmtp> {
  const received: ParsedMail[] = [];
  const recipients: string[][] = [];
  const waiting: ((mail: ParsedMail) => void)[] = [];
  let taken = 0;
  const config: SMTPServerOptions = {
    secure: options.tls === 'implicit',
    ...(options.certificate ?? {}),
    ...(options.tls === 'none' ? { disabledCommands: ['STARTTLS'] } : {}),
    authOptional: options.auth === undefined,
    allowInsecureAuth: options.tls === 'none',
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const verdict = options.rcpt?.(address.address);
      if (verdict === 'hang') return;
      if (verdict) return callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          waiting.shift()?.(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('no port'));
    });
  });
  return {
    port,
    received,
    recipients,
    next(timeoutMs = 10_000) {
      const index = taken++;
      if (received[index]) return Promise.resolve(received[index]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no email arrived')), timeoutMs);
        waiting.push((mail) => {
          clearTimeout(timer);
          resolve(mail);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
