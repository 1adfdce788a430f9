import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitPosition, CircuitReading, DeliveryMetrics } from '../delivery/metrics.js';
import type { PrunedTable, RetentionMetrics } from '../domain/retention/pruner.js';
import type { ErrorCode } from '../errors/catalog.js';
import type { RequestMetrics } from '../protocol/ports.js';
import type { StoreMetrics } from '../storage/store.js';

/** What the two scrape-time outbox gauges show. */
export interface OutboxReading {
  readonly pending: number;
  /** 0 when nothing is pending. */
  readonly oldestAgeSeconds: number;
}

/** Sources the scrape reads at that moment: the outbox (a query) and the senders' circuits (memory). */
export interface Watched {
  readonly outbox?: () => Promise<OutboxReading>;
  readonly circuits?: () => readonly CircuitReading[];
  /** The size of the store's data in bytes (a query). */
  readonly storeBytes?: () => Promise<number>;
  /** Each table's size in bytes with its indexes; read at most once per `tableBytesMaxAgeMs` (it may read the whole SQLite file). */
  readonly tableBytes?: () => Promise<Map<string, number>>;
}

/**
 * One Canopy instance's metrics, on a registry of its own (several instances may share a process):
 * what each layer reports through the port it declares, and the Prometheus text of all of it.
 */
export interface Metrics {
  readonly requests: RequestMetrics;
  readonly delivery: DeliveryMetrics;
  readonly store: StoreMetrics;
  readonly retention: RetentionMetrics;
  watch(sources: Watched): void;
  readonly contentType: string;
  /** The text exposition format, every gauge read now. */
  render(): Promise<string>;
}

/** Refusals by a quota of Canopy's (per day, per directory, per resource). */
const QUOTA_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'SendValidateCodeExceedsLimitForAccount',
  'LimitExceeded.Frequency',
  'QuotaExceeded.Folder.Count',
  'LimitExceeded.Account',
  'LimitExceeded.InvitationRate',
  'LimitExceeded.Contacts',
  'LimitExceeded.ContactMembers',
  'QuotaExceed.TagsPerResource',
]);

/** Refusals by the production-mode SMS protections (src/domain/verification/phone-guard.ts). */
const THROTTLING_CODES: ReadonlySet<string> = new Set<ErrorCode>(['Throttling.VerificationCode', 'Throttling.CountryPrefix']);

/** Requests take a millisecond or two; a burst against a busy database may take seconds. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const POOL_WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const CIRCUIT_VALUE: Record<CircuitPosition, number> = { closed: 0, open: 1, 'half-open': 2 };

export interface MetricsOptions {
  /** The names of the Actions served. Any other name a client sends is counted as `unknown`, so a client cannot grow the label set. */
  readonly actions: readonly string[];
  /** A scrape must answer even when the database does not: past this the outbox gauges read NaN (default 1 s). */
  readonly outboxTimeoutMs?: number;
  /** How long a reading of the tables' sizes is shown before a scrape reads them again (default 60 s). */
  readonly tableBytesMaxAgeMs?: number;
  /** Milliseconds for that age (tests move it); default Date.now. */
  readonly now?: () => number;
}

