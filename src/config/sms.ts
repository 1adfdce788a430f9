import { z } from 'zod';
import { DEFAULT_TEMPLATES, templateProblem, type Locale } from '../delivery/template.js';
import { ConfigError } from './config.js';

/** The senders, in the names `CANOPY_SMS_SENDERS` uses. */
export const SENDER_NAMES = ['inbox', 'log', 'aliyun-sms', 'twilio', 'webhook'] as const;
export type SenderName = (typeof SENDER_NAMES)[number];

export interface AliyunSmsConfig {
  readonly name: 'aliyun-sms';
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly signName: string;
  readonly templateCode: string;
  readonly templateParamName: string;
  readonly endpoint: string;
  readonly protocol: 'HTTPS' | 'HTTP';
}

export interface TwilioConfig {
  readonly name: 'twilio';
  readonly accountSid: string;
  readonly authToken: string;
  /** Exactly one of `from` and `messagingServiceSid` is set. */
  readonly from: string | undefined;
  readonly messagingServiceSid: string | undefined;
  readonly baseUrl: string;
  readonly statusCallbackUrl: string | undefined;
}

export interface WebhookConfig {
  readonly name: 'webhook';
  readonly url: string;
  readonly secret: string;
}

export type SenderConfig = { readonly name: 'inbox' } | { readonly name: 'log' } | AliyunSmsConfig | TwilioConfig | WebhookConfig;

export interface SmsConfig {
  /** Tried in this order; the first that accepts a message delivers it. */
  readonly senders: readonly SenderConfig[];
  readonly locale: Locale;
  /** The message text: CANOPY_SMS_TEMPLATE, or the built-in text for the locale. */
  readonly template: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the SMS variables from `source` (the same record `loadConfig` reads). Only the providers
 * listed in CANOPY_SMS_SENDERS are checked, so stale variables of an unused provider do no harm.
 */
export function loadSmsConfig(source: Env, mode: 'emulator' | 'production'): SmsConfig {
  // As in loadConfig: an empty variable means "unset".
  const env: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') env[key] = value;

  const common = parse(commonSchema, env);
  const names = senderNames(env['CANOPY_SMS_SENDERS'], mode);
  const template = common.CANOPY_SMS_TEMPLATE ?? DEFAULT_TEMPLATES[common.CANOPY_SMS_LOCALE];
  const senders = names.map((name): SenderConfig => {
    switch (name) {
      case 'inbox':
      case 'log':
        return { name };
      case 'aliyun-sms':
        return aliyunConfig(env);
      case 'twilio':
        return twilioConfig(env);
      case 'webhook':
        return webhookConfig(env);
      default:
        throw new Error(`no configuration for sender ${name satisfies never}`);
    }
  });
  return deepFreeze({ senders, locale: common.CANOPY_SMS_LOCALE, template });
}

function senderNames(value: string | undefined, mode: 'emulator' | 'production'): SenderName[] {
  if (value === undefined) return [mode === 'emulator' ? 'inbox' : 'log'];
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) throw new ConfigError('CANOPY_SMS_SENDERS: lists no sender');
  const names: SenderName[] = [];
  for (const entry of entries) {
    if (entry === '') throw new ConfigError(`CANOPY_SMS_SENDERS: empty entry in "${value}"`);
    if (!(SENDER_NAMES as readonly string[]).includes(entry)) {
      throw new ConfigError(`CANOPY_SMS_SENDERS: unknown sender "${entry}"; known senders: ${SENDER_NAMES.join(', ')}`);
    }
    const name = entry as SenderName;
    if (names.includes(name)) throw new ConfigError(`CANOPY_SMS_SENDERS: "${name}" is listed twice`);
    // In production the inbox is not readable, so a message "delivered" there reaches nobody.
    if (name === 'inbox' && mode === 'production') {
      throw new ConfigError('CANOPY_SMS_SENDERS: "inbox" delivers nothing in production mode; list a real provider, or "log"');
    }
    names.push(name);
  }
  // inbox and log always succeed: a sender listed after them would never be tried.
  const terminal = names.findIndex((name) => name === 'inbox' || name === 'log');
  if (terminal !== -1 && terminal !== names.length - 1) {
    throw new ConfigError(`CANOPY_SMS_SENDERS: "${names[terminal]}" always succeeds, so it can only be the last sender`);
  }
  return names;
}

export const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Codes must not cross a network in clear text: plain HTTP is for a fake on the same machine. */
function urlProblem(value: string, anyHttpHost = false): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://example.com/path';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && (anyHttpHost || LOOPBACK.test(url.hostname))) return undefined;
  return anyHttpHost
    ? 'must be an http:// or https:// URL'
    : 'must be an https:// URL (http:// only to a loopback address such as 127.0.0.1)';
}

/** `z.string()` whose "missing" message names the provider that needs it. */
const required = (provider: SenderName) =>
  z.string({ error: (issue) => (issue.input === undefined ? `required when CANOPY_SMS_SENDERS lists ${provider}` : undefined) });

