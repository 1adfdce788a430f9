import type { EmailMessage } from '../domain/messages/message.js';
import type { EmailDelivery } from './sender.js';

/** Where the confirmation page of login email changes lives (src/http/confirm-email-route.ts). */
export const CONFIRM_EMAIL_PATH = '/confirm-email';
/** Where message contacts confirm an address with their code (src/http/verify-contact-route.ts). */
export const VERIFY_CONTACT_PATH = '/verify-contact';

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The link a confirmation email carries: `<public base URL>/confirm-email?token=…`. */
export function confirmationLink(publicUrl: string, token: string): string {
  return `${base(publicUrl)}${CONFIRM_EMAIL_PATH}?token=${encodeURIComponent(token)}`;
}

/** The link of a contact's verification email: the page with the address and the code filled in. */
export function contactVerificationLink(publicUrl: string, target: string, code: string): string {
  return `${base(publicUrl)}${VERIFY_CONTACT_PATH}?${new URLSearchParams({ target, code })}`;
}

export const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** An email's words: paragraphs, one of them the link, rendered once as text and once as HTML. */
interface Content {
  readonly subject: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

function content(message: EmailMessage, validity: string): Content {
  if (message.purpose === 'MessageContactEmail') {
    return {
      subject: 'Confirm your email address for Resource Directory notices',
      before: [
        `A resource directory made ${message.email} the email address of one of its message contacts.`,
        `Your verification code is ${message.code}. To confirm, open this link within ${validity} and press "Confirm":`,
      ],
      after: ['If you did not expect this email, ignore it: the address receives no notices until it is confirmed.'],
    };
  }
  return {
    subject: 'Confirm the new login email of your Resource Directory account',
    before: [
      `The management account of a resource directory asked to make ${message.email} the login email of its member account ${message.accountId}.`,
      `To confirm, open this link within ${validity} and press "Confirm":`,
    ],
    after: ['If you did not expect this email, ignore it: nothing changes until the change is confirmed.'],
  };
}

/** What a sender needs, from an outbox email and the server's public base URL. */
export function toEmailDelivery(message: EmailMessage, publicUrl: string): EmailDelivery {
  const link =
    message.purpose === 'MessageContactEmail'
      ? contactVerificationLink(publicUrl, message.email, message.code)
      : confirmationLink(publicUrl, message.code);
  // Never promise more time than there is: 90 minutes is "1 hour", not 2; a 10-minute code says minutes.
  const hours = Math.floor(message.validitySeconds / 3600);
  const minutes = Math.max(1, Math.floor(message.validitySeconds / 60));
  const validity = hours >= 1 ? `${hours} ${hours === 1 ? 'hour' : 'hours'}` : `${minutes} minutes`;
  const { subject, before, after } = content(message, validity);
  const text = [...before, link, ...after].join('\n\n');
  const html = [
    '<!doctype html><html><body>',
    ...before.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body></html>',
  ].join('\n');
  return {
    messageId: message.id,
    to: message.email,
    subject,
    text,
    html,
    link,
    token: message.code,
    validityHours: Math.max(1, hours),
    purpose: message.purpose,
  };
}
