// Message contacts of the signed-in management account's directory (2022-04-19 API): the list
// (ListMessageContacts, with the addresses awaiting confirmation from ListMessageContactVerifications),
// a form to add one (AddMessageContact), and the selected contact's card (contact-card.js).
import { rpcAll } from './api.js';
import { renderContactCard } from './contact-card.js';
import { CONTACTS_VERSION, contactFields, contactRpc, listParams } from './contact-form.js';
import { cardTable, failureBox, form, h, notice, replace, runner } from './ui.js';

export function renderContacts(view) {
  const out = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'contact-list' }, h('p', {}, 'Loading…'));
  const card = h('div', { id: 'contact-card', 'aria-live': 'polite' });
  const state = { selected: undefined };
  const run = runner(out);

  const load = async () => {
    let contacts;
    let pending;
    try {
      [contacts, pending] = await Promise.all([
        rpcAll('ListMessageContacts', {}, (r) => r.Contacts, CONTACTS_VERSION),
        rpcAll('ListMessageContactVerifications', {}, (r) => r.ContactVerifications, CONTACTS_VERSION),
      ]);
    } catch (error) {
      replace(list, failureBox(error));
      replace(card);
      return;
    }
    const awaiting = (contact) => pending.filter((v) => v.ContactId === contact.ContactId).map((v) => v.Target);
    if (contacts.length === 0) replace(list, h('p', { class: 'muted' }, 'No message contacts yet: add one below.'));
    else replace(list, table(contacts, awaiting));
    const selected = contacts.find((c) => c.ContactId === state.selected);
    if (!selected) return replace(card);
    renderContactCard(card, { contact: selected, awaiting: awaiting(selected), reload: load, forget: () => (state.selected = undefined) });
  };

  const table = (contacts, awaiting) =>
    h(
      'div',
      { class: 'table-wrap' },
      cardTable(
        ['Name', 'Title', 'Email', 'Phone', 'Message types', 'Bound to', 'Status', ''],
        contacts.map((c) => {
          const mark = (value) => (awaiting(c).includes(value) ? `${value} (awaiting confirmation)` : value);
          return h(
            'tr',
            { 'data-contact': c.ContactId },
            h('td', { 'data-label': 'Name' }, c.Name, h('div', { class: 'muted mono' }, c.ContactId)),
            h('td', { 'data-label': 'Title' }, c.Title),
            h('td', { class: 'mono', 'data-label': 'Email' }, mark(c.EmailAddress)),
            h('td', { class: 'mono', 'data-label': 'Phone' }, c.PhoneNumber ? mark(c.PhoneNumber) : 'none'),
            h('td', { 'data-label': 'Message types' }, c.MessageTypes.join(', ')),
            h('td', { class: 'mono', 'data-label': 'Bound to' }, c.Members.join(', ') || 'nothing'),
            h('td', { class: 'status', 'data-label': 'Status' }, c.Status),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  'aria-pressed': String(c.ContactId === state.selected),
                  onclick: () => {
                    state.selected = c.ContactId;
                    load().then(() => card.querySelector('h2')?.focus());
                  },
                },
                `Manage ${c.Name}`,
              ),
            ),
          );
        }),
      ),
    );

  replace(
    view,
    h('h1', {}, 'Message contacts'),
    h(
      'p',
      { class: 'muted' },
      'People who receive Resource Directory notices for the directory, its folders or members. A new email or phone takes effect once its owner confirms it with the code sent to it.',
    ),
    h('section', {}, list),
    card,
    h(
      'section',
      {},
      h('h2', {}, 'Add a contact'),
      out,
      form(
        { 'aria-label': 'Add a message contact' },
        [...contactFields('add'), h('button', { type: 'submit' }, 'Add contact')],
        (button, data) =>
          run(button, async () => {
            const added = await contactRpc('AddMessageContact', {
              Name: data.get('name'),
              EmailAddress: data.get('email'),
              PhoneNumber: data.get('phone'),
              Title: data.get('title'),
              ...listParams('MessageTypes', data.getAll('types')),
            });
            state.selected = added.Contact.ContactId;
            button.form.reset();
            await load();
            return notice(`Added ${data.get('name')} (${added.Contact.ContactId}). Send the verification codes from its card.`);
          }),
      ),
    ),
  );
  load();
}
