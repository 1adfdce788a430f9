// What the contacts page and a contact's card share: the 2022-04-19 calls, the documented values of
// Title and MessageTypes, and the contact's fields as form inputs.
import { rpc } from './api.js';
import { field, h } from './ui.js';

export const CONTACTS_VERSION = '2022-04-19';

/** The values AddMessageContact documents for `Title` and `MessageTypes.N`. */
export const TITLES = ['FinanceDirector', 'TechnicalDirector', 'MaintenanceDirector', 'CEO', 'ProjectDirector', 'Other'];
export const MESSAGE_TYPES = ['ServiceMessage', 'FaultMessage', 'AccountExpenses', 'SecurityMessage', 'ActivityMessage', 'ProductMessage'];

/** `MessageTypes.1`, `MessageTypes.2`, … as the RPC API takes a list. */
export const listParams = (prefix, values) => Object.fromEntries(values.map((value, i) => [`${prefix}.${i + 1}`, value]));

/** A 2022-04-19 call; a contact's phone is the one place only country code 86 is accepted, which its hint says. */
export const contactRpc = (action, params) =>
  rpc(action, params, CONTACTS_VERSION).catch((error) => {
    if (error.code === 'InvalidParameter.MobileCountryCode')
      error.hint = "A contact's phone must be a Chinese mainland number: 86-<number>.";
    throw error;
  });

/** The contact's fields as inputs; `prefix` keeps the add and update forms' IDs apart, `contact` fills them in. */
export function contactFields(prefix, contact = {}, required = true) {
  const types = new Set(contact.MessageTypes ?? []);
  return [
    field('Name', h('input', { name: 'name', id: `${prefix}-name`, value: contact.Name, required, autocomplete: 'off' }), '2-12 letters'),
    field('Email', h('input', { name: 'email', id: `${prefix}-email`, type: 'email', value: contact.EmailAddress, required })),
    field(
      'Phone',
      h('input', { name: 'phone', id: `${prefix}-phone`, value: contact.PhoneNumber || undefined, placeholder: '86-13800138000' }),
      'Optional: a Chinese mainland number, 86-<number>',
    ),
    field(
      'Title',
      h(
        'select',
        { name: 'title', id: `${prefix}-title` },
        TITLES.map((title) => h('option', { value: title, selected: title === contact.Title }, title)),
      ),
    ),
    h(
      'fieldset',
      { class: 'checks', id: `${prefix}-types` },
      h('legend', {}, 'Message types'),
      MESSAGE_TYPES.map((type) =>
        h('label', {}, h('input', { type: 'checkbox', name: 'types', value: type, checked: types.has(type) }), ` ${type}`),
      ),
    ),
  ];
}
