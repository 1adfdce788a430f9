import { createTransport } from 'nodemailer';
import type { SmtpConfig } from '../../config/email.js';
import { maskEmail } from '../../domain/directory/email-address.js';
import { SendError, type EmailDelivery, type EmailSender } from '../sender.js';
import { abortError } from './send-helpers.js';

/** The configured relay (src/config/email.ts), with the limit a send may take. */
export interface SmtpOptions extends Omit<SmtpConfig, 'name'> {
  /** Connect, greeting and idle limits, so a send the dispatcher gave up on does not keep its socket. */
  readonly timeoutMs: number;
}

/** What nodemailer attaches to its errors (nodemailer's NodemailerError, in the fields read here). */
interface MailError {
  readonly code?: string;
  readonly message?: string;
  readonly responseCode?: number;
  readonly permanent?: boolean;
  /** The socket's own code under nodemailer's, e.g. ECONNREFUSED or DEPTH_ZERO_SELF_SIGNED_CERT. */
  readonly originalCode?: string;
}

/**
 * Local failures that another try cannot fix: the credentials (535 comes with a reply code and is
 * caught by it), a TLS handshake or certificate that does not verify, a configuration or an
 * address nodemailer refuses before sending.
 */
const LOCAL_REFUSALS = new Set(['ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EENVELOPE']);
/** OpenSSL's verdicts on a certificate (self-signed, expired, wrong name, unknown issuer). */
const CERTIFICATE = /CERT|SIGNATURE|ISSUER/;

/**
 * Sends through an SMTP server (a relay, or a provider's SMTP endpoint) with nodemailer. One
 * connection per message: confirmation emails are rare, and nothing stays open between them.
 * Certificates are always verified; the SMTP transcript is never logged (it holds the token and,
 * base64-encoded, the password).
 */
export function smtpSender(options: SmtpOptions): EmailSender {
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.tls === 'implicit',
    requireTLS: options.tls === 'starttls',
    ignoreTLS: options.tls === 'none',
    ...(options.user === undefined ? {} : { auth: { user: options.user, pass: options.password ?? '' } }),
    tls: { minVersion: 'TLSv1.2', ...(options.ca === undefined ? {} : { ca: options.ca }) },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    // The message is text we render: no attachment may read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  return {
    name: 'smtp',
    async send(delivery, signal) {
      if (signal.aborted) throw abortError(signal);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: delivery.to,
          subject: delivery.subject,
          text: delivery.text,
          html: delivery.html,
          // RFC 3834: an automatic message; well-behaved servers send no vacation replies to it.
          headers: { 'Auto-Submitted': 'auto-generated' },
          signal,
        });
        return { providerMessageId: info.messageId || null };
      } catch (error) {
        throw smtpFailure(error, signal, delivery, options.password);
      }
    },
  };
}

/**
 * A permanent reply (5xx but 503) or a local refusal fails the message; a 4xx, 503, a dropped or
 * refused connection or a timeout is worth another try. The text keeps no token, password or
 * recipient in clear: it goes to the attempt log and to the server log.
 */
export function smtpFailure(error: unknown, signal: AbortSignal, delivery: EmailDelivery, password: string | undefined): SendError {
  if (error instanceof SendError) return error;
  if (signal.aborted) return abortError(signal);
  const e = (error ?? {}) as MailError;
  const code = typeof e.code === 'string' ? e.code : 'ESMTP';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const local = LOCAL_REFUSALS.has(code) || (typeof e.originalCode === 'string' && CERTIFICATE.test(e.originalCode));
  const permanent = reply !== undefined ? (e.permanent ?? (reply >= 500 && reply !== 503)) : local;
  const text = scrubEmail(String(e.message ?? error), delivery, password);
  return new SendError(`smtp ${code}: ${text}`, !permanent, reply === undefined ? code : String(reply));
}

/** Removes the token (raw and URL-encoded), the password and the recipient from a server's or library's text. */
export function scrubEmail(text: string, delivery: Pick<EmailDelivery, 'to' | 'token'>, password: string | undefined): string {
  let clean = text;
  for (const secret of [delivery.token, encodeURIComponent(delivery.token), password]) {
    if (secret !== undefined && secret.length >= 4) clean = clean.replaceAll(secret, '******');
  }
  clean = clean.replace(new RegExp(escapeRegExp(delivery.to), 'gi'), maskEmail(delivery.to));
  // Scrub before cutting, so a cut cannot leave part of a secret behind.
  return clean.length > 300 ? `${clean.slice(0, 300)}...` : clean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
