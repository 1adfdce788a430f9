import type { Logger } from 'pino';
import { maskEmail } from '../domain/directory/email-address.js';
import { maskPhone } from '../domain/verification/phone.js';
import type { EmailSender, SmsSender } from './sender.js';

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

/** Writes one line per email, with the address masked and never the link or its token. */
export function logEmailSender(log: Logger): EmailSender {
  return {
    name: 'log',
    send: async (delivery) => {
      log.info({ messageId: delivery.messageId, email: maskEmail(delivery.to), purpose: delivery.purpose }, 'email delivered to log');
      return { providerMessageId: null };
    },
  };
}