const url = (anyHttpHost = false) =>
  z.string().superRefine((value, ctx) => {
    const problem = urlProblem(value, anyHttpHost);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const commonSchema = z.object({
  CANOPY_SMS_LOCALE: z.enum(['en', 'zh'], { error: 'must be en or zh' }).default('en'),
  CANOPY_SMS_TEMPLATE: z
    .string()
    .superRefine((value, ctx) => {
      const problem = templateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

const HOST_PORT =
  /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[::1\])(:\d{1,5})?$/;

const aliyunSchema = z.object({
  CANOPY_ALIYUN_SMS_ACCESS_KEY_ID: required('aliyun-sms'),
  CANOPY_ALIYUN_SMS_ACCESS_KEY_SECRET: required('aliyun-sms'),
  CANOPY_ALIYUN_SMS_SIGN_NAME: required('aliyun-sms'),
  CANOPY_ALIYUN_SMS_TEMPLATE_CODE: required('aliyun-sms'),
  CANOPY_ALIYUN_SMS_TEMPLATE_PARAM: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a template variable name such as code')
    .default('code'),
  CANOPY_ALIYUN_SMS_ENDPOINT: z
    .string()
    .regex(HOST_PORT, 'must be a host name with an optional :port, without scheme or path, e.g. dysmsapi.aliyuncs.com')
    .default('dysmsapi.aliyuncs.com'),
  CANOPY_ALIYUN_SMS_PROTOCOL: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(['HTTPS', 'HTTP'], { error: 'must be HTTPS or HTTP' }))
    .default('HTTPS'),
});

function aliyunConfig(env: Record<string, string>): AliyunSmsConfig {
  const e = parse(aliyunSchema, env);
  const host = e.CANOPY_ALIYUN_SMS_ENDPOINT.replace(/:\d+$/, '');
  if (e.CANOPY_ALIYUN_SMS_PROTOCOL === 'HTTP' && !LOOPBACK.test(host)) {
    throw new ConfigError(
      'CANOPY_ALIYUN_SMS_PROTOCOL: HTTP is allowed only with a loopback CANOPY_ALIYUN_SMS_ENDPOINT such as 127.0.0.1:9000',
    );
  }
  return {
    name: 'aliyun-sms',
    accessKeyId: e.CANOPY_ALIYUN_SMS_ACCESS_KEY_ID,
    accessKeySecret: e.CANOPY_ALIYUN_SMS_ACCESS_KEY_SECRET,
    signName: e.CANOPY_ALIYUN_SMS_SIGN_NAME,
    templateCode: e.CANOPY_ALIYUN_SMS_TEMPLATE_CODE,
    templateParamName: e.CANOPY_ALIYUN_SMS_TEMPLATE_PARAM,
    endpoint: e.CANOPY_ALIYUN_SMS_ENDPOINT,
    protocol: e.CANOPY_ALIYUN_SMS_PROTOCOL,
  };
}

const twilioSchema = z.object({
  CANOPY_TWILIO_ACCOUNT_SID: required('twilio').regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
  CANOPY_TWILIO_AUTH_TOKEN: required('twilio'),
  CANOPY_TWILIO_FROM: z
    .string()
    .regex(
      /^(\+[1-9]\d{1,14}|\d{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
      'must be an E.164 number such as +14155550100, a short code, or an alphanumeric sender ID of at most 11 characters',
    )
    .optional(),
  CANOPY_TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must be MG followed by 32 hex digits')
    .optional(),
  CANOPY_TWILIO_BASE_URL: url().default('https://api.twilio.com'),
  // Twilio, not Canopy, calls this URL, and Twilio accepts plain http.
  CANOPY_TWILIO_STATUS_CALLBACK_URL: url(true).optional(),
});

function twilioConfig(env: Record<string, string>): TwilioConfig {
  const e = parse(twilioSchema, env);
  if (e.CANOPY_TWILIO_FROM !== undefined && e.CANOPY_TWILIO_MESSAGING_SERVICE_SID !== undefined) {
    throw new ConfigError('CANOPY_TWILIO_FROM and CANOPY_TWILIO_MESSAGING_SERVICE_SID: set one of them, not both');
  }
  if (e.CANOPY_TWILIO_FROM === undefined && e.CANOPY_TWILIO_MESSAGING_SERVICE_SID === undefined) {
    throw new ConfigError(
      'CANOPY_TWILIO_FROM or CANOPY_TWILIO_MESSAGING_SERVICE_SID: one is required when CANOPY_SMS_SENDERS lists twilio',
    );
  }
  return {
    name: 'twilio',
    accountSid: e.CANOPY_TWILIO_ACCOUNT_SID,
    authToken: e.CANOPY_TWILIO_AUTH_TOKEN,
    from: e.CANOPY_TWILIO_FROM,
    messagingServiceSid: e.CANOPY_TWILIO_MESSAGING_SERVICE_SID,
    baseUrl: e.CANOPY_TWILIO_BASE_URL,
    statusCallbackUrl: e.CANOPY_TWILIO_STATUS_CALLBACK_URL,
  };
}

const webhookSchema = z.object({
  CANOPY_SMS_WEBHOOK_URL: required('webhook').pipe(url()),
  CANOPY_SMS_WEBHOOK_SECRET: required('webhook').min(32, 'must be at least 32 characters'),
});

function webhookConfig(env: Record<string, string>): WebhookConfig {
  const e = parse(webhookSchema, env);
  return { name: 'webhook', url: e.CANOPY_SMS_WEBHOOK_URL, secret: e.CANOPY_SMS_WEBHOOK_SECRET };
}

/** Every variable this module reads, for the check of unknown settings at start. */
export const SMS_SETTINGS: readonly string[] = [
  'CANOPY_SMS_SENDERS',
  ...[commonSchema, aliyunSchema, twilioSchema, webhookSchema].flatMap((schema) => Object.keys(schema.shape)),
];

/** The first problem, named by its variable, as loadConfig reports it. */
export function parse<T extends z.ZodType>(schema: T, env: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
