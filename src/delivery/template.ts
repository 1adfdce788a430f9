import type { SmsMessage } from '../domain/messages/message.js';
import { parsePhone } from '../domain/verification/phone.js';
import type { Delivery } from './sender.js';

export type Locale = 'en' | 'zh';

/** The default texts; `{code}` and `{minutes}` are filled in. Operators may configure their own. */
export const DEFAULT_TEMPLATES: Readonly<Record<Locale, string>> = {
  en: 'Your Resource Directory verification code is {code}. It is valid for {minutes} minutes. Do not share it.',
  zh: '您的资源目录验证码为{code}，{minutes}分钟内有效。请勿泄露给他人。',
};

/** A template must show the code; `{minutes}` is optional. Anything else in braces is a mistake. */
export function templateProblem(template: string): string | undefined {
  if (!template.includes('{code}')) return 'must contain {code}';
  const unknown = template.match(/\{(?!code\}|minutes\})[^}]*\}/);
  if (unknown) return `unknown placeholder ${unknown[0]}`;
  return undefined;
}

export function render(template: string, code: string, minutes: number): string {
  return template.replaceAll('{code}', code).replaceAll('{minutes}', String(minutes));
}

/** What a sender needs, from an outbox message and the configured template. */
export function toDelivery(message: SmsMessage, template: string): Delivery {
  const parsed = parsePhone(message.phone);
  const countryCode = typeof parsed === 'string' ? message.phone.split('-')[0]! : parsed.countryCode;
  const nationalNumber = typeof parsed === 'string' ? (message.phone.split('-')[1] ?? '') : parsed.nationalNumber;
  // Never promise more time than there is: 90 s is "1 minute", not 2.
  const minutes = Math.max(1, Math.floor(message.validitySeconds / 60));
  return {
    messageId: message.id,
    phone: message.phone,
    e164: `+${countryCode}${nationalNumber}`,
    countryCode,
    nationalNumber,
    code: message.code,
    text: render(template, message.code, minutes),
    validityMinutes: minutes,
    purpose: message.purpose,
  };
}
