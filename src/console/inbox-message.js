// The newest inbox message of a kind (GET /_canopy/messages), shown where the console just caused
// it: the recipient, the subject and status, and in emulator mode the code and the link (the admin
// API answers those in emulator mode only, so production shows the address and the status alone).
import { admin } from './api.js';
import { actionButton, dataList, h, runner, when } from './ui.js';

/** `query`: the admin API's filters, e.g. { purpose: 'ChangeAccountEmail', accountId }. */
export async function latestMessage(query) {
  const search = new URLSearchParams({ ...query, limit: '1' });
  const { messages } = await admin('GET', `/_canopy/messages?${search}`);
  return messages[0];
}

/**
 * The message as its recipient got it; a link opens the page it leads to (Canopy's own) in a new tab.
 * An SMS to a message contact carries only the code, which its owner types on /verify-contact: the
 * link here is that page with the number and the code filled in.
 */
export function messageCard(message) {
  if (!message) return h('p', { class: 'muted' }, 'No such message in the inbox yet.');
  const link =
    message.link ??
    (message.purpose === 'MessageContactPhone' && message.code
      ? `/verify-contact?${new URLSearchParams({ target: message.phone, code: message.code })}`
      : undefined);
  return h(
    'div',
    { class: 'card message', 'data-message': message.id },
    dataList({
      To: message.email ?? message.phone,
      Sent: when(message.createdAt),
      Status: message.status,
      ...(message.subject ? { Subject: message.subject } : {}),
      ...(message.code ? { Code: message.code } : {}),
    }),
    link
      ? h('p', {}, h('a', { href: link, target: '_blank', rel: 'noopener', class: 'message-link' }, 'Open the link in the message'))
      : null,
  );
}

/** A box with the newest matching message and a button to look again. */
export function messageBox(query, label = 'Show the message') {
  const box = h('div', { 'aria-live': 'polite' });
  const show = runner(box);
  const look = () => latestMessage(query).then(messageCard);
  const element = h('div', { class: 'message-box' }, actionButton(label, show, look), box);
  show(null, look);
  return element;
}
