import type { EmailMessage } from '../domain/messages/message.js';
import type { EmailDelivery } from './sender.js';

/** Where the confirmation page lives (src/http/confirm-email-route.ts). */
export const CONFIRM_EMAIL_PATH = '/confirm-email';

/** The link a confirmation email carries: `<public base URL>/confirm-email?token=…`. */
export function confirmationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${CONFIRM_EMAIL_PATH}?token=${encodeURIComponent(token)}`;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** What a sender needs, from an outbox email and the server's public base URL. */
export function toEmailDelivery(message: EmailMessage, publicUrl: string): EmailDelivery {
  const link = confirmationLink(publicUrl, message.code);
  // Never promise more time than there is: 90 minutes is "1 hour", not 2.
  const hours = Math.max(1, Math.floor(message.validitySeconds / 3600));
  const validity = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const subject = 'Confirm the new login email of your Resource Directory account';
  const text = [
    `The management account of a resource directory asked to make ${message.email} the login email of its member account ${message.accountId}.`,
    '',
    `To confirm, open this link within ${validity} and press "Confirm":`,
    '',
    link,
    '',
    'If you did not expect this email, ignore it: nothing changes until the change is confirmed.',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>The management account of a resource directory asked to make <b>${escapeHtml(message.email)}</b> the login email of its member account ${escapeHtml(message.accountId)}.</p>`,
    `<p>To confirm, open this link within ${validity} and press "Confirm":</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    '<p>If you did not expect this email, ignore it: nothing changes until the change is confirmed.</p>',
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
    validityHours: hours,
    purpose: message.purpose,
  };
}
