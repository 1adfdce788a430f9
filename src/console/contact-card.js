// One message contact: its details, an update form (UpdateMessageContact, only what changed), the
// addresses awaiting confirmation with their codes (SendEmailVerificationForMessageContact,
// SendPhoneVerificationForMessageContact; the message from the inbox) and the withdrawal of a change
// (CancelMessageContactUpdate), what it is bound to (AssociateMembers, DisassociateMembers), and its
// deletion (DeleteMessageContact, GetMessageContactDeletionStatus).
import { rpc } from './api.js';
import { contactFields, contactRpc, listParams } from './contact-form.js';
import { allFolders, loadTree } from './directory-tree.js';
import { messageBox } from './inbox-message.js';
import { actionButton, dataList, field, form, h, notice, replace, runner } from './ui.js';

const isEmail = (target) => target.includes('@');

export function renderContactCard(card, { contact: c, awaiting, reload, forget }) {
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);
  const done = async (message) => {
    await reload();
    card.querySelector('h2')?.after(notice(message));
  };

  const update = form(
    { 'aria-label': 'Update the contact' },
    [...contactFields('edit', c, false), h('button', { type: 'submit' }, 'Update contact')],
    (button, data) =>
      run(button, async () => {
        const changed = (name, value, current) => (value && value !== current ? { [name]: value } : {});
        const types = data.getAll('types');
        const sameTypes = types.length === c.MessageTypes.length && types.every((t) => c.MessageTypes.includes(t));
        const params = {
          ...changed('Name', data.get('name'), c.Name),
          ...changed('EmailAddress', String(data.get('email')).toLowerCase(), c.EmailAddress),
          ...changed('PhoneNumber', data.get('phone'), c.PhoneNumber),
          ...changed('Title', data.get('title'), c.Title),
          ...(sameTypes ? {} : listParams('MessageTypes', types)),
        };
        if (Object.keys(params).length === 0) return 'Nothing changed.';
        await contactRpc('UpdateMessageContact', { ContactId: c.ContactId, ...params });
        await done('Updated. A new email or phone awaits confirmation: send its code below.');
      }),
  );

  // Each address awaiting confirmation: its code, and the way back to the confirmed one.
  const pending = awaiting.map((target) => {
    const email = isEmail(target);
    const shown = h('div');
    const query = email ? { purpose: 'MessageContactEmail', email: target } : { purpose: 'MessageContactPhone', phone: target };
    return h(
      'li',
      { 'data-target': target },
      h('span', { class: 'mono' }, target),
      h(
        'div',
        { class: 'row' },
        actionButton(email ? 'Send email code' : 'Send SMS code', run, async () => {
          await contactRpc(
            email ? 'SendEmailVerificationForMessageContact' : 'SendPhoneVerificationForMessageContact',
            email ? { ContactId: c.ContactId, EmailAddress: target } : { ContactId: c.ContactId, PhoneNumber: target },
          );
          replace(shown, messageBox(query));
          return `Code sent to ${target}. Its owner confirms it on the page the message leads to.`;
        }),
        actionButton('Cancel this change', run, async () => {
          await contactRpc('CancelMessageContactUpdate', {
            ContactId: c.ContactId,
            ...(email ? { EmailAddress: target } : { PhoneNumber: target }),
          });
          await done(`The change to ${target} is withdrawn.`);
        }),
      ),
      shown,
    );
  });

  const bindings = h(
    'ul',
    { class: 'plain', id: 'contact-members' },
    c.Members.length === 0 ? h('li', { class: 'muted' }, 'Bound to nothing yet.') : null,
    c.Members.map((member) =>
      h(
        'li',
        { 'data-member': member },
        h('span', { class: 'mono' }, member),
        ' ',
        actionButton(`Disassociate ${member}`, run, async () => {
          await contactRpc('DisassociateMembers', { ContactId: c.ContactId, ...listParams('Members', [member]) });
          await done(`No longer bound to ${member}.`);
        }),
      ),
    ),
  );
  const choices = h('select', { name: 'member', id: 'associate-member' }, h('option', { value: '' }, 'Loading the directory…'));
  loadChoices(choices);

  const retain = h('input', { type: 'checkbox', name: 'retain', id: 'contact-retain', checked: true });
  const deletionStatus = async () => {
    const status = (await contactRpc('GetMessageContactDeletionStatus', { ContactId: c.ContactId })).ContactDeletionStatus;
    return h('div', { class: 'card', id: 'contact-deletion' }, h('h3', {}, 'Deletion status'), dataList(status));
  };

  replace(
    card,
    h('h2', { tabindex: '-1' }, `Contact ${c.Name}`),
    dataList({
      'Contact ID': c.ContactId,
      Status: c.Status,
      Email: c.EmailAddress,
      Phone: c.PhoneNumber || 'none',
      Title: c.Title,
      'Message types': c.MessageTypes.join(', '),
      Created: c.CreateDate,
    }),
    out,
    h('h3', {}, 'Awaiting confirmation'),
    pending.length === 0
      ? h('p', { class: 'muted' }, 'Nothing: its email and phone are confirmed.')
      : h('ul', { class: 'plain', id: 'contact-pending' }, pending),
    h('h3', {}, 'Update'),
    update,
    h('h3', {}, 'Bound to'),
    bindings,
    form(
      { 'aria-label': 'Associate a member' },
      [field('Directory, folder or member', choices), h('button', { type: 'submit' }, 'Associate')],
      (button, data) =>
        run(button, async () => {
          const member = String(data.get('member'));
          await contactRpc('AssociateMembers', { ContactId: c.ContactId, ...listParams('Members', member ? [member] : []) });
          await done(`Bound to ${member}.`);
        }),
    ),
    h('h3', {}, 'Delete'),
    h('p', {}, h('label', {}, retain, ' Keep it on its members meanwhile (deleted at once)')),
    h('p', { class: 'muted' }, 'Unchecked: it is first taken off its members, and goes a little later.'),
    h(
      'div',
      { class: 'row' },
      actionButton(
        'Delete contact',
        run,
        async () => {
          const { Status } = await contactRpc('DeleteMessageContact', {
            ContactId: c.ContactId,
            RetainContactInMembers: String(retain.checked),
          });
          if (Status === 'Deleted') forget();
          await done(`Deletion: ${Status}.`);
        },
        { class: 'danger' },
      ),
      actionButton('Deletion status', run, deletionStatus),
    ),
  );
}

/** The directory, its folders and members, as a contact can be bound to each. */
async function loadChoices(select) {
  try {
    const rd = (await rpc('GetResourceDirectory')).ResourceDirectory;
    const tree = await loadTree({ FolderId: rd.RootFolderId, FolderName: 'Root' });
    const members = [];
    const walk = (subtree) => {
      members.push(...subtree.members.map((m) => ({ id: m.AccountId, label: `${m.DisplayName} (${m.AccountId})` })));
      subtree.folders.forEach(walk);
    };
    walk(tree);
    replace(
      select,
      h('option', { value: rd.ResourceDirectoryId }, `The whole directory (${rd.ResourceDirectoryId})`),
      h(
        'optgroup',
        { label: 'Folders' },
        allFolders(tree).map((f) => h('option', { value: f.id }, `${f.path} (${f.id})`)),
      ),
      h(
        'optgroup',
        { label: 'Members' },
        members.map((m) => h('option', { value: m.id }, m.label)),
      ),
    );
  } catch (error) {
    replace(select, h('option', { value: '' }, `The directory could not be read (${error.code ?? error.message})`));
  }
}
