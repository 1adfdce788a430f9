// The directory page: the tree on the left, the selected folder or member on the right with what
// can be done to it (create, rename, delete folders; create resource accounts; member details,
// move, deletion check and deletion; removal of a cloud account).
import { rpc, session } from './api.js';
import { allFolders, findFolder, findMember, loadTree, renderTree } from './directory-tree.js';
import { renderMember } from './member-panel.js';
import { attachedPolicies } from './attached-policies.js';
import { actionButton, failureBox, field, form, h, notice, replace, runner } from './ui.js';

export function renderDirectory(view, { go }) {
  const treeBox = h('div', { class: 'card', id: 'tree' }, h('p', {}, 'Loading the directory…'));
  const panel = h('div', { class: 'card', id: 'panel', 'aria-live': 'polite' });
  const header = h('div');
  replace(view, h('h1', {}, 'Directory'), header, h('div', { class: 'split' }, treeBox, panel));
  const state = { rd: undefined, tree: undefined, selected: undefined, moveOut: h('div', { 'aria-live': 'polite' }), collapsed: new Set() };

  const reload = async () => {
    try {
      state.rd ??= (await rpc('GetResourceDirectory')).ResourceDirectory;
      const root = { FolderId: state.rd.RootFolderId, FolderName: 'Root' };
      state.tree = await loadTree(root);
    } catch (error) {
      replace(treeBox, failureBox(error));
      if (['EntityNotExists.ResourceDirectory', 'ResourceDirectoryNotInUse'].includes(error.code)) {
        treeBox.append(h('button', { type: 'button', class: 'primary', onclick: () => go('enable') }, 'Open the enable wizard'));
      }
      replace(panel, h('p', { class: 'muted' }, 'Nothing to show.'));
      return;
    }
    const rd = state.rd;
    const deletion = rd.MemberDeletionStatus === 'Enabled';
    replace(
      header,
      h(
        'p',
        { class: 'muted' },
        'Directory ',
        h('span', { class: 'mono' }, rd.ResourceDirectoryId),
        ', managed by ',
        h('span', { class: 'mono' }, `${rd.MasterAccountName} (${rd.MasterAccountId})`),
        '.',
      ),
      h(
        'p',
        { class: 'row' },
        `Member deletion: ${rd.MemberDeletionStatus ?? 'unknown'}.`,
        actionButton(
          deletion ? 'Disable member deletion' : 'Enable member deletion',
          runner(state.moveOut),
          async () => {
            await rpc('SetMemberDeletionPermission', { Status: deletion ? 'Disabled' : 'Enabled' });
            state.rd = undefined;
            await announce(`Member deletion ${deletion ? 'disabled' : 'enabled'}.`);
          },
          { id: 'member-deletion' },
        ),
      ),
    );
    if (!state.selected || !exists(state.selected)) state.selected = `folder:${rd.RootFolderId}`;
    draw();
  };

  const exists = (key) => {
    const [kind, id] = key.split(':');
    return kind === 'folder' ? !!findFolder(state.tree, id) : !!findMember(state.tree, id);
  };

  // A change redraws the panel; its outcome is shown at the top of the new one.
  const announce = async (message) => {
    state.flash = message;
    await reload();
  };

  const move = (accountId, folderId) =>
    runner(state.moveOut)(null, async () => {
      await rpc('MoveAccount', { AccountId: accountId, DestinationFolderId: folderId });
      await announce(`Moved ${accountId}.`);
    });

  const draw = () => {
    replace(
      treeBox,
      h('h2', {}, 'Tree'),
      renderTree(state.tree, {
        selected: state.selected,
        masterAccountId: state.rd.MasterAccountId,
        collapsed: state.collapsed,
        onSelect: (key) => {
          state.selected = key;
          draw();
          panel.querySelector('h2')?.focus();
        },
        onMove: move,
      }),
      state.moveOut,
      h('p', { class: 'muted' }, 'Drag a member onto a folder to move it, or use Move in its details.'),
    );
    const [kind, id] = state.selected.split(':');
    if (kind === 'folder') folderPanel(findFolder(state.tree, id));
    else renderMember(panel, { accountId: id, folders: allFolders(state.tree), rd: state.rd, move, announce, me: session.read().account });
    if (state.flash) panel.prepend(notice(state.flash));
    state.flash = undefined;
  };

  const folderPanel = (subtree) => {
    const folder = subtree.folder;
    const isRoot = folder.FolderId === state.rd.RootFolderId;
    const out = h('div', { 'aria-live': 'polite' });
    const run = runner(out);
    const after = (message) => announce(message);
    replace(
      panel,
      h('h2', { tabindex: '-1' }, isRoot ? 'Root folder' : `Folder ${folder.FolderName}`),
      h(
        'dl',
        { class: 'details' },
        h('dt', {}, 'Folder ID'),
        h('dd', { class: 'mono' }, folder.FolderId),
        h('dt', {}, 'Path'),
        h('dd', {}, subtree.path),
        h('dt', {}, 'Contents'),
        h('dd', {}, `${subtree.folders.length} folders, ${subtree.members.length} members`),
      ),
      out,
      form(
        { 'aria-label': 'Create a folder' },
        [
          field('New folder inside this one', h('input', { name: 'name', id: 'new-folder-name', required: true })),
          h('button', { type: 'submit' }, 'Create folder'),
        ],
        (button, data) =>
          run(button, async () => {
            const created = (await rpc('CreateFolder', { FolderName: data.get('name'), ParentFolderId: folder.FolderId })).Folder;
            state.selected = `folder:${created.FolderId}`;
            return after(`Created folder ${created.FolderName} (${created.FolderId}).`);
          }),
      ),
      isRoot
        ? null
        : form(
            { 'aria-label': 'Rename the folder' },
            [
              field('New name', h('input', { name: 'name', id: 'rename-folder', value: folder.FolderName, required: true })),
              h('button', { type: 'submit' }, 'Rename'),
            ],
            (button, data) =>
              run(button, async () => {
                await rpc('UpdateFolder', { FolderId: folder.FolderId, NewFolderName: data.get('name') });
                return after('Renamed.');
              }),
          ),
      isRoot
        ? null
        : h(
            'div',
            { class: 'row' },
            actionButton(
              'Delete folder',
              run,
              async () => {
                await rpc('DeleteFolder', { FolderId: folder.FolderId });
                state.selected = undefined;
                return after(`Deleted folder ${folder.FolderName}.`);
              },
              { class: 'danger', id: 'delete-folder' },
            ),
            h('small', { class: 'muted' }, 'Only an empty folder can be deleted.'),
          ),
      h('h2', {}, 'New resource account here'),
      form(
        { 'aria-label': 'Create a resource account' },
        [
          field('Display name', h('input', { name: 'displayName', id: 'ra-display-name', required: true })),
          field(
            'Account name prefix',
            h('input', { name: 'prefix', id: 'ra-prefix', autocomplete: 'off' }),
            'Optional: the part before @ of the account name',
          ),
          h('button', { type: 'submit' }, 'Create resource account'),
        ],
        (button, data) =>
          run(button, async () => {
            const created = (
              await rpc('CreateResourceAccount', {
                DisplayName: data.get('displayName'),
                AccountNamePrefix: data.get('prefix'),
                ParentFolderId: folder.FolderId,
              })
            ).Account;
            state.selected = `member:${created.AccountId}`;
            return after(`Created resource account ${created.DisplayName} (${created.AccountId}).`);
          }),
      ),
      attachedPolicies(folder.FolderId),
    );
  };

  reload();
}
