import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { SendError, type Delivery, type SmsSender } from '../sender.js';
import { abortable, scrub } from './send-helpers.js';

export interface AliyunSmsOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** The approved signature (签名) shown in front of the text. */
  readonly signName: string;
  /** The approved template, e.g. `SMS_123456789`; the text itself lives at Alibaba Cloud. */
  readonly templateCode: string;
  /** The template variable that holds the code; `code` unless the template says otherwise. */
  readonly templateParamName?: string;
  /** Host (and port) without a scheme. */
  readonly endpoint?: string;
  /** HTTPS in production; HTTP only for a local fake. */
  readonly protocol?: 'HTTPS' | 'HTTP';
  /** Bounds the SDK's own connect and read timeouts, which outlive an aborted call otherwise. */
  readonly timeoutMs?: number;
}

/**
 * Business refusals that can go through later or through the next sender: rate limits and an
 * empty balance. Every other `isv.*` code says the number, template or signature is wrong, which
 * trying again cannot fix.
 */
const RETRYABLE_CODES = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isv.DAY_LIMIT_CONTROL',
  'isv.MONTH_LIMIT_CONTROL',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.OUT_OF_SERVICE',
  'isv.SYSTEM_ERROR',
  'ServiceUnavailable',
  // A fresh request carries a fresh nonce.
  'SignatureNonceUsed',
]);

export function retryableAliyunCode(code: string): boolean {
  // `isp.*` are platform faults (isp.SYSTEM_ERROR); `Throttling.*` are API rate limits.
  return RETRYABLE_CODES.has(code) || code.startsWith('isp.') || code.includes('Throttling');
}

/**
 * Alibaba Cloud SMS wants a mainland number bare (`13800138000`) and any other number as country
 * code plus number, without `+` or `00` (`85291234567`).
 */
export function aliyunPhoneNumber(delivery: Pick<Delivery, 'countryCode' | 'nationalNumber'>): string {
  return delivery.countryCode === '86' ? delivery.nationalNumber : `${delivery.countryCode}${delivery.nationalNumber}`;
}

type Client = InstanceType<typeof Dysmsapi.default>;
type ClientConfig = ConstructorParameters<typeof Dysmsapi.default>[0];

/** `SendSms` through the official client, which signs with ACS3-HMAC-SHA256. */
export function aliyunSmsSender(options: AliyunSmsOptions): SmsSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The config class lives in a transitive package; the client only reads these fields.
  const config = {
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    endpoint: options.endpoint ?? 'dysmsapi.aliyuncs.com',
    protocol: options.protocol ?? 'HTTPS',
    readTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  } as unknown as ClientConfig;
  const client: Client = new Dysmsapi.default(config);
  const paramName = options.templateParamName ?? 'code';

  return {
    name: 'aliyun-sms',
    async send(delivery, signal) {
      const request = new SendSmsRequest({
        phoneNumbers: aliyunPhoneNumber(delivery),
        signName: options.signName,
        templateCode: options.templateCode,
        templateParam: JSON.stringify({ [paramName]: delivery.code }),
        outId: delivery.messageId,
      });
      let response: Awaited<ReturnType<typeof client.sendSms>>;
      try {
        // The SDK takes no AbortSignal: race it, and let its own timeouts end the socket.
        response = await abortable(() => client.sendSms(request), signal);
      } catch (error) {
        throw toSendError(error, delivery);
      }
      const body = response.body;
      const code = body?.code ?? '';
      if (code === 'OK') return { providerMessageId: body?.bizId || null };
      const message = scrub(body?.message ?? '', delivery);
      // An answer without a Code is a fault at the provider's end, not a verdict on the message.
      const retryable = code === '' || retryableAliyunCode(code);
      throw new SendError(
        `aliyun-sms refused the message: ${code || 'no Code'}${message ? ` (${message})` : ''}`,
        retryable,
        code || undefined,
      );
    },
  };
}

/** The SDK's errors carry `code` and `statusCode`; anything else is the network or a timeout. */
function toSendError(error: unknown, delivery: Delivery): SendError {
  if (error instanceof SendError) return error;
  const e = error as { code?: unknown; statusCode?: unknown; name?: unknown; message?: unknown } | null;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined) {
    // The SDK writes `${code}`, so a body without Code arrives as the string "undefined".
    const code = typeof e?.code === 'string' && e.code !== '' && e.code !== 'undefined' ? e.code : undefined;
    const retryable = status >= 500 || status === 429 || (code !== undefined && retryableAliyunCode(code));
    // The provider's message is left out: a V1 SignatureDoesNotMatch echoes every parameter.
    return new SendError(`aliyun-sms answered HTTP ${status}${code ? ` ${code}` : ''}`, retryable, code);
  }
  // Connection refused or reset, DNS, the SDK's own read timeout, an unparsable answer: a later try may work.
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  // The SDK's network errors quote the whole URL, whose query holds the phone number and the code.
  const message = (typeof e?.message === 'string' ? e.message : String(error)).replace(/\?\S*/g, '?...');
  const detail = scrub(message, delivery);
  return new SendError(`aliyun-sms request failed: ${name}: ${detail}`, true);
}
