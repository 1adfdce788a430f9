import type { Account } from '../domain/accounts/account.js';
import type { DeliveryAttempt, OutboxMessage } from '../domain/messages/message.js';
import { toEmailDelivery } from '../delivery/email-template.js';
import { toDelivery } from '../delivery/template.js';

// The admin API's JSON shapes of domain objects (docs/admin-api.md).

export const accountView = (account: Account) => ({
  accountId: account.id,
  accountName: account.name,
  displayName: account.displayName,
  securePhone: account.securePhone,
  enterpriseVerified: account.enterpriseVerified,
  enterpriseName: account.enterpriseName,
  site: account.site,
  profileType: account.profileType,
  createdAt: account.createdAt.toISOString(),
});

/**
 * The message as a phone or mailbox received it (code or token, text, link) in emulator mode only:
 * production never shows a code or a token.
 */
function recipientView(message: OutboxMessage, emulator: { smsTemplate: string; publicUrl: string } | undefined) {
  if (message.channel === 'sms') {
    const shown = emulator === undefined ? {} : { code: message.code, text: toDelivery(message, emulator.smsTemplate).text };
    return { channel: message.channel, phone: message.phone, ...shown };
  }
  const email = emulator === undefined ? undefined : toEmailDelivery(message, emulator.publicUrl);
  const shown = email === undefined ? {} : { code: message.code, link: email.link, subject: email.subject, text: email.text };
  return { channel: message.channel, email: message.email, ...shown };
}

export function messageView(
  message: OutboxMessage,
  attempts: readonly DeliveryAttempt[],
  emulator: { smsTemplate: string; publicUrl: string } | undefined,
) {
  return {
    id: message.id,
    ...recipientView(message, emulator),
    purpose: message.purpose,
    accountId: message.accountId,
    status: message.status,
    sender: message.sender,
    providerMessageId: message.providerMessageId,
    deliveryStatus: message.deliveryStatus,
    rounds: message.attempts,
    nextAttemptAt: message.status === 'pending' ? message.nextAttemptAt.toISOString() : null,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
    attempts: attempts.map((a) => ({
      round: a.round,
      sender: a.sender,
      outcome: a.outcome,
      providerMessageId: a.providerMessageId,
      error: a.error,
      at: a.at.toISOString(),
      ms: a.ms,
    })),
  };
}

export const clockView = (clock: { now: Date; offsetMs: number }) => ({
  now: clock.now.toISOString(),
  offsetSeconds: clock.offsetMs / 1000,
});
