// Binding a secure phone to a resource account: SendVerificationCodeForBindSecureMobilePhone, then
// BindSecureMobilePhone with the code. Only a RAM user of the management account may call either (a
// root key gets CallerIdentityError), so the section offers to act as one: the admin API makes its key.
import { admin, rpc, session } from './api.js';
import { watchInboxCode } from './inbox-code.js';
import { actionButton, field, form, h, runner } from './ui.js';

export function phoneBinding(account, rd, announce) {
  const me = session.read().account;
  const out = h('div', { 'aria-live': 'polite' });
  const inbox = h('div', { 'aria-live': 'polite' });
  const bound = h('p', { id: 'member-phone' }, 'Secure phone: …');
  const phone = h('input', { name: 'phone', id: 'bind-phone', inputmode: 'tel', placeholder: '1-2025550123', autocomplete: 'off' });
  const code = h('input', { name: 'code', id: 'bind-code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 });
  const run = runner(out);
  let stopWatch;
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
          stopWatch?.();
          stopWatch = watchInboxCode({
            box: inbox,
            purpose: 'BindSecureMobilePhone',
            accountId: account.AccountId,
            sentAt,
            input: code,
            id: 'bind-inbox-code',
          });
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
