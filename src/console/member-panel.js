// A member's details (GetAccount with its tags) and what can be done to it: move to another folder,
// the deletion check and deletion of a resource account (with its status), removal of a cloud account.
import { rpc } from './api.js';
import { emailChange } from './member-email.js';
import { actionButton, dataList, failureBox, field, form, h, replace, runner, when } from './ui.js';
import { attachedPolicies } from './attached-policies.js';
import { phoneBinding } from './member-phone.js';
import { tagEditor } from './member-tags.js';

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
      if (a.Type === 'ResourceAccount') actions.append(emailChange(a.AccountId));
      actions.append(tagEditor(a, announce), attachedPolicies(a.AccountId));
      if (a.Type === 'ResourceAccount' && a.AccountId !== rd.MasterAccountId) actions.append(phoneBinding(a, rd, announce));
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
    const deletionStatus = async (title) => {
      const status = await rpc('GetAccountDeletionStatus', { AccountId: account.AccountId });
      return h('div', { class: 'card' }, h('h3', {}, title), dataList(status.RdAccountDeletionStatus ?? status));
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
        actionButton('Start deletion check', show, async () => {
          await rpc('CheckAccountDelete', { AccountId: account.AccountId });
          return checkResult();
        }),
        actionButton('Check result', show, checkResult),
        actionButton(
          'Delete account',
          show,
          async () => {
            const deleted = await rpc('DeleteAccount', { AccountId: account.AccountId });
            return deletionStatus(`Deletion ${deleted.DeletionType ?? ''}`);
          },
          { class: 'danger' },
        ),
        actionButton('Deletion status', show, () => deletionStatus('Deletion status')),
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
      actionButton(
        'Remove cloud account',
        run,
        async () => {
          await rpc('RemoveCloudAccount', { AccountId: account.AccountId });
          await announce(`Removed ${account.AccountId} from the directory.`);
        },
        { class: 'danger' },
      ),
    );
}
