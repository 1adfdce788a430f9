// The inbox: every SMS and email Canopy sent (or, in emulator mode, kept), newest first, polled
// every second and a half. Codes and texts in emulator mode only (the admin API never shows them
// in production); delivery attempts in both.
import { admin } from './api.js';
import { actionButton, cardTable, failureBox, h, replace, runner, when } from './ui.js';

const POLL_MS = 1500;

export function renderInbox(view, { mode }) {
  const list = h('div', { id: 'inbox-list', 'aria-live': 'polite' }, h('p', {}, 'Loading…'));
  const out = h('div', { 'aria-live': 'polite' });
  const updated = h('span', { class: 'muted', id: 'inbox-updated' });
  let last = '';
  let timer;

  const attempts = (message) =>
    h(
      'details',
      { 'data-id': message.id },
      h('summary', {}, `${message.attempts.length} attempt${message.attempts.length === 1 ? '' : 's'}`),
      h(
        'ul',
        {},
        message.attempts.map((a) =>
          h('li', {}, `Round ${a.round}, ${a.sender}: ${a.outcome}${a.error ? ` (${a.error})` : ''}, ${a.ms} ms, ${when(a.at)}`),
        ),
      ),
    );

  const draw = (messages) => {
    const open = new Set([...list.querySelectorAll('details[open]')].map((d) => d.dataset.id));
    if (messages.length === 0) return replace(list, h('p', { class: 'muted' }, 'No messages yet.'));
    replace(
      list,
      h(
        'div',
        { class: 'table-wrap' },
        cardTable(
          ['Time', 'To', 'Purpose', mode === 'emulator' ? 'Code' : null, 'Status', 'Delivery'].filter(Boolean),
          messages.map((m) => {
            const row = h(
              'tr',
              { 'data-message': m.id },
              h('td', { 'data-label': 'Time' }, when(m.createdAt)),
              h('td', { class: 'mono', 'data-label': 'To' }, `${m.channel === 'sms' ? 'SMS' : 'Email'} ${m.phone ?? m.email}`),
              h('td', { 'data-label': 'Purpose' }, m.purpose),
              mode === 'emulator'
                ? h(
                    'td',
                    { 'data-label': 'Code' },
                    h('strong', { class: 'mono code' }, m.code ?? ''),
                    m.text ? h('div', { class: 'muted' }, m.text) : null,
                  )
                : null,
              h(
                'td',
                { 'data-label': 'Status' },
                m.status,
                m.deliveryStatus ? ` (${m.deliveryStatus})` : '',
                m.sender ? h('div', { class: 'muted' }, m.sender) : null,
              ),
              h('td', { 'data-label': 'Delivery' }, attempts(m)),
            );
            if (open.has(m.id)) row.querySelector('details').open = true;
            return row;
          }),
        ),
      ),
    );
  };

  const poll = async () => {
    try {
      const { messages } = await admin('GET', '/_canopy/messages?limit=100');
      const text = JSON.stringify(messages);
      if (text !== last) {
        last = text;
        draw(messages);
      }
      updated.textContent = `Updated ${new Date().toLocaleTimeString(undefined, { hour12: false })}`;
    } catch (error) {
      replace(list, failureBox(error));
    }
  };

  replace(
    view,
    h('h1', {}, 'Inbox'),
    h(
      'div',
      { class: 'row' },
      updated,
      mode === 'emulator'
        ? actionButton('Empty the inbox', runner(out), async () => {
            await admin('DELETE', '/_canopy/messages');
            await poll();
            return 'Inbox emptied.';
          })
        : null,
    ),
    out,
    h('section', {}, list),
  );
  poll();
  timer = setInterval(poll, POLL_MS);
  return () => clearInterval(timer);
}
