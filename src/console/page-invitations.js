// Invitations (handshakes): send one (the management account), cancel a pending one; accept or
// decline one received (any account).
import { rpc, rpcAll } from './api.js';
import { cardTable, failureBox, field, form, h, notice, replace, runner, when } from './ui.js';

export function renderInvitations(view) {
  const received = h('div', { id: 'received' }, h('p', {}, 'Loading…'));
  const sent = h('div', { id: 'sent' }, h('p', {}, 'Loading…'));
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);
  const target = h('input', { name: 'target', id: 'invite-target', required: true, autocomplete: 'off' });
  const type = h(
    'select',
    { name: 'type', id: 'invite-type' },
    h('option', { value: 'Account' }, 'Account ID'),
    h('option', { value: 'Email' }, 'Email address'),
  );

  const act = (action, handshake, done) => (event) =>
    run(event.currentTarget, async () => {
      await rpc(action, { HandshakeId: handshake.HandshakeId });
      await load();
      return `${done} invitation ${handshake.HandshakeId}.`;
    });

  const table = (handshakes, buttons) =>
    handshakes.length === 0
      ? h('p', { class: 'muted' }, 'None.')
      : h(
          'div',
          { class: 'table-wrap' },
          cardTable(
            ['Invitation', 'From', 'To', 'Status', 'Note', 'Sent', 'Expires', ''],
            handshakes.map((hs) =>
              h(
                'tr',
                { 'data-handshake': hs.HandshakeId },
                h('td', { 'data-label': 'Invitation', class: 'mono' }, hs.HandshakeId),
                h('td', { 'data-label': 'From' }, `${hs.MasterAccountName} (${hs.MasterAccountId})`),
                h('td', { 'data-label': 'To', class: 'mono' }, `${hs.TargetEntity} (${hs.TargetType})`),
                h('td', { 'data-label': 'Status', class: 'status' }, hs.Status),
                h('td', { 'data-label': 'Note' }, hs.Note ?? ''),
                h('td', { 'data-label': 'Sent' }, when(hs.CreateTime)),
                h('td', { 'data-label': 'Expires' }, when(hs.ExpireTime)),
                h('td', { class: 'row' }, hs.Status === 'Pending' ? buttons(hs) : null),
              ),
            ),
          ),
        );

  const load = async () => {
    try {
      const mine = await rpcAll('ListHandshakesForAccount', {}, (r) => r.Handshakes?.Handshake);
      replace(
        received,
        table(mine, (hs) => [
          h('button', { type: 'button', class: 'primary', onclick: act('AcceptHandshake', hs, 'Accepted') }, 'Accept'),
          h('button', { type: 'button', onclick: act('DeclineHandshake', hs, 'Declined') }, 'Decline'),
        ]),
      );
    } catch (error) {
      replace(received, failureBox(error));
    }
    try {
      const theirs = await rpcAll('ListHandshakesForResourceDirectory', {}, (r) => r.Handshakes?.Handshake);
      replace(
        sent,
        table(theirs, (hs) => h('button', { type: 'button', class: 'danger', onclick: act('CancelHandshake', hs, 'Cancelled') }, 'Cancel')),
      );
    } catch (error) {
      replace(
        sent,
        ['EntityNotExists.ResourceDirectory', 'ResourceDirectoryNotInUse', 'NoPermission'].includes(error.code)
          ? notice('Only a management account sends invitations.')
          : failureBox(error),
      );
    }
  };

  replace(
    view,
    h('h1', {}, 'Invitations'),
    out,
    h('section', {}, h('h2', {}, 'Received by this account'), received),
    h(
      'section',
      {},
      h('h2', {}, 'Sent by this directory'),
      form(
        { 'aria-label': 'Send an invitation' },
        [
          field('Invite', target, 'A 16-digit account ID, or an email address'),
          field('Type', type),
          field('Note', h('input', { name: 'note', maxlength: 1024 })),
          h('button', { type: 'submit', class: 'primary' }, 'Send invitation'),
        ],
        (button, data) =>
          run(button, async () => {
            const result = await rpc('InviteAccountToResourceDirectory', {
              TargetEntity: data.get('target'),
              TargetType: data.get('type'),
              Note: data.get('note'),
            });
            await load();
            return `Invitation ${result.Handshake.HandshakeId} sent to ${result.Handshake.TargetEntity}.`;
          }),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', onclick: (event) => run(event.currentTarget, async () => void (await load())) }, 'Refresh'),
      ),
      sent,
    ),
  );
  load();
}
