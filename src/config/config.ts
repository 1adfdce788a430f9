import { resolve } from 'node:path';
import { z } from 'zod';
import type { DeliverySettings } from '../delivery/dispatcher.js';
import type { RetentionSettings } from '../domain/retention/pruner.js';
import { EMAIL_SETTINGS, loadEmailConfig, type EmailConfig } from './email.js';
import { loadProtections, PROTECTION_SETTINGS, type ProtectionSettings } from './protections.js';
import { loadSmsConfig, SMS_SETTINGS, type SmsConfig } from './sms.js';
import { CLIENT_SETTINGS, unknownSettings, type UnknownSetting } from './unknown-settings.js';

/**
 * The one reader of the environment. `loadConfig` validates everything at start and returns a frozen,
 * typed object that `main.ts` passes down; nothing else looks at process.env.
 */
export interface Config {
  readonly mode: 'emulator' | 'production';
  readonly host: string;
  readonly port: number;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string; readonly cacheMb: number }
    | { readonly kind: 'memory' }
    | {
        readonly kind: 'postgres';
        readonly url: string;
        readonly schema: string | undefined;
        readonly poolSize: number;
        /** Longest wait for a free pooled connection, in ms. */
        readonly acquireTimeoutMs: number;
        /** Longest wait for a new connection to PostgreSQL, in ms. */
        readonly connectTimeoutMs: number;
      };
  readonly adminToken: string | undefined;
  /** Keys code hashes and seals AccessKey secrets and outbox contents. Generated and stored with the data when unset (emulator only). */
  readonly secret: string | undefined;
  /** The secret `canopy rotate-secret` re-seals from; unset: the one emulator mode generated into the store. */
  readonly previousSecret: string | undefined;
  readonly site: 'international' | 'china';
  readonly hostId: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly verification: {
    readonly codeTtlSeconds: number;
    readonly dailyLimit: number;
    readonly quotaTimeZone: string;
    readonly maxTriesPerCode: number;
    readonly maxWrongTriesPerHour: number;
  };
  /** Outbox delivery: rounds, backoff, leases, timeouts and the circuit breaker. */
  readonly delivery: DeliverySettings;
  /** What is kept how long, and how the pruning job runs (src/domain/retention/pruner.ts). */
  readonly retention: RetentionSettings;
  /** The SMS sender chain and the message text. */
  readonly sms: SmsConfig;
  /** The email sender chain (confirmation links of email changes). */
  readonly email: EmailConfig;
  /**
   * The address recipients of emails reach this server at, without a trailing slash (links in
   * emails); undefined: the address it listens on.
   */
  readonly publicUrl: string | undefined;
  /** Production-mode SMS protections: per-phone limits, country allow-list, prefix breaker. */
  readonly protections: ProtectionSettings;
  /** Login email changes: how long a confirmation link works, and emails per member per quota day. */
  readonly emailChange: { readonly validitySeconds: number; readonly dailyLimit: number };
  /** Resource directory quotas that Alibaba lets customers raise (spec 8). */
  readonly directory: {
    readonly folderQuota: number;
    readonly invitationDailyLimit: number;
    readonly memberQuota: number;
    /** Member deletion timings on the domain clock: the check, then the deletion itself. */
    readonly deletionCheckSeconds: number;
    readonly deletionSeconds: number;
  };
  readonly limits: {
    readonly maxBodyBytes: number;
    readonly maxParameters: number;
    readonly maxValueLength: number;
    readonly timestampWindowSeconds: number;
  };
  /** Connection handling: how long a client may take, how many connections, how long a drain lasts. */
  readonly http: HttpSettings;
  /** `CANOPY_*` variables of the environment that Canopy does not read (reported at start). */
  readonly unknownSettings: readonly UnknownSetting[];
}

