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
 * The tree as an ARIA tree (role tree, treeitem, group): one Tab stop (the selected node, roving
 * tabindex), Up and Down move between visible nodes, Home and End to the first and last, Right opens a
 * folder or enters it, Left closes it or goes to its parent, Enter (or Space) selects. `selected` is
 * `folder:<id>` or `member:<id>`; `collapsed` is the set of closed folder IDs, kept by the caller
 * across redraws; `onMove(accountId, folderId)` runs when a member is dropped on a folder.
 */
export function renderTree(tree, { selected, onSelect, onMove, masterAccountId, collapsed = new Set() }) {
  const node = (key, kind, label, row = {}) => {
    const id = `tree-${key}`;
    const item = h('li', {
      role: 'treeitem',
      'data-node': key,
      'aria-selected': String(selected === key),
      'aria-labelledby': id,
      tabindex: '-1',
    });
    item.append(
      h(
        'div',
        { class: 'node', id, onclick: () => onSelect(key), ...row },
        h('span', { class: 'kind' }, kind),
        h('span', { class: 'label' }, label),
      ),
    );
    return item;
  };
  const folderItem = (subtree, isRoot) => {
    const id = subtree.folder.FolderId;
    const item = node(`folder:${id}`, isRoot ? 'Root' : 'Folder', isRoot ? 'Root' : subtree.folder.FolderName, { 'data-folder': id });
    const row = item.firstChild;
    row.addEventListener('dragover', (event) => {
      if (!event.dataTransfer.types.includes('text/x-canopy-account')) return;
      event.preventDefault();
      row.classList.add('drop');
    });
    row.addEventListener('dragleave', () => row.classList.remove('drop'));
    row.addEventListener('drop', (event) => {
      event.preventDefault();
      row.classList.remove('drop');
      const accountId = event.dataTransfer.getData('text/x-canopy-account');
      if (accountId) onMove(accountId, id);
    });
    const children = [
      ...subtree.folders.map((child) => folderItem(child, false)),
      ...subtree.members.map((member) => {
        const kind = member.AccountId === masterAccountId ? 'Management' : member.Type === 'ResourceAccount' ? 'Resource' : 'Cloud';
        const leaf = node(`member:${member.AccountId}`, kind, member.DisplayName, { draggable: 'true', 'data-member': member.AccountId });
        leaf.firstChild.addEventListener('dragstart', (event) => {
          event.dataTransfer.setData('text/x-canopy-account', member.AccountId);
          event.dataTransfer.effectAllowed = 'move';
        });
        return leaf;
      }),
    ];
    if (children.length > 0) {
      // The mouse's way to open and close; the keyboard's is Left and Right.
      const twisty = h('span', { class: 'twisty', 'aria-hidden': 'true' });
      twisty.addEventListener('click', (event) => {
        event.stopPropagation();
        toggle(item);
      });
      row.prepend(twisty);
      item.append(h('ul', { role: 'group' }, children));
      setOpen(item, !collapsed.has(id));
    }
    return item;
  };

  const setOpen = (item, open) => {
    item.setAttribute('aria-expanded', String(open));
    item.querySelector(':scope > [role=group]').hidden = !open;
    const id = item.dataset.node.slice('folder:'.length);
    if (open) collapsed.delete(id);
    else collapsed.add(id);
  };
  const toggle = (item) => setOpen(item, item.getAttribute('aria-expanded') !== 'true');

  const root = h('ul', { class: 'tree', role: 'tree', 'aria-label': 'Directory tree' }, folderItem(tree, true));
  // The selected node is shown (its folders opened) and is the tree's one Tab stop.
  const current = root.querySelector('[aria-selected="true"]') ?? root.querySelector('[role=treeitem]');
  for (let up = current.parentElement.closest('[role=treeitem]'); up; up = up.parentElement.closest('[role=treeitem]')) setOpen(up, true);
  current.tabIndex = 0;

  const visible = () => [...root.querySelectorAll('[role=treeitem]')].filter((item) => !item.parentElement.closest('[role=group][hidden]'));
  const focus = (item) => {
    if (!item) return;
    for (const other of root.querySelectorAll('[role=treeitem][tabindex="0"]')) other.tabIndex = -1;
    item.tabIndex = 0;
    item.focus();
  };
  root.addEventListener('keydown', (event) => {
    const item = event.target.closest?.('[role=treeitem]');
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    const items = visible();
    const at = items.indexOf(item);
    const expanded = item.getAttribute('aria-expanded');
    const keys = {
      ArrowDown: () => focus(items[at + 1]),
      ArrowUp: () => focus(items[at - 1]),
      Home: () => focus(items[0]),
      End: () => focus(items[items.length - 1]),
      ArrowRight: () => (expanded === 'false' ? setOpen(item, true) : expanded === 'true' ? focus(items[at + 1]) : undefined),
      ArrowLeft: () => (expanded === 'true' ? setOpen(item, false) : focus(item.parentElement.closest('[role=treeitem]'))),
      Enter: () => onSelect(item.dataset.node),
      ' ': () => onSelect(item.dataset.node),
    };
    if (!keys[event.key]) return;
    event.preventDefault();
    keys[event.key]();
  });
  return root;
}
