import type { EmailSender, SmsSender } from './sender.js';

/**
 * Emulator delivery: the message stays in the outbox, readable at `GET /_canopy/messages`, which is
 * where tests and developers read their codes. Nothing leaves the machine.
 */
export const inboxSender: SmsSender = {
  name: 'inbox',
  send: async () => ({ providerMessageId: null }),
};

/** The same for emails: the confirmation link stays readable in the inbox (emulator mode only). */
export const inboxEmailSender: EmailSender = {
  name: 'inbox',
  send: async () => ({ providerMessageId: null }),
};
