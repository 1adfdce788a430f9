import type { Logger } from 'pino';
import type { SmsConfig } from '../../config/sms.js';
import { inboxSender } from '../inbox-sender.js';
import { logSender } from '../log-sender.js';
import type { SmsSender } from '../sender.js';
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
        return aliyun!.aliyunSmsSender({ ...sender, timeoutMs: options.sendTimeoutMs });
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
