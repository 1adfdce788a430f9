import type { Logger } from 'pino';
import { maskPhone } from '../domain/verification/phone.js';
import type { SmsSender } from './sender.js';

/** Writes one line per message, with the phone masked and never the code. */
export function logSender(log: Logger): SmsSender {
  return {
    name: 'log',
    send: async (delivery) => {
      log.info({ messageId: delivery.messageId, phone: maskPhone(delivery.phone), purpose: delivery.purpose }, 'sms delivered to log');
      return { providerMessageId: null };
    },
  };
}
