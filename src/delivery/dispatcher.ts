import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { maskEmail } from '../domain/directory/email-address.js';
import type { DeliveryAttempt, OutboxMessage } from '../domain/messages/message.js';
import type { OutboxHandoff } from '../domain/messages/store.js';
import { maskPhone } from '../domain/verification/phone.js';
import type { UnitOfWork } from '../domain/store.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { OutcomeWriter } from './outcome-writer.js';
import { toEmailDelivery } from './email-template.js';
import type { CircuitReading, DeliveryMetrics, Fate } from './metrics.js';
import { describe, withTimeout } from './send-round.js';
import { SendError, type EmailSender, type SendOutcome, type SmsSender } from './sender.js';
import { toDelivery } from './template.js';

export interface DeliverySettings {
  /** Delivery rounds before a message is abandoned; each round tries the whole sender chain. */
  readonly maxRounds: number;
  /** Backoff after the first failed round; doubles each round, with jitter, up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long one dispatcher holds a message it took; a crashed holder's messages come back after it. */
  readonly leaseMs: number;
  readonly sendTimeoutMs: number;
  readonly pollMs: number;
  /** Failures in a row that open a sender's circuit, and how long it stays open. */
  readonly breakerThreshold: number;
  readonly breakerCooldownMs: number;
}

export interface DispatcherOptions {
  readonly store: UnitOfWork;
  /** Tried in order for SMS; the first that accepts delivers the message. */
  readonly senders: readonly SmsSender[];
  /** Tried in order for emails. */
  readonly emailSenders: readonly EmailSender[];
  /** The base of the links in emails: CANOPY_PUBLIC_URL, or the address the server listens on. */
  readonly publicUrl: () => string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Replace the code (or token) with a mask once the message is dealt with (production). */
  readonly maskDelivered: boolean;
  readonly template: string;
  readonly settings: DeliverySettings;
  readonly metrics?: DeliveryMetrics;
  /** Real time, for the senders' circuits (providers recover in real time, not on the emulator clock). */
  readonly wallClock: Clock;
}

/**
 * Messages taken at once; each is sent as soon as it is taken, well within its lease. Taking a batch
 * and recording its outcomes each wait for a commit, which under load waits behind the requests'
 * group commit: with 8 a round, delivery kept up with only about a quarter of a saturated server's
 * sends (bench/soak.ts), and pending messages piled up.
 */
const BATCH = 64;

/**
 * Messages handed over (OutboxHandoff) that may be in hand at once, waiting or on their way: as
 * many as four claimed batches; beyond that a message waits out its lease and is claimed like any other.
 */
export const MAX_HANDED = 4 * BATCH;

/** A message to deliver, and the lease under which this dispatcher holds it. */
interface Held {
  readonly message: OutboxMessage;
  readonly lease: Date;
}

/**
 * One message on its way: the channel's sender chain, each sender bound to the rendered message.
 * Circuits are kept per channel and sender (`sms/inbox` and `email/inbox` are two).
 */
interface Route {
  readonly channel: OutboxMessage['channel'];
  /** The recipient as logs may show it. */
  readonly recipient: { readonly phone: string } | { readonly email: string };
  readonly tries: readonly { readonly name: string; readonly circuit: string; send(signal: AbortSignal): Promise<SendOutcome> }[];
}

/**
 * Delivers outbox messages, at least once: a message is leased to this dispatcher, sent outside any
 * transaction (a slow provider never holds the store), then marked with what happened. Every
 * sender's try is recorded. What was committed before a crash is picked up after restart, or by
 * another instance once the lease runs out.
 */
export class Dispatcher implements OutboxHandoff {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Handed-over messages not yet on their way; they go together once the batch before them is done. */
  private handed: Held[] = [];
  /** Handed-over messages on their way. */
  private handing = 0;
  /** The loop that delivers handed-over messages, batch after batch, while there are any; `stop` waits for it. */
  private handoffs: Promise<void> | undefined;
  private readonly breaker: CircuitBreaker;

  private readonly outcomeWriter: OutcomeWriter;

  constructor(private readonly options: DispatcherOptions) {
    this.outcomeWriter = new OutcomeWriter(options.store);
    this.breaker = new CircuitBreaker(options.settings.breakerThreshold, options.settings.breakerCooldownMs, () =>
      options.wallClock.now().getTime(),
    );
  }

