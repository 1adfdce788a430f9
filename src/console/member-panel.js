// A member's details (GetAccount with its tags) and what can be done to it: move to another folder,
// the deletion check and deletion of a resource account (with its status), removal of a cloud account.
import { rpc } from './api.js';
import { dataList, failureBox, field, form, h, replace, runner, when } from './ui.js';

export function renderMember(panel, { accountId, folders, rd, move, announce }) {
  const details = h('div', {}, h('p', {}, 'Loading…'));
  const actions = h('div');
  const out = h('div', { 'aria-live': 'polite' });
  replace(panel, h('h2', { tabindex: '-1' }, `Member ${accountId}`), details, out, actions);
  const run = runner(out);

  rpc('GetAccount', { AccountId: accountId, IncludeTags: 'true' })
    .then(({ Account: a }) => {
      replace(
        details,
        dataList({
          'Display name': a.DisplayName,
          'Account ID': a.AccountId,
          'Account name': a.AccountName,
          Type: a.AccountId === rd.MasterAccountId ? `${a.Type} (management account)` : a.Type,
          'Join method': a.JoinMethod,
          Status: a.Status,
          Joined: when(a.JoinTime),
          Folder: a.FolderId,
          Path: a.ResourceDirectoryPath,
          Tags: (a.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(', ') || 'none',
        }),
      );
      replace(actions, moveForm(a), a.Type === 'ResourceAccount' ? deletion(a) : a.AccountId !== rd.MasterAccountId ? removal(a) : null);
    })
    .catch((error) => replace(details, failureBox(error)));

  const moveForm = (account) => {
    const select = h(
      'select',
      { name: 'folder', id: 'move-to' },
      folders.map((f) => h('option', { value: f.id, selected: f.id === account.FolderId }, f.path)),
    );
    return h(
      'section',
      {},
      h('h2', {}, 'Move'),
      form(
        { 'aria-label': 'Move the member' },
        [field('Destination folder', select), h('button', { type: 'submit' }, 'Move')],
        (button, data) => run(button, () => move(account.AccountId, String(data.get('folder')))),
      ),
    );
  };

  const deletion = (account) => {
    const result = h('div', { 'aria-live': 'polite' });
    const show = runner(result);
    // The check takes a while on the emulator clock (CANOPY_DELETION_CHECK_SECONDS): PreChecking, then PreCheckComplete.
    const checkResult = async () => {
      const check = await rpc('GetAccountDeletionCheckResult', { AccountId: account.AccountId });
      return h('div', { class: 'card' }, h('h3', {}, 'Deletion check'), dataList(check.AccountDeletionCheckResultInfo ?? check));
    };
    return h(
      'section',
      {},
      h('h2', {}, 'Delete this resource account'),
      h(
        'p',
        { class: 'muted' },
        'Start the check first and read its result (PreChecking, then PreCheckComplete). Deletion then takes its course; its status shows where it stands.',
      ),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            onclick: (event) =>
              show(event.currentTarget, async () => {
                await rpc('CheckAccountDelete', { AccountId: account.AccountId });
                return checkResult();
              }),
          },
          'Start deletion check',
        ),
        h('button', { type: 'button', onclick: (event) => show(event.currentTarget, checkResult) }, 'Check result'),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            onclick: (event) =>
              show(event.currentTarget, async () => {
                const deleted = await rpc('DeleteAccount', { AccountId: account.AccountId });
                const status = await rpc('GetAccountDeletionStatus', { AccountId: account.AccountId });
                return h(
                  'div',
                  { class: 'card' },
                  h('h3', {}, `Deletion ${deleted.DeletionType ?? ''}`),
                  dataList(status.RdAccountDeletionStatus ?? status),
                );
              }),
          },
          'Delete account',
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: (event) =>
              show(event.currentTarget, async () => {
                const status = await rpc('GetAccountDeletionStatus', { AccountId: account.AccountId });
                return h('div', { class: 'card' }, h('h3', {}, 'Deletion status'), dataList(status.RdAccountDeletionStatus ?? status));
              }),
          },
          'Deletion status',
        ),
      ),
      result,
    );
  };

  const removal = (account) =>
    h(
      'section',
      {},
      h('h2', {}, 'Remove from the directory'),
      h('p', { class: 'muted' }, 'A cloud account that was invited leaves the directory and becomes a standalone account again.'),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: (event) =>
            run(event.currentTarget, async () => {
              await rpc('RemoveCloudAccount', { AccountId: account.AccountId });
              await announce(`Removed ${account.AccountId} from the directory.`);
            }),
        },
        'Remove cloud account',
      ),
    );
}