export function createMetrics(options: MetricsOptions): Metrics {
  const register = new Registry();
  const registers = [register];
  const served = new Set(options.actions);
  let sources: Watched = {};

  const requests = new Counter({
    name: 'canopy_rpc_requests_total',
    help: 'RPC requests by Action (unknown for names Canopy does not serve), HTTP status and error Code (empty on success).',
    labelNames: ['action', 'status', 'code'] as const,
    registers,
  });
  const rejections = new Counter({
    name: 'canopy_http_rejections_total',
    help: 'Requests answered before the RPC pipeline read them (malformed HTTP, too large, too slow, unknown path), by status and Code.',
    labelNames: ['status', 'code'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'canopy_rpc_request_duration_seconds',
    help: 'RPC request latency by Action, from the first byte read to the answer rendered.',
    labelNames: ['action'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const codesSent = new Counter({
    name: 'canopy_codes_sent_total',
    help: 'Verification codes and confirmation links queued by successful calls, by channel and purpose.',
    labelNames: ['channel', 'purpose'] as const,
    registers,
  });
  const quota = new Counter({
    name: 'canopy_quota_refusals_total',
    help: 'Calls refused by a quota (daily code sends, folders, members, invitations, contacts, emails, tags), by Action and Code.',
    labelNames: ['action', 'code'] as const,
    registers,
  });
  const throttling = new Counter({
    name: 'canopy_throttling_refusals_total',
    help: 'Code sends refused by the SMS protections (per-phone limits, country-prefix breaker), by Action and Code.',
    labelNames: ['action', 'code'] as const,
    registers,
  });

  const attempts = new Counter({
    name: 'canopy_delivery_attempts_total',
    help: "Senders' tries at outbox messages, by channel, sender and outcome (sent, refused, error, skipped).",
    labelNames: ['channel', 'sender', 'outcome'] as const,
    registers,
  });
  const rounds = new Counter({
    name: 'canopy_delivery_messages_total',
    help: 'Delivery rounds by channel and how they ended: sent, failed (refused), abandoned, retry (another round later).',
    labelNames: ['channel', 'fate'] as const,
    registers,
  });
  new Gauge({
    name: 'canopy_delivery_circuit_state',
    help: "Each sender's circuit breaker: 0 closed, 1 open (skipped), 2 half-open (the next message tries it).",
    labelNames: ['channel', 'sender'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of sources.circuits?.() ?? []) this.set({ channel: c.channel, sender: c.sender }, CIRCUIT_VALUE[c.state]);
    },
  });

  // Both outbox gauges come from one query per scrape: the first to collect starts it, the other shares it.
  let reading: Promise<OutboxReading> | undefined;
  const readOutbox = () => {
    reading ??= readWithin(sources.outbox, options.outboxTimeoutMs ?? 1000, UNKNOWN_OUTBOX).finally(() => (reading = undefined));
    return reading;
  };
  new Gauge({
    name: 'canopy_outbox_pending_messages',
    help: 'Outbox messages not yet delivered, failed or abandoned (NaN when the store did not answer within 1 s).',
    registers,
    async collect() {
      this.set((await readOutbox()).pending);
    },
  });
  new Gauge({
    name: 'canopy_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending outbox message on the emulator clock, 0 when none (NaN when the store did not answer).',
    registers,
    async collect() {
      this.set((await readOutbox()).oldestAgeSeconds);
    },
  });

  const retries = new Counter({
    name: 'canopy_store_transaction_retries_total',
    help: 'PostgreSQL transactions run again, by reason: conflict (serialization, deadlock, unique race) or connection (lost before COMMIT).',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of ['conflict', 'connection']) retries.inc({ reason }, 0);
  const poolWait = new Histogram({
    name: 'canopy_store_pool_wait_seconds',
    help: 'Waits for a free PostgreSQL connection, by callers that found every pooled connection busy (those that gave up included).',
    buckets: POOL_WAIT_BUCKETS,
    registers,
  });
  const poolTimeouts = new Counter({
    name: 'canopy_store_pool_wait_timeouts_total',
    help: 'Waits for a free PostgreSQL connection that ran out (CANOPY_DATABASE_ACQUIRE_TIMEOUT_MS), answered 503.',
    registers,
  });

  const roundTrips = new Counter({
    name: 'canopy_store_round_trips_total',
    help: 'Round trips to PostgreSQL: exchanges that waited for the server (statements, BEGIN, COMMIT and savepoints included).',
    registers,
  });

  const pruned = new Counter({
    name: 'canopy_retention_pruned_rows_total',
    help: 'Rows the retention job deleted, by table (outbox: messages, each with its delivery attempts).',
    labelNames: ['table'] as const,
    registers,
  });
  const prunedTables: readonly PrunedTable[] = [
    'nonces',
    'verification_codes',
    'code_quota',
    'outbox',
    'email_changes',
    'handshakes',
    'send_counters',
  ];
  for (const table of prunedTables) pruned.inc({ table }, 0);
  new Gauge({
    name: 'canopy_store_size_bytes',
    help: "The store's data in bytes: the SQLite file's pages (free ones included), or the PostgreSQL schema's tables and indexes (NaN when the store did not answer within 1 s).",
    registers,
    async collect() {
      this.set(await readWithin(sources.storeBytes, options.outboxTimeoutMs ?? 1000, Number.NaN));
    },
  });

  // The tables' sizes come from a reading kept up to tableBytesMaxAgeMs: a scrape older than that
  // starts one (and waits for it up to the timeout); meanwhile and on failure the last one shows.
  let tables: { readonly at: number; readonly bytes: Map<string, number> } | undefined;
  let readingTables: Promise<void> | undefined;
  const readTables = () => {
    const maxAge = options.tableBytesMaxAgeMs ?? 60_000;
    const now = options.now ?? Date.now;
    if (!sources.tableBytes || (tables && now() - tables.at < maxAge)) return Promise.resolve();
    const read = sources.tableBytes;
    const started = now();
    readingTables ??= read()
      .then((bytes) => {
        tables = { at: started, bytes };
      })
      // The last reading stays; the next scrape tries again.
      .catch(() => {})
      .finally(() => (readingTables = undefined));
    return readWithin(() => readingTables ?? Promise.resolve(), options.outboxTimeoutMs ?? 1000, undefined);
  };
  new Gauge({
    name: 'canopy_store_table_bytes',
    help: "Each table's size in bytes with its indexes: SQLite's pages (dbstat), PostgreSQL's pg_total_relation_size; read at most once a minute.",
    labelNames: ['table'] as const,
    registers,
    async collect() {
      await readTables();
      this.reset();
      for (const [table, bytes] of tables?.bytes ?? []) this.set({ table }, bytes);
    },
  });

  // Process metrics start at the first scrape: each set keeps a GC observer and an event-loop monitor
  // running for the life of the process, which instances that are never scraped (tests) do not need.
  let processMetrics = false;

  return {
    requests: {
      request({ action, status, code, seconds, sent }) {
        const name = served.has(action) ? action : 'unknown';
        requests.inc({ action: name, status, code: code ?? '' });
        duration.observe({ action: name }, seconds);
        if (sent) codesSent.inc({ channel: sent.channel, purpose: sent.purpose });
        else if (code !== undefined && QUOTA_CODES.has(code)) quota.inc({ action: name, code });
        else if (code !== undefined && THROTTLING_CODES.has(code)) throttling.inc({ action: name, code });
      },
      rejected: (status, code) => rejections.inc({ status, code }),
    },
    delivery: {
      attempt: (channel, sender, outcome) => attempts.inc({ channel, sender, outcome }),
      round: (channel, fate) => rounds.inc({ channel, fate }),
    },
    store: {
      retried: (reason) => retries.inc({ reason }),
      poolWaited(seconds, gotOne) {
        poolWait.observe(seconds);
        if (!gotOne) poolTimeouts.inc();
      },
      roundTrip: () => roundTrips.inc(),
    },
    retention: {
      pruned: (table, rows) => pruned.inc({ table }, rows),
    },
    watch(watched) {
      sources = Object.assign({}, sources, watched);
    },
    contentType: register.contentType,
    render() {
      if (!processMetrics) {
        collectDefaultMetrics({ register });
        processMetrics = true;
      }
      return register.metrics();
    },
  };
}

const UNKNOWN_OUTBOX: OutboxReading = { pending: Number.NaN, oldestAgeSeconds: Number.NaN };

/** The reading, or `unknown` when there is no source, it fails, or it takes longer than `ms`. */
async function readWithin<T>(read: (() => Promise<T>) | undefined, ms: number, unknown: T): Promise<T> {
  if (!read) return unknown;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(unknown), ms);
  });
  try {
    return await Promise.race([read().catch(() => unknown), late]);
  } finally {
    clearTimeout(timer);
  }
}
