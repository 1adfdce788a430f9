// The enable wizard: the seed operation's flow step by step. Phone, SendVerificationCodeForEnableRD,
// the code (shown from the inbox in emulator mode), CurrentAccount or NewManagementAccount, dry run,
// EnableResourceDirectory. Every refusal is shown with its Code, Message and a hint.
import { admin, rpc, session } from './api.js';
import { watchInboxCode } from './inbox-code.js';
import { field, form, h, notice, replace, runner } from './ui.js';

/** The shape the server accepts before it asks libphonenumber (src/domain/verification/phone.ts). */
const PHONE = /^[1-9]\d{0,3}-\d{4,17}$/;

export function renderEnable(view, { mode, go, refresh }) {
  const { account } = session.read();
  const status = h('div', { 'aria-live': 'polite' });
  const phone = h('input', {
    name: 'phone',
    id: 'enable-phone',
    inputmode: 'tel',
    placeholder: '1-2025550123',
    autocomplete: 'off',
    'aria-describedby': 'phone-help',
  });
  const phoneHelp = h(
    'small',
    { id: 'phone-help' },
    'As <country code>-<number>, for example 1-2025550123. Country code 86 is refused on the international site.',
  );
  const sendOut = h('div', { 'aria-live': 'polite' });
  const inbox = h('div', { 'aria-live': 'polite' });
  const code = h('input', {
    name: 'code',
    id: 'enable-code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 6,
    pattern: '[0-9]{6}',
  });
  const maName = h('input', { name: 'maName', id: 'ma-name', autocomplete: 'off' });
  const maPhone = h('input', { name: 'maPhone', id: 'ma-phone', inputmode: 'tel', placeholder: '1-2025550123', autocomplete: 'off' });
  const newFields = h(
    'div',
    { hidden: true },
    field('New management account name', maName, 'The display name of the account Canopy creates'),
    field('Its secure phone', maPhone, '<country code>-<number>'),
  );
  const enableOut = h('div', { 'aria-live': 'polite' });
  let stopWatch;
  let sentAt = 0;

  const modeChoice = (value, label, checked) =>
    h(
      'label',
      { class: 'row' },
      h('input', {
        type: 'radio',
        name: 'enableMode',
        value,
        checked,
        onchange: () => (newFields.hidden = value !== 'NewManagementAccount'),
      }),
      label,
    );

  const send = form(
    { 'aria-label': 'Send the code' },
    [field('Secure mobile phone', phone), phoneHelp, h('button', { type: 'submit', class: 'primary' }, 'Send code')],
    (button) => {
      const value = phone.value.trim();
      if (value !== '' && !PHONE.test(value)) {
        phone.setAttribute('aria-invalid', 'true');
        return replace(
          sendOut,
          h('div', { class: 'failure', role: 'alert' }, 'Write the phone as <country code>-<number>, for example 1-2025550123.'),
        );
      }
      phone.removeAttribute('aria-invalid');
      return runner(sendOut)(button, async () => {
        sentAt = Date.now();
        await rpc('SendVerificationCodeForEnableRD', { SecureMobilePhone: value });
        if (mode === 'emulator') watchInbox();
        return `Code sent to ${value || "the account's secure phone"}.`;
      });
    },
  );

  // Emulator only: the code appears here as soon as the inbox has it.
  const watchInbox = () => {
    stopWatch?.();
    stopWatch = watchInboxCode({ box: inbox, purpose: 'EnableRD', accountId: account.accountId, sentAt, input: code, id: 'inbox-code' });
  };

  const enable = (dryRun) => (event) => {
    const enableMode = view.querySelector('input[name=enableMode]:checked').value;
    const params = { EnableMode: enableMode, VerificationCode: code.value.trim(), DryRun: dryRun ? 'true' : undefined };
    if (enableMode === 'NewManagementAccount')
      Object.assign(params, { MAName: maName.value.trim(), MASecureMobilePhone: maPhone.value.trim() });
    return runner(enableOut)(event.currentTarget, async () => {
      const result = await rpc('EnableResourceDirectory', params);
      if (dryRun) return 'Dry run passed: the directory can be enabled with these settings. Nothing was changed.';
      const rd = result.ResourceDirectory;
      return enabled(rd, enableMode);
    });
  };

  const enabled = (rd, enableMode) =>
    h(
      'div',
      { class: 'notice', role: 'status' },
      h('p', {}, h('strong', {}, 'Resource directory enabled. ')),
      h(
        'dl',
        { class: 'details' },
        h('dt', {}, 'Directory'),
        h('dd', { class: 'mono', id: 'enabled-directory' }, rd.ResourceDirectoryId),
        h('dt', {}, 'Root folder'),
        h('dd', { class: 'mono' }, rd.RootFolderId),
        h('dt', {}, 'Management account'),
        h('dd', { class: 'mono' }, `${rd.MasterAccountName} (${rd.MasterAccountId})`),
      ),
      h(
        'div',
        { class: 'row' },
        enableMode === 'NewManagementAccount' && rd.MasterAccountId !== account.accountId
          ? h('button', { type: 'button', onclick: (event) => actAs(event.currentTarget, rd) }, 'Act as the new management account')
          : null,
        h('button', { type: 'button', class: 'primary', onclick: () => go('directory') }, 'Open the directory'),
      ),
    );

  // The new management account has no key yet: the admin API makes one (as `canopy` would).
  const actAs = (button, rd) =>
    runner(enableOut)(button, async () => {
      const key = await admin('POST', `/_canopy/accounts/${rd.MasterAccountId}/access-keys`);
      session.update({
        account: {
          accountId: rd.MasterAccountId,
          accountName: rd.MasterAccountName,
          accessKeyId: key.accessKeyId,
          accessKeySecret: key.accessKeySecret,
        },
      });
      refresh();
      go('directory');
    });

  replace(
    view,
    h('h1', {}, 'Enable a resource directory'),
    status,
    h(
      'ol',
      { class: 'steps' },
      h('li', {}, h('section', {}, h('h2', {}, 'Send a verification code'), send, sendOut)),
      h(
        'li',
        {},
        h(
          'section',
          {},
          h('h2', {}, 'Enter the code'),
          mode === 'emulator'
            ? h('p', { class: 'muted' }, 'Emulator mode: no SMS leaves Canopy; the code is read from the inbox.')
            : h('p', { class: 'muted' }, 'Type the 6-digit code the phone received.'),
          inbox,
          field('Verification code', code),
        ),
      ),
      h(
        'li',
        {},
        h(
          'section',
          {},
          h('h2', {}, 'Choose the management account'),
          h(
            'fieldset',
            {},
            h('legend', {}, 'Enable mode'),
            modeChoice('CurrentAccount', 'This account becomes the management account (CurrentAccount)', true),
            modeChoice('NewManagementAccount', 'Create a new management account (NewManagementAccount)', false),
          ),
          newFields,
        ),
      ),
      h(
        'li',
        {},
        h(
          'section',
          {},
          h('h2', {}, 'Check, then enable'),
          h(
            'div',
            { class: 'row' },
            h('button', { type: 'button', id: 'dry-run', onclick: enable(true) }, 'Dry run'),
            h('button', { type: 'button', class: 'primary', id: 'enable', onclick: enable(false) }, 'Enable'),
          ),
          enableOut,
        ),
      ),
    ),
  );

  // Where the account stands, and its phone as a starting value.
  rpc('GetResourceDirectory')
    .then((result) =>
      replace(
        status,
        notice(`This account is already in resource directory ${result.ResourceDirectory.ResourceDirectoryId}: enabling again is refused.`),
      ),
    )
    .catch(() => {});
  admin('GET', '/_canopy/accounts')
    .then(({ accounts }) => {
      const me = accounts.find((a) => a.accountId === account.accountId);
      if (me?.securePhone && phone.value === '') phone.value = me.securePhone;
    })
    .catch(() => {});
  return () => stopWatch?.();
}
