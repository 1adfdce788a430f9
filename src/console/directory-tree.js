// The directory as a tree: Root, its folders and members, read with ListFoldersForParent and
// ListAccountsForParent (every page of each). Members can be dragged onto a folder (MoveAccount);
// the member panel's "Move to" does the same from the keyboard.
import { rpcAll } from './api.js';
import { h } from './ui.js';

/** { folder, folders: [subtrees], members: [accounts], path } for the folder and everything under it. */
export async function loadTree(folder, path = folder.FolderName) {
  const [folders, members] = await Promise.all([
    rpcAll('ListFoldersForParent', { ParentFolderId: folder.FolderId }, (r) => r.Folders?.Folder),
    rpcAll('ListAccountsForParent', { ParentFolderId: folder.FolderId }, (r) => r.Accounts?.Account),
  ]);
  const subtrees = await Promise.all(folders.map((child) => loadTree(child, `${path} / ${child.FolderName}`)));
  return { folder, path, folders: subtrees, members };
}

/** Every folder of the tree, depth first, for the "Move to" and "Create in" choices. */
export function allFolders(tree) {
  return [{ id: tree.folder.FolderId, path: tree.path }, ...tree.folders.flatMap(allFolders)];
}

export function findFolder(tree, id) {
  if (tree.folder.FolderId === id) return tree;
  for (const child of tree.folders) {
    const found = findFolder(child, id);
    if (found) return found;
  }
  return undefined;
}

export function findMember(tree, id) {
  const here = tree.members.find((m) => m.AccountId === id);
  if (here) return { member: here, parent: tree };
  for (const child of tree.folders) {
    const found = findMember(child, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The tree as nested lists of buttons: each node is one Tab stop, Enter selects it. `selected` is
 * `folder:<id>` or `member:<id>`; `onMove(accountId, folderId)` runs when a member is dropped.
 */
export function renderTree(tree, { selected, onSelect, onMove, masterAccountId }) {
  const node = (key, kind, label, extra = {}) =>
    h(
      'button',
      {
        type: 'button',
        class: 'node',
        'data-node': key,
        'aria-current': selected === key ? 'true' : undefined,
        onclick: () => onSelect(key),
        ...extra,
      },
      h('span', { class: 'kind' }, kind),
      h('span', { class: 'label' }, label),
    );
  const folderItem = (subtree, isRoot) => {
    const id = subtree.folder.FolderId;
    const button = node(`folder:${id}`, isRoot ? 'Root' : 'Folder', isRoot ? 'Root' : subtree.folder.FolderName, { 'data-folder': id });
    button.addEventListener('dragover', (event) => {
      if (!event.dataTransfer.types.includes('text/x-canopy-account')) return;
      event.preventDefault();
      button.classList.add('drop');
    });
    button.addEventListener('dragleave', () => button.classList.remove('drop'));
    button.addEventListener('drop', (event) => {
      event.preventDefault();
      button.classList.remove('drop');
      const accountId = event.dataTransfer.getData('text/x-canopy-account');
      if (accountId) onMove(accountId, id);
    });
    return h(
      'li',
      {},
      button,
      h(
        'ul',
        {},
        subtree.folders.map((child) => folderItem(child, false)),
        subtree.members.map((member) => {
          const kind = member.AccountId === masterAccountId ? 'Management' : member.Type === 'ResourceAccount' ? 'Resource' : 'Cloud';
          const item = node(`member:${member.AccountId}`, kind, member.DisplayName, { draggable: 'true', 'data-member': member.AccountId });
          item.addEventListener('dragstart', (event) => {
            event.dataTransfer.setData('text/x-canopy-account', member.AccountId);
            event.dataTransfer.effectAllowed = 'move';
          });
          return h('li', {}, item);
        }),
      ),
    );
  };
  return h('ul', { class: 'tree', 'aria-label': 'Directory tree' }, folderItem(tree, true));
}
