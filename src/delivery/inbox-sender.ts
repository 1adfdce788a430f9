import type { SmsSender } from './sender.js';

/**
 * Emulator delivery: the message stays in the outbox, readable at `GET /_canopy/messages`, which is
 * where tests and developers read their codes. Nothing leaves the machine.
 */
export const inboxSender: SmsSender = {
  name: 'inbox',
  send: async () => ({ providerMessageId: null }),
};
