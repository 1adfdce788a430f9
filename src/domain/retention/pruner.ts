import type { Clock } from '../clock.js';
import type { DomainStores, UnitOfWork } from '../store.js';
import { dayKeyFormatter } from '../verification/quota-day.js';

export interface RetentionSettings {
  /** How long an outbox message that is dealt with, and its delivery attempts, are kept after it was queued. */
  readonly messageDays: number;
  /** How long a finished invitation (handshake) or email change is kept after its expiry time, whatever became of it. */
  readonly recordDays: number;
  /** How often a run starts; the lease lasts three of these, so a crashed holder's job moves on after that. */
  readonly intervalMs: number;
  /** Rows per DELETE: each batch is a short transaction of its own, so requests run between batches. */
  readonly batchSize: number;
}

/** The tables a run prunes, as the metrics name them. */
export type PrunedTable = 'nonces' | 'verification_codes' | 'code_quota' | 'outbox' | 'email_changes' | 'handshakes' | 'send_counters';

/** Where the pruner reports (src/observability implements it). */
export interface RetentionMetrics {
  pruned(table: PrunedTable, rows: number): void;
}

export interface PrunerOptions {
  readonly store: UnitOfWork;
  /** Domain time (the emulator clock moves it): codes, quota days and messages age on it. */
  readonly clock: Clock;
  /** Real time: nonces belong to the timestamp window of the protocol, and leases to real processes. */
  readonly wallClock: Clock;
  /** This instance, as the lease names it. */
  readonly holder: string;
  /** The time zone of the daily quota (its day keys are what the quota rows are keyed by). */
  readonly quotaTimeZone: string;
  readonly settings: RetentionSettings;
  /**
   * Deletes up to `limit` send counters (phone windows, country hours, wrong-try budgets) by their own
   * rule (phone-guard.ts); absent until the services exist.
   */
  readonly sendCounters?: (tx: DomainStores, limit: number) => Promise<number>;
  readonly metrics?: RetentionMetrics;
  readonly onError?: (error: unknown) => void;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** An expired code is kept an hour more: nothing reads it, but a client retrying a late check still meets the same answer. */
export const CODE_GRACE_MS = HOUR_MS;
/** The job's name in the lease table. */
const JOB = 'retention';

/** What one run removed, per table. */
export type PruneReport = Partial<Record<PrunedTable, number>>;

/**
 * Deletes what no rule needs any more, off the request path: a periodic job, leased so that one
 * instance at a time runs it (the others find the lease held and wait for the next interval), in
 * batches of `batchSize` rows, each batch a transaction that renews the lease, so a holder that lost
 * it stops at once. What each rule still needs decides the cutoffs:
 * - nonces: until their timestamp window closes (real time; they already carry its end);
 * - verification codes: until an hour after they expire (a live code's tries stay on its row; the
 *   hourly wrong-try budget is a row of its own, pruned with the send counters);
 * - daily quota counters: only the current day counts, but the days of the last 48 hours stay (an
 *   instance whose clock is behind may still count on yesterday);
 * - outbox messages and their delivery attempts: `messageDays` after they were queued, once they are
 *   dealt with; a pending message is never removed;
 * - email changes and invitations: `recordDays` after their link or invitation expired (by then each
 *   was confirmed, cancelled, accepted, declined or expired; the daily invitation limit looks back a
 *   day on invitations sent, well inside that);
 * - send counters (phone windows, country hours, wrong-try budgets): two days after their window
 *   started (phone-guard.ts; the longest look-back of a rule is a quota day of up to 25 hours).
 * Then the freed pages go back to the file system (SQLite).
 */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PruneReport> | undefined;
  private stopping = false;
  private readonly dayKey: (at: Date) => string;

  constructor(private readonly options: PrunerOptions) {
    this.dayKey = dayKeyFormatter(options.quotaTimeZone);
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.settings.intervalMs);
    this.timer.unref();
  }

  /** Finishes the batch in hand and starts no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One run; concurrent calls share it. Resolves with what it removed (nothing when another instance holds the lease). */
  runOnce(): Promise<PruneReport> {
    this.running ??= this.prune()
      .catch((error: unknown) => {
        this.options.onError?.(error);
        return {};
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async prune(): Promise<PruneReport> {
    const { settings, sendCounters } = this.options;
    // Each batch reads the clock inside its transaction, after the emulator clock was followed there:
    // an offset read earlier may since have been reset, and would cut into what is still live.
    const now = () => this.options.clock.now().getTime();
    const tasks: [PrunedTable, (tx: DomainStores) => Promise<number>][] = [
      ['nonces', (tx) => tx.retention.pruneNonces(this.options.wallClock.now(), settings.batchSize)],
      ['verification_codes', (tx) => tx.retention.pruneCodes(new Date(now() - CODE_GRACE_MS), settings.batchSize)],
      ['code_quota', (tx) => tx.retention.pruneQuotaDays(this.dayKey(new Date(now() - 2 * DAY_MS)), settings.batchSize)],
      ['outbox', (tx) => tx.retention.pruneMessages(new Date(now() - settings.messageDays * DAY_MS), settings.batchSize)],
      ['email_changes', (tx) => tx.retention.pruneEmailChanges(new Date(now() - settings.recordDays * DAY_MS), settings.batchSize)],
      ['handshakes', (tx) => tx.retention.pruneHandshakes(new Date(now() - settings.recordDays * DAY_MS), settings.batchSize)],
    ];
    // Every phone that sent in an hour or a day has a window that crosses the cutoff at the same
    // moment: batches, as for the tables above.
    if (sendCounters) tasks.push(['send_counters', (tx) => sendCounters(tx, settings.batchSize)]);
    const report: PruneReport = {};
    for (const [table, task] of tasks) {
      const removed = await this.batches(table, task);
      if (removed === undefined) return report;
      report[table] = removed;
    }
    await this.reclaim();
    return report;
  }

  /**
   * Gives the pages the run freed back to the file system (SQLite's incremental vacuum), `batchSize`
   * pages per transaction so requests run between them; nothing to do on PostgreSQL.
   */
  private async reclaim(): Promise<void> {
    const { store, settings } = this.options;
    let before = Number.POSITIVE_INFINITY;
    while (!this.stopping) {
      const left = await store.transaction(async (tx) => ((await this.lease(tx)) ? tx.retention.reclaimSpace(settings.batchSize) : 0));
      // A database that cannot give pages back (in memory) keeps its free ones: stop when none went.
      if (left === 0 || left >= before) return;
      before = left;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Runs `task` in batches while it fills them; undefined when the lease is held by another instance. */
  private async batches(table: PrunedTable, task: (tx: DomainStores) => Promise<number>): Promise<number | undefined> {
    const { store, settings, metrics } = this.options;
    let total = 0;
    for (;;) {
      const removed = await store.transaction(async (tx) => ((await this.lease(tx)) ? task(tx) : undefined));
      if (removed === undefined) return total === 0 ? undefined : total;
      total += removed;
      if (removed > 0) metrics?.pruned(table, removed);
      if (removed < settings.batchSize || this.stopping) return total;
      // Let the requests that queued behind this batch go first.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private lease(tx: DomainStores): Promise<boolean> {
    const { wallClock, holder, settings } = this.options;
    const now = wallClock.now();
    return tx.retention.takeLease(JOB, holder, now, new Date(now.getTime() + 3 * settings.intervalMs));
  }
}