export interface HttpSettings {
  /** Longest time from a connection's (or a keep-alive request's) first byte to the end of its body. */
  readonly requestTimeoutMs: number;
  /** Longest time to the end of the request headers; at most requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections per process; more are refused at accept. */
  readonly maxConnections: number;
  /** After SIGTERM: how long requests in flight may take before every connection is closed. */
  readonly shutdownGraceMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const env = z.object({
  CANOPY_MODE: z.enum(['emulator', 'production']).default('emulator'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(8080),
  CANOPY_DATA_DIR: z.string().min(1).default('.canopy'),
  CANOPY_STORE: z.enum(['sqlite', 'memory']).default('sqlite'),
  CANOPY_SQLITE_CACHE_MB: integer(2, 65_536).default(2),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  CANOPY_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .optional(),
  CANOPY_DATABASE_POOL_SIZE: integer(1, 200).default(10),
  CANOPY_DATABASE_ACQUIRE_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  CANOPY_DATABASE_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(3000),
  CANOPY_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CANOPY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CANOPY_PREVIOUS_SECRET: z.string().min(1).optional(),
  CANOPY_SITE: z.enum(['international', 'china']).default('international'),
  CANOPY_HOST_ID: z.string().min(1).default('resourcemanager.aliyuncs.com'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CANOPY_TLS_CERT: z.string().min(1).optional(),
  CANOPY_TLS_KEY: z.string().min(1).optional(),
  CANOPY_CODE_TTL_SECONDS: integer(60, 86_400).default(600),
  CANOPY_SMS_MAX_ROUNDS: integer(1, 100).default(5),
  CANOPY_SMS_RETRY_BASE_MS: integer(10, 3_600_000).default(2000),
  CANOPY_SMS_RETRY_MAX_MS: integer(10, 86_400_000).default(300_000),
  CANOPY_SMS_LEASE_MS: integer(1000, 3_600_000).default(60_000),
  CANOPY_SMS_SEND_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  CANOPY_SMS_POLL_MS: integer(10, 3_600_000).default(200),
  CANOPY_SMS_BREAKER_THRESHOLD: integer(1, 1000).default(3),
  CANOPY_SMS_BREAKER_COOLDOWN_MS: integer(100, 3_600_000).default(30_000),
  // Unset: 30 days in production mode, 1 in emulator mode (loadConfig).
  CANOPY_RETENTION_MESSAGE_DAYS: integer(1, 3650).optional(),
  // Unset: the same as CANOPY_RETENTION_MESSAGE_DAYS's default (loadConfig).
  CANOPY_RETENTION_RECORD_DAYS: integer(1, 3650).optional(),
  CANOPY_RETENTION_INTERVAL_SECONDS: integer(1, 86_400).default(60),
  CANOPY_RETENTION_BATCH: integer(10, 100_000).default(1000),
  CANOPY_FOLDER_QUOTA: integer(1, 1_000_000).default(100),
  CANOPY_INVITATION_DAILY_LIMIT: integer(1, 1_000_000).default(20),
  CANOPY_MEMBER_QUOTA: integer(1, 1_000_000).default(20),
  CANOPY_DELETION_CHECK_SECONDS: integer(0, 86_400).default(5),
  CANOPY_DELETION_SECONDS: integer(0, 86_400).default(10),
  CANOPY_QUOTA_TIMEZONE: z.string().default('Asia/Shanghai').refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  CANOPY_PUBLIC_URL: z
    .string()
    .refine(isPublicUrl, 'must be an absolute http:// or https:// URL without user, query or fragment, e.g. https://rd.example.com')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  CANOPY_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  CANOPY_HEADERS_TIMEOUT_MS: integer(100, 3_600_000).default(10_000),
  CANOPY_KEEP_ALIVE_TIMEOUT_MS: integer(100, 3_600_000).default(5000),
  CANOPY_MAX_CONNECTIONS: integer(1, 1_000_000).default(500),
  CANOPY_SHUTDOWN_GRACE_MS: integer(0, 3_600_000).default(5000),
});

/**
 * The defaults of the general settings, as the schema above applies them (undefined: unset by
 * default); the docs test holds docs/configuration.md to them.
 */
export const settingDefaults = (): Record<string, unknown> =>
  Object.fromEntries(Object.entries(env.shape).map(([name, schema]) => [name, (schema as z.ZodType).safeParse(undefined).data]));

/** Every variable Canopy reads, for the check of unknown settings: new ones in these schemas are known by themselves. */
export const knownSettings = (): string[] => [
  ...Object.keys(env.shape),
  ...SMS_SETTINGS,
  ...EMAIL_SETTINGS,
  ...PROTECTION_SETTINGS,
  ...CLIENT_SETTINGS,
];

function isPublicUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  // The canonical names first: a formatter costs ~10 ms of start-up (ICU data), the list ~1 ms. A
  // name the list lacks (an alias such as UTC or Asia/Calcutta) is still tried with a formatter.
  if (Intl.supportedValuesOf('timeZone').includes(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(source: Readonly<Record<string, string | undefined>> = process.env): Config {
  // An empty variable means "unset", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = env.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && present['CANOPY_STORE'] !== undefined) {
    throw new ConfigError('CANOPY_STORE: leave it unset when DATABASE_URL selects PostgreSQL');
  }
  if ((e.CANOPY_TLS_CERT === undefined) !== (e.CANOPY_TLS_KEY === undefined)) {
    throw new ConfigError('CANOPY_TLS_CERT and CANOPY_TLS_KEY: set both to serve HTTPS, or neither');
  }
  if (e.CANOPY_SMS_RETRY_MAX_MS < e.CANOPY_SMS_RETRY_BASE_MS) {
    throw new ConfigError('CANOPY_SMS_RETRY_MAX_MS: must not be below CANOPY_SMS_RETRY_BASE_MS');
  }
  if (e.CANOPY_HEADERS_TIMEOUT_MS > e.CANOPY_REQUEST_TIMEOUT_MS) {
    // Node refuses it: the headers are part of the request.
    throw new ConfigError('CANOPY_HEADERS_TIMEOUT_MS: must not be above CANOPY_REQUEST_TIMEOUT_MS');
  }
  if (e.CANOPY_SMS_LEASE_MS < 3 * e.CANOPY_SMS_SEND_TIMEOUT_MS) {
    // A round tries every sender one after another; the lease must outlast it, or another
    // dispatcher takes the message while it is still being sent.
    throw new ConfigError('CANOPY_SMS_LEASE_MS: must be at least three times CANOPY_SMS_SEND_TIMEOUT_MS');
  }
  if (e.CANOPY_MODE === 'production') {
    if (!e.CANOPY_ADMIN_TOKEN) throw new ConfigError('CANOPY_ADMIN_TOKEN: required in production mode');
    if (!e.CANOPY_SECRET) throw new ConfigError('CANOPY_SECRET: required in production mode (keep it stable: it seals AccessKey secrets)');
    if (e.CANOPY_STORE === 'memory')
      throw new ConfigError('CANOPY_STORE: memory loses everything on exit and is refused in production mode');
  }
  const email = loadEmailConfig(source, e.CANOPY_MODE);
  if (e.CANOPY_MODE === 'production' && !e.CANOPY_PUBLIC_URL && email.senders.some((sender) => sender.name === 'smtp')) {
    // The links would name the listen address, which recipients outside this machine cannot reach.
    throw new ConfigError('CANOPY_PUBLIC_URL: required in production mode when CANOPY_EMAIL_SENDERS lists smtp (links in emails use it)');
  }
  return deepFreeze({
    mode: e.CANOPY_MODE,
    host: e.HOST,
    port: e.PORT,
    store: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          schema: e.CANOPY_DATABASE_SCHEMA,
          poolSize: e.CANOPY_DATABASE_POOL_SIZE,
          acquireTimeoutMs: e.CANOPY_DATABASE_ACQUIRE_TIMEOUT_MS,
          connectTimeoutMs: e.CANOPY_DATABASE_CONNECT_TIMEOUT_MS,
        }
      : e.CANOPY_STORE === 'memory'
        ? { kind: 'memory' }
        : { kind: 'sqlite', path: resolve(e.CANOPY_DATA_DIR, 'canopy.db'), cacheMb: e.CANOPY_SQLITE_CACHE_MB },
    adminToken: e.CANOPY_ADMIN_TOKEN,
    secret: e.CANOPY_SECRET,
    previousSecret: e.CANOPY_PREVIOUS_SECRET,
    site: e.CANOPY_SITE,
    hostId: e.CANOPY_HOST_ID,
    logLevel: e.LOG_LEVEL,
    tls: e.CANOPY_TLS_CERT && e.CANOPY_TLS_KEY ? { certFile: e.CANOPY_TLS_CERT, keyFile: e.CANOPY_TLS_KEY } : undefined,
    verification: {
      codeTtlSeconds: e.CANOPY_CODE_TTL_SECONDS,
      dailyLimit: 100,
      quotaTimeZone: e.CANOPY_QUOTA_TIMEZONE,
      maxTriesPerCode: 5,
      maxWrongTriesPerHour: 10,
    },
    sms: loadSmsConfig(source, e.CANOPY_MODE),
    email,
    publicUrl: e.CANOPY_PUBLIC_URL,
    delivery: {
      maxRounds: e.CANOPY_SMS_MAX_ROUNDS,
      retryBaseMs: e.CANOPY_SMS_RETRY_BASE_MS,
      retryMaxMs: e.CANOPY_SMS_RETRY_MAX_MS,
      leaseMs: e.CANOPY_SMS_LEASE_MS,
      sendTimeoutMs: e.CANOPY_SMS_SEND_TIMEOUT_MS,
      pollMs: e.CANOPY_SMS_POLL_MS,
      breakerThreshold: e.CANOPY_SMS_BREAKER_THRESHOLD,
      breakerCooldownMs: e.CANOPY_SMS_BREAKER_COOLDOWN_MS,
    },
    retention: {
      messageDays: e.CANOPY_RETENTION_MESSAGE_DAYS ?? (e.CANOPY_MODE === 'production' ? 30 : 1),
      recordDays: e.CANOPY_RETENTION_RECORD_DAYS ?? (e.CANOPY_MODE === 'production' ? 30 : 1),
      intervalMs: e.CANOPY_RETENTION_INTERVAL_SECONDS * 1000,
      batchSize: e.CANOPY_RETENTION_BATCH,
    },
    protections: loadProtections(source, e.CANOPY_MODE),
    emailChange: { validitySeconds: 86_400, dailyLimit: 10 },
    directory: {
      folderQuota: e.CANOPY_FOLDER_QUOTA,
      invitationDailyLimit: e.CANOPY_INVITATION_DAILY_LIMIT,
      memberQuota: e.CANOPY_MEMBER_QUOTA,
      deletionCheckSeconds: e.CANOPY_DELETION_CHECK_SECONDS,
      deletionSeconds: e.CANOPY_DELETION_SECONDS,
    },
    limits: { maxBodyBytes: 64 * 1024, maxParameters: 200, maxValueLength: 4096, timestampWindowSeconds: 900 },
    http: {
      requestTimeoutMs: e.CANOPY_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.CANOPY_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.CANOPY_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.CANOPY_MAX_CONNECTIONS,
      shutdownGraceMs: e.CANOPY_SHUTDOWN_GRACE_MS,
    },
    unknownSettings: unknownSettings(present, knownSettings()),
  } satisfies Config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
