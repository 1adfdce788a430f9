// Binding a secure phone to a resource account: SendVerificationCodeForBindSecureMobilePhone, then
// BindSecureMobilePhone with the code. Only a RAM user of the management account may call either (a
// root key gets CallerIdentityError), so the section offers to act as one: the admin API makes its key.
import { admin, rpc, session } from './api.js';
import { actionButton, field, form, h, notice, replace, runner } from './ui.js';

const INBOX_POLL_MS = 1000;

export function phoneBinding(account, rd, announce) {
  const me = session.read().account;
  const out = h('div', { 'aria-live': 'polite' });
  const inbox = h('div', { 'aria-live': 'polite' });
  const bound = h('p', { id: 'member-phone' }, 'Secure phone: …');
  const phone = h('input', { name: 'phone', id: 'bind-phone', inputmode: 'tel', placeholder: '1-2025550123', autocomplete: 'off' });
  const code = h('input', { name: 'code', id: 'bind-code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 });
  const run = runner(out);
  const controls = h('div');
  const section = h('section', { id: 'phone-binding' }, h('h2', {}, 'Secure phone'), bound, controls);

  // The admin API's account list is where a bound phone shows (no RPC answers it).
  admin('GET', '/_canopy/accounts')
    .then(({ accounts }) => {
      const phoneNow = accounts.find((a) => a.accountId === account.AccountId)?.securePhone;
      bound.textContent = phoneNow ? `Secure phone: ${phoneNow}` : 'Secure phone: none bound yet.';
      // Binding is first-time only (a bound member answers AccountSecureMobileAlreadyExists).
      controls.hidden = Boolean(phoneNow);
    })
    .catch(() => (bound.textContent = 'Secure phone: not known (the admin API did not answer).'));

  const identity =
    me.ramUser && me.accountId === rd.MasterAccountId
      ? h('p', { class: 'muted' }, `Signing as RAM user ${me.ramUser} of the management account.`)
      : h(
          'div',
          { class: 'notice' },
          h('p', {}, 'Only a RAM user of the management account may bind a phone; this tab signs with a root key.'),
          me.accountId === rd.MasterAccountId
            ? form(
                { 'aria-label': 'Act as a RAM user' },
                [
                  field('RAM user name', h('input', { name: 'ramUser', id: 'ram-user', value: 'console-admin', autocomplete: 'off' })),
                  h('button', { type: 'submit' }, 'Act as this RAM user'),
                ],
                (button, data) => run(button, () => actAsRamUser(me, String(data.get('ramUser')), announce)),
              )
            : null,
        );

  // The code appears as soon as the inbox has it; the admin API shows codes in emulator mode only.
  const watchInbox = (sentAt) => {
    replace(inbox, h('p', { class: 'muted' }, 'Waiting for the SMS in the inbox…'));
    const query = `/_canopy/messages?purpose=BindSecureMobilePhone&accountId=${account.AccountId}&limit=1`;
    const timer = setInterval(look, INBOX_POLL_MS);
    async function look() {
      if (!section.isConnected) return clearInterval(timer);
      const { messages } = await admin('GET', query).catch(() => ({ messages: [] }));
      const message = messages[0];
      if (!message || Date.parse(message.createdAt) < sentAt - 60_000) return;
      clearInterval(timer);
      if (!message.code) return replace(inbox, notice(`SMS sent to ${message.phone}.`));
      const use = h('button', { type: 'button', onclick: () => (code.value = message.code) }, 'Use this code');
      replace(
        inbox,
        h(
          'div',
          { class: 'notice' },
          h('p', {}, `Inbox: SMS to ${message.phone}`),
          h('p', { class: 'code-box', id: 'bind-inbox-code' }, message.code),
          use,
        ),
      );
    }
    look();
  };

  controls.append(
    identity,
    form(
      { 'aria-label': 'Send the bind code' },
      [
        field('Phone to bind', phone, 'As <country code>-<number>, for example 1-2025550123.'),
        h('button', { type: 'submit' }, 'Send bind code'),
      ],
      (button) =>
        run(button, async () => {
          const sentAt = Date.now();
          const result = await rpc('SendVerificationCodeForBindSecureMobilePhone', {
            AccountId: account.AccountId,
            SecureMobilePhone: phone.value.trim(),
          });
          watchInbox(sentAt);
          return `Code sent to ${phone.value.trim()}; it expires ${new Date(result.ExpirationDate).toLocaleString(undefined, { hour12: false })}.`;
        }),
    ),
    inbox,
    h(
      'div',
      { class: 'row bind' },
      field('Verification code', code),
      actionButton('Bind phone', run, async () => {
        const value = phone.value.trim();
        await rpc('BindSecureMobilePhone', { AccountId: account.AccountId, SecureMobilePhone: value, VerificationCode: code.value.trim() });
        await announce(`Bound ${value} to ${account.AccountId}.`);
      }),
    ),
    out,
  );
  return section;
}

async function actAsRamUser(me, ramUser, announce) {
  const key = await admin('POST', `/_canopy/accounts/${me.accountId}/access-keys`, { ramUser });
  session.update({ account: { ...me, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, ramUser: key.ramUser } });
  await announce(`Acting as RAM user ${key.ramUser} of ${me.accountId}.`);
}
