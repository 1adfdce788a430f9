// Sign in. Emulator: pick an account (the console makes a fresh root AccessKey for it through the
// admin API) or create one. Production: the admin token first, then the AccessKey ID and secret the
// operator enters for the account to act as. Both stay in sessionStorage only.
import { admin, rpc, session } from './api.js';
import { cardTable, failureBox, field, form, h, notice, replace, runner } from './ui.js';

const KEY_PROBLEMS = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId.Inactive']);

export function renderSignIn(view, { mode, go, refresh }) {
  const out = h('div', { 'aria-live': 'polite' });
  replace(view, h('h1', {}, 'Sign in'), out);
  const { adminToken } = session.read();
  if (mode === 'production' && !adminToken) return tokenForm(out, { mode, go, refresh });
  loadAccounts(out, { mode, go, refresh });
}

function tokenForm(out, ctx, refusal) {
  const token = h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true });
  const result = h('div', { 'aria-live': 'polite' }, refusal ? failureBox(refusal) : null);
  replace(
    out,
    h(
      'section',
      {},
      h('h2', {}, 'Admin token'),
      h('p', {}, 'The admin API of this server needs its token (CANOPY_ADMIN_TOKEN). It is kept in this tab only.'),
      result,
      form({}, [field('Admin token', token), h('button', { type: 'submit', class: 'primary' }, 'Continue')], (button, data) =>
        runner(result)(button, async () => {
          const candidate = String(data.get('token'));
          // Checked before it is kept: a wrong token never opens a page.
          await admin('GET', '/_canopy/accounts', undefined, candidate);
          session.update({ adminToken: candidate });
          ctx.refresh();
          loadAccounts(out, ctx);
        }),
      ),
    ),
  );
  token.focus();
}

async function loadAccounts(out, ctx) {
  let accounts;
  try {
    accounts = (await admin('GET', '/_canopy/accounts')).accounts;
  } catch (error) {
    if (error.status === 401) return tokenForm(out, ctx, session.read().adminToken ? error : undefined);
    return replace(out, failureBox(error));
  }
  const chosen = h('div', { 'aria-live': 'polite' });
  const rows = accounts
    .slice()
    .reverse()
    .map((account) =>
      h(
        'tr',
        {},
        h('td', { 'data-label': 'Display name' }, account.displayName ?? ''),
        h('td', { class: 'mono', 'data-label': 'Account name' }, account.accountName),
        h('td', { class: 'mono', 'data-label': 'Account ID' }, account.accountId),
        h('td', { 'data-label': 'Secure phone' }, account.securePhone ?? ''),
        h(
          'td',
          {},
          h(
            'button',
            { type: 'button', 'data-account': account.accountId, onclick: (event) => choose(event.currentTarget, account, chosen, ctx) },
            'Sign in as',
          ),
        ),
      ),
    );
  replace(
    out,
    h(
      'section',
      {},
      h('h2', {}, 'Accounts'),
      accounts.length === 0 ? h('p', {}, 'No accounts yet: create one below.') : null,
      h('div', { class: 'table-wrap' }, cardTable(['Display name', 'Account name', 'Account ID', 'Secure phone', ''], rows)),
      chosen,
    ),
    createForm(ctx),
  );
}

/** Emulator: a fresh root key for the account. Production: the operator types the key of the account. */
async function choose(button, account, out, { mode, go, refresh }) {
  const signIn = (key) => {
    session.update({ account: { accountId: account.accountId, accountName: account.accountName, ...key } });
    refresh();
    go('directory');
  };
  if (mode === 'emulator') {
    return runner(out)(button, async () => {
      const key = await admin('POST', `/_canopy/accounts/${account.accountId}/access-keys`);
      signIn({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret });
    });
  }
  const result = h('div');
  replace(
    out,
    h(
      'div',
      { class: 'card' },
      h('h2', {}, `AccessKey of ${account.accountName}`),
      form(
        { 'aria-label': 'AccessKey' },
        [
          field('AccessKey ID', h('input', { name: 'id', autocomplete: 'off', required: true })),
          field('AccessKey secret', h('input', { name: 'secret', type: 'password', autocomplete: 'off', required: true })),
          h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
        ],
        (submit, data) =>
          runner(result)(submit, async () => {
            session.update({
              account: {
                accountId: account.accountId,
                accountName: account.accountName,
                accessKeyId: data.get('id'),
                accessKeySecret: data.get('secret'),
              },
            });
            // Any answer but a key refusal proves the key signs: an account outside a directory gets EntityNotExists.
            try {
              await rpc('GetResourceDirectory');
            } catch (error) {
              if (KEY_PROBLEMS.has(error.code)) {
                session.update({ account: undefined });
                throw error;
              }
            }
            signIn({ accessKeyId: data.get('id'), accessKeySecret: data.get('secret') });
          }),
      ),
      result,
    ),
  );
  out.querySelector('input')?.focus();
}

function createForm({ mode, go, refresh }) {
  const result = h('div', { 'aria-live': 'polite' });
  return h(
    'section',
    {},
    h('h2', {}, 'Create an account'),
    form(
      { 'aria-label': 'Create an account' },
      [
        field('Display name', h('input', { name: 'displayName', maxlength: 50 })),
        field(
          'Secure phone',
          h('input', { name: 'securePhone', placeholder: '1-2025550123', inputmode: 'tel' }),
          '<country code>-<number>, optional',
        ),
        h(
          'label',
          { class: 'row' },
          h('input', { type: 'checkbox', name: 'enterpriseVerified', checked: true }),
          'Enterprise verified (needed to create or join a directory)',
        ),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'submit', class: 'primary' }, mode === 'emulator' ? 'Create and sign in' : 'Create'),
        ),
      ],
      (submit, data) =>
        runner(result)(submit, async () => {
          const body = { enterpriseVerified: data.get('enterpriseVerified') === 'on' };
          if (data.get('displayName')) body.displayName = String(data.get('displayName'));
          if (data.get('securePhone')) body.securePhone = String(data.get('securePhone'));
          const created = await admin('POST', '/_canopy/accounts', body);
          if (mode !== 'emulator')
            return notice(
              `Created ${created.accountName} (${created.accountId}). AccessKey ID ${created.accessKeyId}; its secret is shown once: ${created.accessKeySecret}`,
            );
          session.update({
            account: {
              accountId: created.accountId,
              accountName: created.accountName,
              accessKeyId: created.accessKeyId,
              accessKeySecret: created.accessKeySecret,
            },
          });
          refresh();
          go('directory');
        }),
    ),
    result,
  );
}
