// The policy document as JSON text: written by hand, sent as typed. The server checks it (as
// CreateControlPolicy, UpdateControlPolicy and the simulator do) and says where it is wrong.
import { field, h } from './ui.js';

export const EXAMPLE_DOCUMENT = JSON.stringify(
  {
    Version: '1',
    Statement: [
      { Effect: 'Deny', Action: ['ram:UpdateRole', 'ram:DeleteRole'], Resource: 'acs:ram:*:*:role/ResourceDirectoryAccountAccessRole' },
    ],
  },
  null,
  2,
);

export const documentField = (name, id, value, label = 'Policy document (JSON)') =>
  field(
    label,
    h('textarea', { name, id, rows: 10, spellcheck: 'false', class: 'mono document' }, value ?? ''),
    'At most 4,096 characters; the policy language is described in docs/control-policies.md.',
  );
