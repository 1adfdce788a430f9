// A resource account's login email (its account name, shown in the details above) on its member
// panel: the change (ChangeAccountEmail), its state (GetAccount's EmailStatus: WAIT_MODIFY,
// CANCELLED, EXPIRED), a new link (RetryChangeAccountEmail) or the end of it
// (CancelChangeAccountEmail), and the confirmation email from the inbox, whose link confirms the
// change (in emulator mode; production shows the address and the status only).
import { rpc } from './api.js';
import { latestMessage, messageCard } from './inbox-message.js';
import { actionButton, failureBox, field, form, h, replace, runner } from './ui.js';

const STATES = {
  WAIT_MODIFY: 'A change is waiting for its confirmation.',
  CANCELLED: 'The last change was cancelled.',
  EXPIRED: 'The last change expired before it was confirmed.',
};

export function emailChange(accountId) {
  const section = h('section', { id: 'email-change' }, h('h2', {}, 'Login email'), h('p', {}, 'Loading…'));
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);

  const draw = async (message) => {
    let account;
    let sent;
    try {
      account = (await rpc('GetAccount', { AccountId: accountId })).Account;
      sent = account.EmailStatus ? await latestMessage({ purpose: 'ChangeAccountEmail', accountId }) : undefined;
    } catch (error) {
      replace(section, h('h2', {}, 'Login email'), failureBox(error));
      return;
    }
    const waiting = account.EmailStatus === 'WAIT_MODIFY';
    replace(
      section,
      h('h2', {}, 'Login email'),
      account.EmailStatus
        ? h(
            'p',
            { id: 'email-status' },
            h('strong', {}, account.EmailStatus),
            ' ',
            STATES[account.EmailStatus] ?? '',
            sent ? ` To ${sent.email}.` : '',
          )
        : null,
      out,
      message ? h('div', { class: 'notice', role: 'status' }, message) : null,
      waiting
        ? h(
            'div',
            {},
            h('h3', {}, 'The confirmation email'),
            messageCard(sent),
            h(
              'div',
              { class: 'row' },
              actionButton('Send the link again', run, async () => {
                await rpc('RetryChangeAccountEmail', { AccountId: accountId });
                await draw('A new link is on its way; the old one no longer works.');
              }),
              actionButton(
                'Cancel the change',
                run,
                async () => {
                  await rpc('CancelChangeAccountEmail', { AccountId: accountId });
                  await draw('The change is cancelled; its link no longer works.');
                },
                { class: 'danger' },
              ),
              actionButton('Refresh', run, () => draw()),
            ),
          )
        : form(
            { 'aria-label': 'Change the login email' },
            [
              field(
                'New login email',
                h('input', { name: 'email', id: 'new-email', type: 'email', required: true }),
                'Takes effect when the link sent there is opened and confirmed.',
              ),
              h('button', { type: 'submit' }, 'Change email'),
            ],
            (button, data) =>
              run(button, async () => {
                await rpc('ChangeAccountEmail', { AccountId: accountId, Email: data.get('email') });
                await draw(`A confirmation link went to ${data.get('email')}.`);
              }),
          ),
    );
  };
  draw();
  return section;
}
