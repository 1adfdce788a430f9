import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { maskPhone } from '../domain/verification/phone.js';
import type { Store } from '../storage/store.js';
import type { SmsSender } from './sender.js';
import { DEFAULT_TEMPLATES, toDelivery } from './template.js';

export interface DispatcherOptions {
  readonly store: Store;
  /** Tried in order; the first that succeeds delivers the message. */
  readonly senders: readonly SmsSender[];
  readonly clock: Clock;
  readonly log: Logger;
  /** Replace the code with a mask once delivered, so the database no longer holds it. */
  readonly maskDelivered: boolean;
  readonly pollMs: number;
}

const BATCH = 200;

/**
 * Delivers pending outbox messages. Sending happens outside any transaction, so a slow sender never
 * holds up the store; what was committed before a crash is picked up by the next poll after restart.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Delivers everything pending now; concurrent calls share one run. */
  runOnce(): Promise<void> {
    this.running ??= this.deliverAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverAll(): Promise<void> {
    const { store, senders, clock, log, maskDelivered } = this.options;
    try {
      for (;;) {
        const batch = await store.transaction((tx) => tx.outbox.pending(BATCH));
        if (batch.length === 0) return;
        const outcomes: { id: string; sender: string | undefined }[] = [];
        for (const message of batch) {
          let delivered: string | undefined;
          for (const sender of senders) {
            try {
              await sender.send(toDelivery(message, DEFAULT_TEMPLATES.en), AbortSignal.timeout(10_000));
              delivered = sender.name;
              break;
            } catch (error) {
              log.warn({ messageId: message.id, sender: sender.name, err: error }, 'sms sender failed');
            }
          }
          if (!delivered) log.error({ messageId: message.id, phone: maskPhone(message.phone) }, 'sms not delivered');
          outcomes.push({ id: message.id, sender: delivered });
        }
        await store.transaction(async (tx) => {
          const now = clock.now();
          for (const { id, sender } of outcomes) {
            if (sender) await tx.outbox.markSent(id, sender, now, maskDelivered);
            else await tx.outbox.markFailed(id, now, maskDelivered);
          }
        });
      }
    } catch (error) {
      log.error({ err: error }, 'outbox dispatch failed; will retry');
    }
  }
}
