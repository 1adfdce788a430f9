// A member's tags, edited with TagResources and UntagResources (ResourceType Account). The API checks
// the keys and values (reserved prefixes, lengths, 20 per resource); its refusals are shown as they come.
import { rpc } from './api.js';
import { actionButton, field, form, h, runner } from './ui.js';

export function tagEditor(account, announce) {
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);
  const tags = account.Tags ?? [];
  const untag = (key) =>
    actionButton(
      'Remove',
      run,
      async () => {
        await rpc('UntagResources', { ResourceType: 'Account', 'ResourceId.1': account.AccountId, 'TagKey.1': key });
        await announce(`Tag ${key} removed.`);
      },
      { 'aria-label': `Remove tag ${key}`, 'data-untag': key },
    );
  return h(
    'section',
    { id: 'member-tags' },
    h('h2', {}, 'Tags'),
    tags.length === 0
      ? h('p', { class: 'muted' }, 'No tags.')
      : h(
          'ul',
          { class: 'tag-list' },
          tags.map((t) => h('li', { 'data-tag': t.Key }, h('code', {}, t.Key), ' = ', h('code', {}, t.Value), ' ', untag(t.Key))),
        ),
    form(
      { 'aria-label': 'Set a tag' },
      [
        field('Tag key', h('input', { name: 'key', id: 'tag-key', autocomplete: 'off' })),
        field('Tag value', h('input', { name: 'value', id: 'tag-value', autocomplete: 'off' }), 'A key the member has gets the new value.'),
        h('button', { type: 'submit' }, 'Set tag'),
      ],
      (button, data) =>
        run(button, async () => {
          const key = String(data.get('key'));
          await rpc('TagResources', {
            ResourceType: 'Account',
            'ResourceId.1': account.AccountId,
            'Tag.1.Key': key,
            'Tag.1.Value': String(data.get('value')),
          });
          await announce(`Tag ${key} set.`);
        }),
    ),
    out,
  );
}