  get leaseMs(): number {
    return this.options.settings.leaseMs;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.settings.pollMs);
    this.timer.unref();
  }

  /** Finishes the messages in hand and takes no more; what is left stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.all([this.running, this.handoffs]);
  }

  /**
   * OutboxHandoff: a message this instance queued, durably stored as held by it for its first round.
   * It goes out at once when nothing handed over is on its way; else with the others that arrive
   * meanwhile, once the batch before them is done, so that under load one transaction records many
   * outcomes. Before start, while stopping, or with too many in hand, it is left to its lease, after
   * which it is claimed as usual.
   */
  take(message: OutboxMessage, leaseUntil: Date): void {
    if (this.timer === undefined || this.stopping || this.handed.length + this.handing >= MAX_HANDED) return;
    this.handed.push({ message, lease: leaseUntil });
    this.handoffs ??= this.deliverHanded();
  }

  private async deliverHanded(): Promise<void> {
    // Lets the messages of the same turn (a group commit's batch) go together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.handed.length > 0 && !this.stopping) {
      const batch = this.handed;
      this.handed = [];
      this.handing = batch.length;
      await this.deliverBatch(batch);
      this.handing = 0;
    }
    // Taken while stopping: left to their leases. Cleared in the same step as the last look at
    // `handed`, so a message taken from now on starts a new loop rather than wait for this one.
    this.handed = [];
    this.handoffs = undefined;
  }

  /** Delivers everything due now; concurrent calls share one run. */
  runOnce(): Promise<void> {
    this.running ??= this.deliverDue().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Batch after batch while there are due messages. The next batch is taken while the previous one's
   * outcomes are being recorded, so that both share a commit; at most two batches are in hand.
   */
  private async deliverDue(): Promise<void> {
    const { store, clock, log, settings } = this.options;
    let previous: Promise<void> | undefined;
    try {
      while (!this.stopping) {
        // With every sender's circuit open a round could only skip them all: leave the messages be.
        if (this.circuits().every((circuit) => this.breaker.isOpen(circuit))) break;
        const now = clock.now();
        const lease = new Date(now.getTime() + settings.leaseMs);
        const batch = await store.transaction((tx) => tx.outbox.claim(now, lease, BATCH));
        if (batch.length === 0) break;
        const current = this.deliverBatch(batch.map((message) => ({ message, lease })));
        await previous;
        previous = current;
      }
    } catch (error) {
      log.error({ err: error }, 'outbox dispatch failed; will retry');
    }
    await previous;
  }

  /** Each message of the batch on its way at once; never rejects (a round not recorded comes back with its lease). */
  private async deliverBatch(batch: readonly Held[]): Promise<void> {
    const results = await Promise.allSettled(batch.map(({ message, lease }) => this.deliver(message, lease)));
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected') {
        this.options.log.error(
          { messageId: batch[index]!.message.id, err: result.reason },
          'could not record a delivery round; the message comes back when its lease ends',
        );
      }
    }
  }

  /** Each sender's circuit as it stands, for the metrics. */
  circuitStates(): CircuitReading[] {
    const { senders, emailSenders } = this.options;
    const reading = (channel: CircuitReading['channel'], sender: string) => ({
      channel,
      sender,
      state: this.breaker.position(`${channel}/${sender}`),
    });
    return [...senders.map((s) => reading('sms', s.name)), ...emailSenders.map((s) => reading('email', s.name))];
  }

  private circuits(): string[] {
    const { senders, emailSenders } = this.options;
    return [...senders.map((s) => `sms/${s.name}`), ...emailSenders.map((s) => `email/${s.name}`)];
  }

  /** The message rendered for its channel, and that channel's senders. */
  private route(message: OutboxMessage): Route {
    const { senders, emailSenders, template, publicUrl } = this.options;
    if (message.channel === 'email') {
      const delivery = toEmailDelivery(message, publicUrl());
      return {
        channel: 'email',
        recipient: { email: maskEmail(message.email) },
        tries: emailSenders.map((s) => ({ name: s.name, circuit: `email/${s.name}`, send: (signal) => s.send(delivery, signal) })),
      };
    }
    const delivery = toDelivery(message, template);
    return {
      channel: 'sms',
      recipient: { phone: maskPhone(message.phone) },
      tries: senders.map((s) => ({ name: s.name, circuit: `sms/${s.name}`, send: (signal) => s.send(delivery, signal) })),
    };
  }

  /** One round: the channel's sender chain once, then the outcome and every try recorded together. */
  private async deliver(message: OutboxMessage, lease: Date): Promise<void> {
    const { clock, log, maskDelivered, settings } = this.options;
    const route = this.route(message);
    if (message.createdAt.getTime() + message.validitySeconds * 1000 <= clock.now().getTime()) {
      // The code or link can no longer be used: sending it now would only cost money and confuse.
      await this.outcomeWriter.write((tx) => tx.outbox.markFailed(message.id, clock.now(), maskDelivered, 'abandoned', lease));
      this.options.metrics?.round(route.channel, 'abandoned');
      log.warn(
        { messageId: message.id, ...route.recipient, round: message.attempts },
        route.channel === 'sms' ? 'sms abandoned: its code expired before delivery' : 'email abandoned: its link expired before delivery',
      );
      return;
    }
    const attempts: DeliveryAttempt[] = [];
    let delivered: { sender: string; providerMessageId: string | null } | undefined;
    let retryable = false;
    for (const sender of route.tries) {
      const at = clock.now();
      const attempt = (fields: Pick<DeliveryAttempt, 'outcome' | 'providerMessageId' | 'error' | 'ms'>): DeliveryAttempt =>
        Object.assign({ messageId: message.id, round: message.attempts, sender: sender.name, at }, fields);
      if (!this.breaker.allow(sender.circuit)) {
        attempts.push(attempt({ outcome: 'skipped', providerMessageId: null, error: 'circuit open after repeated failures', ms: 0 }));
        retryable = true;
        continue;
      }
      const started = Date.now();
      try {
        const outcome = await withTimeout(settings.sendTimeoutMs, (signal) => sender.send(signal));
        this.breaker.success(sender.circuit);
        attempts.push(attempt({ outcome: 'sent', providerMessageId: outcome.providerMessageId, error: null, ms: Date.now() - started }));
        delivered = { sender: sender.name, providerMessageId: outcome.providerMessageId };
        break;
      } catch (error) {
        const canRetry = !(error instanceof SendError) || error.retryable;
        // A refusal (bad number, rejected template) means the provider is up and answering.
        if (canRetry) this.breaker.failure(sender.circuit);
        else this.breaker.success(sender.circuit);
        retryable ||= canRetry;
        attempts.push(
          attempt({ outcome: canRetry ? 'error' : 'refused', providerMessageId: null, error: describe(error), ms: Date.now() - started }),
        );
      }
    }

    for (const attempt of attempts) this.options.metrics?.attempt(route.channel, attempt.sender, attempt.outcome);

    const now = clock.now();
    // A round in which every circuit was open tried nobody: it does not bring the message closer to abandon.
    // A chain without senders tries nobody either; the message then waits for a restart that has some.
    const triedNobody = attempts.every((attempt) => attempt.outcome === 'skipped');
    if (route.tries.length === 0) retryable = true;
    const fate: Fate = delivered
      ? 'sent'
      : !retryable
        ? 'failed'
        : message.attempts >= settings.maxRounds && !triedNobody
          ? 'abandoned'
          : 'retry';
    await this.outcomeWriter.write(async (tx) => {
      for (const attempt of attempts) await tx.outbox.recordAttempt(attempt);
      if (delivered) await tx.outbox.markSent(message.id, delivered.sender, now, maskDelivered, delivered.providerMessageId, lease);
      else if (fate === 'retry') {
        const wait = triedNobody ? settings.breakerCooldownMs : this.backoff(message.attempts);
        await tx.outbox.retryAt(message.id, new Date(now.getTime() + wait), lease);
      } else await tx.outbox.markFailed(message.id, now, maskDelivered, fate === 'failed' ? 'failed' : 'abandoned', lease);
    });
    this.options.metrics?.round(route.channel, fate);
    const line = { messageId: message.id, ...route.recipient, round: message.attempts, sender: delivered?.sender, fate };
    if (fate === 'sent') log.info(line, `${route.channel} delivered`);
    else log.warn(line, `${route.channel} not delivered`);
  }

  /** Exponential with jitter (between half and all of the doubled delay), capped. */
  private backoff(round: number): number {
    const { retryBaseMs, retryMaxMs } = this.options.settings;
    const full = Math.min(retryMaxMs, retryBaseMs * 2 ** (round - 1));
    return Math.round(full / 2 + (Math.random() * full) / 2);
  }
}
