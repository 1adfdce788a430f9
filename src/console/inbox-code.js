// The code of the SMS just sent, shown as soon as the inbox has it, with a button that puts it into the
// code field. The admin API answers codes in emulator mode only; in production the message shows
// without one, and the person types what the phone received.
import { admin } from './api.js';
import { h, notice, replace } from './ui.js';

const POLL_MS = 1000;

/** Polls the inbox into `box` until the SMS sent after `sentAt` is there or `box` leaves the page; returns the stop. */
export function watchInboxCode({ box, purpose, accountId, sentAt, input, id }) {
  replace(box, h('p', { class: 'muted' }, 'Waiting for the SMS in the inbox…'));
  const query = `/_canopy/messages?purpose=${purpose}&accountId=${accountId}&limit=1`;
  const stop = () => clearInterval(timer);
  const look = async () => {
    if (!box.isConnected) return stop();
    const { messages } = await admin('GET', query).catch(() => ({ messages: [] }));
    const message = messages[0];
    if (!message || Date.parse(message.createdAt) < sentAt - 60_000) return;
    stop();
    if (!message.code) return replace(box, notice(`SMS to ${message.phone}: type the code the phone received.`));
    const use = () => {
      input.value = message.code;
      input.focus();
    };
    replace(
      box,
      h(
        'div',
        { class: 'notice' },
        h('p', {}, `Inbox: SMS to ${message.phone}`),
        h('p', { class: 'code-box', id }, message.code),
        h('button', { type: 'button', onclick: use }, 'Use this code'),
      ),
    );
  };
  const timer = setInterval(look, POLL_MS);
  look();
  return stop;
}
