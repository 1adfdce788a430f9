import type { Logger } from 'pino';
import type { EmailConfig } from '../../config/email.js';
import type { SmsConfig } from '../../config/sms.js';
import { inboxEmailSender, inboxSender } from '../inbox-sender.js';
import { logEmailSender, logSender } from '../log-sender.js';
import type { EmailSender, SmsSender } from '../sender.js';
import { twilioSender } from './twilio.js';
import { webhookSender } from './webhook.js';

export { twilioSender } from './twilio.js';
export { verifyWebhookSignature, webhookSender } from './webhook.js';

export interface BuildOptions {
  /**
   * The dispatcher's per-send timeout. The Alibaba Cloud client cannot be aborted, so its own
   * connect and read timeouts are set to it, to end the socket of a send the dispatcher gave up on.
   */
  readonly sendTimeoutMs?: number;
}

/**
 * The configured chain, in the order of CANOPY_SMS_SENDERS. The Alibaba Cloud client and its
 * dependencies are loaded only when aliyun-sms is configured: they cost start time and memory.
 */
export async function buildSenders(config: SmsConfig, log: Logger, options: BuildOptions = {}): Promise<SmsSender[]> {
  const aliyun = config.senders.some((sender) => sender.name === 'aliyun-sms') ? await import('./aliyun-sms.js') : undefined;
  return config.senders.map((sender): SmsSender => {
    switch (sender.name) {
      case 'inbox':
        return inboxSender;
      case 'log':
        return logSender(log);
      case 'aliyun-sms':
        return aliyun!.aliyunSmsSender(Object.assign({}, sender, { timeoutMs: options.sendTimeoutMs }));
      case 'twilio':
        return twilioSender({
          accountSid: sender.accountSid,
          authToken: sender.authToken,
          from: sender.from,
          messagingServiceSid: sender.messagingServiceSid,
          baseUrl: sender.baseUrl,
          statusCallbackUrl: sender.statusCallbackUrl,
        });
      case 'webhook':
        return webhookSender({ url: sender.url, secret: sender.secret });
      default:
        throw new Error(`no sender for ${(sender satisfies never as { name: string }).name}`);
    }
  });
}

/**
 * The configured email chain, in the order of CANOPY_EMAIL_SENDERS. nodemailer is loaded only when
 * smtp is configured, for the same reason as the Alibaba Cloud client.
 */
export async function buildEmailSenders(config: EmailConfig, log: Logger, options: BuildOptions = {}): Promise<EmailSender[]> {
  const smtp = config.senders.some((sender) => sender.name === 'smtp') ? await import('./smtp.js') : undefined;
  return config.senders.map((sender): EmailSender => {
    switch (sender.name) {
      case 'inbox':
        return inboxEmailSender;
      case 'log':
        return logEmailSender(log);
      case 'smtp':
        return smtp!.smtpSender(Object.assign({}, sender, { timeoutMs: options.sendTimeoutMs ?? 10_000 }));
      default:
        throw new Error(`no email sender for ${(sender satisfies never as { name: string }).name}`);
    }
  });
}
