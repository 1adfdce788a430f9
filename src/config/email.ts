import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isEmail } from '../domain/directory/email-address.js';
import { ConfigError } from './config.js';
import { deepFreeze, parse } from './sms.js';

/** The email senders, in the names `CANOPY_EMAIL_SENDERS` uses. */
export const EMAIL_SENDER_NAMES = ['inbox', 'log', 'smtp'] as const;
export type EmailSenderName = (typeof EMAIL_SENDER_NAMES)[number];

export interface SmtpConfig {
  readonly name: 'smtp';
  readonly host: string;
  readonly port: number;
  /**
   * `starttls`: plain connection upgraded with STARTTLS, which the server must offer; `implicit`:
   * TLS from the first byte (SMTPS, port 465); `none`: no TLS (a relay on the same machine).
   */
  readonly tls: 'starttls' | 'implicit' | 'none';
  /** Both set, or neither (a relay that takes mail without authentication). */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The From header: an address, or `Name <address>`. */
  readonly from: string;
  /** The PEM text of CANOPY_SMTP_CA_FILE, trusted besides the system's certificates. */
  readonly ca: string | undefined;
}

export type EmailSenderConfig = { readonly name: 'inbox' } | { readonly name: 'log' } | SmtpConfig;

export interface EmailConfig {
  /** Tried in this order; the first that accepts an email delivers it. */
  readonly senders: readonly EmailSenderConfig[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the email variables from `source` (the same record `loadConfig` reads). As for SMS, only the
 * senders listed in CANOPY_EMAIL_SENDERS are checked.
 */
export function loadEmailConfig(source: Env, mode: 'emulator' | 'production'): EmailConfig {
  const env: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') env[key] = value;
  const senders = senderNames(env['CANOPY_EMAIL_SENDERS'], mode).map((name): EmailSenderConfig => {
    if (name === 'smtp') return smtpConfig(env);
    return { name };
  });
  return deepFreeze({ senders });
}

function senderNames(value: string | undefined, mode: 'emulator' | 'production'): EmailSenderName[] {
  if (value === undefined) return [mode === 'emulator' ? 'inbox' : 'log'];
  const entries = value.split(',').map((entry) => entry.trim());
  const names: EmailSenderName[] = [];
  for (const entry of entries) {
    if (entry === '') throw new ConfigError(`CANOPY_EMAIL_SENDERS: empty entry in "${value}"`);
    if (!(EMAIL_SENDER_NAMES as readonly string[]).includes(entry)) {
      throw new ConfigError(`CANOPY_EMAIL_SENDERS: unknown sender "${entry}"; known senders: ${EMAIL_SENDER_NAMES.join(', ')}`);
    }
    const name = entry as EmailSenderName;
    if (names.includes(name)) throw new ConfigError(`CANOPY_EMAIL_SENDERS: "${name}" is listed twice`);
    // In production the inbox shows no token, so an email "delivered" there reaches nobody.
    if (name === 'inbox' && mode === 'production') {
      throw new ConfigError('CANOPY_EMAIL_SENDERS: "inbox" delivers nothing in production mode; list smtp, or "log"');
    }
    names.push(name);
  }
  // inbox and log always succeed: a sender listed after them would never be tried.
  const terminal = names.findIndex((name) => name === 'inbox' || name === 'log');
  if (terminal !== -1 && terminal !== names.length - 1) {
    throw new ConfigError(`CANOPY_EMAIL_SENDERS: "${names[terminal]}" always succeeds, so it can only be the last sender`);
  }
  return names;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1)$/i;
const HOST = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|::1)$/;

/** `address` or `Display Name <address>`, on one line. */
function fromProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'must be on one line';
  const named = /^([^<>"]*)<([^<>]+)>$/.exec(value.trim());
  const address = named ? named[2]! : value.trim();
  return isEmail(address) ? undefined : 'must be an address such as canopy@example.com, or "Name <canopy@example.com>"';
}

const smtpSchema = z.object({
  CANOPY_SMTP_HOST: z
    .string({ error: (issue) => (issue.input === undefined ? 'required when CANOPY_EMAIL_SENDERS lists smtp' : undefined) })
    .regex(HOST, 'must be a host name or IP address, without scheme or port'),
  CANOPY_SMTP_TLS: z.enum(['starttls', 'implicit', 'none'], { error: 'must be starttls, implicit or none' }).default('starttls'),
  CANOPY_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  CANOPY_SMTP_USER: z.string().optional(),
  CANOPY_SMTP_PASSWORD: z.string().optional(),
  CANOPY_SMTP_CA_FILE: z.string().optional(),
  CANOPY_EMAIL_FROM: z
    .string({ error: (issue) => (issue.input === undefined ? 'required when CANOPY_EMAIL_SENDERS lists smtp' : undefined) })
    .superRefine((value, ctx) => {
      const problem = fromProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

/** Every variable this module reads, for the check of unknown settings at start. */
export const EMAIL_SETTINGS: readonly string[] = ['CANOPY_EMAIL_SENDERS', ...Object.keys(smtpSchema.shape)];

function smtpConfig(env: Record<string, string>): SmtpConfig {
  const e = parse(smtpSchema, env);
  // The password and every token would cross the network in clear: only to a relay on this machine.
  if (e.CANOPY_SMTP_TLS === 'none' && !LOOPBACK_HOST.test(e.CANOPY_SMTP_HOST)) {
    throw new ConfigError('CANOPY_SMTP_TLS: none is allowed only with a loopback CANOPY_SMTP_HOST such as 127.0.0.1');
  }
  if ((e.CANOPY_SMTP_USER === undefined) !== (e.CANOPY_SMTP_PASSWORD === undefined)) {
    throw new ConfigError('CANOPY_SMTP_USER and CANOPY_SMTP_PASSWORD: set both, or neither for a relay without authentication');
  }
  let ca: string | undefined;
  if (e.CANOPY_SMTP_CA_FILE !== undefined) {
    try {
      ca = readFileSync(e.CANOPY_SMTP_CA_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(`CANOPY_SMTP_CA_FILE: cannot read ${e.CANOPY_SMTP_CA_FILE} (${(error as NodeJS.ErrnoException).code})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('CANOPY_SMTP_CA_FILE: must hold PEM certificates');
  }
  return {
    name: 'smtp',
    host: e.CANOPY_SMTP_HOST,
    port: e.CANOPY_SMTP_PORT ?? (e.CANOPY_SMTP_TLS === 'implicit' ? 465 : 587),
    tls: e.CANOPY_SMTP_TLS,
    user: e.CANOPY_SMTP_USER,
    password: e.CANOPY_SMTP_PASSWORD,
    from: e.CANOPY_EMAIL_FROM.trim(),
    ca,
  };
}
