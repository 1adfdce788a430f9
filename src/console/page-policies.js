// Control policies: the directory's feature switch (EnableControlPolicy, DisableControlPolicy,
// GetControlPolicyEnablementStatus), every system and custom policy (all pages of ListControlPolicies),
// a new custom policy, and the selected one (#/policies?id=cp-…) with its document, edits and targets.
import { rpc, rpcAll } from './api.js';
import { policyDetail } from './policy-detail.js';
import { EXAMPLE_DOCUMENT, documentField } from './policy-document.js';
import { actionButton, cardTable, failureBox, field, form, h, notice, replace, runner } from './ui.js';

export function renderPolicies(view) {
  let selectedId = new URLSearchParams(location.hash.split('?')[1] ?? '').get('id');
  const status = h('p', { id: 'policy-status' }, 'Loading…');
  const switchOut = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'policy-list' }, h('p', {}, 'Loading…'));
  const detail = h('div', { id: 'policy-detail', 'aria-live': 'polite' });
  const createOut = h('div', { 'aria-live': 'polite' });
  const state = { flash: undefined };

  const loadStatus = async () => {
    try {
      const { EnablementStatus } = await rpc('GetControlPolicyEnablementStatus');
      const on = EnablementStatus === 'Enabled' || EnablementStatus === 'PendingEnable';
      replace(
        status,
        'Control policy feature: ',
        h('strong', { id: 'policy-enablement' }, EnablementStatus),
        EnablementStatus.startsWith('Pending') ? ' (settles after 10 seconds of the emulator clock)' : '',
        ' ',
        actionButton(on ? 'Disable control policies' : 'Enable control policies', runner(switchOut), async () => {
          const answer = await rpc(on ? 'DisableControlPolicy' : 'EnableControlPolicy');
          await reload();
          return `The feature is now ${answer.EnablementStatus}.`;
        }),
        ' ',
        actionButton('Refresh status', runner(switchOut), () => reload()),
      );
    } catch (error) {
      replace(status, failureBox(error));
    }
  };

  const loadList = async () => {
    try {
      const policies = await rpcAll('ListControlPolicies', { Language: 'en' }, (r) => r.ControlPolicies?.ControlPolicy);
      replace(list, policyTable(policies, selectedId));
      return policies;
    } catch (error) {
      replace(list, failureBox(error));
      return [];
    }
  };

  // A change redraws the list and the selected policy; its outcome is shown above them.
  const reload = async (message) => {
    state.flash = message;
    const [, policies] = await Promise.all([loadStatus(), loadList()]);
    const chosen = policies.find((p) => p.PolicyId === selectedId);
    if (selectedId && !chosen) replace(detail, notice(`Policy ${selectedId} is not in this directory (any more).`));
    else if (chosen) replace(detail, policyDetail(chosen, { reload, select }));
    else replace(detail, h('p', { class: 'muted' }, 'Select a policy to see its document and where it is attached.'));
    if (state.flash) detail.prepend(notice(state.flash));
  };

  // Selecting from within keeps the page (and the outcome shown); the address still names the policy.
  const select = (id, message) => {
    selectedId = id;
    history.replaceState(null, '', id ? `#/policies?id=${id}` : '#/policies');
    return reload(message);
  };

  const name = h('input', { name: 'name', id: 'new-policy-name', autocomplete: 'off', required: true });
  const create = form(
    { 'aria-label': 'Create a custom policy' },
    [
      field('Policy name', name, 'Letters, digits and hyphens, starting with a letter'),
      field('Description', h('input', { name: 'description', id: 'new-policy-description', autocomplete: 'off' }), 'Optional'),
      documentField('document', 'new-policy-document', EXAMPLE_DOCUMENT),
      h('button', { type: 'submit', class: 'primary' }, 'Create policy'),
    ],
    (button, data) =>
      runner(createOut)(button, async () => {
        const created = await rpc('CreateControlPolicy', {
          PolicyName: data.get('name'),
          Description: data.get('description'),
          EffectScope: 'RAM',
          PolicyDocument: data.get('document'),
        });
        const policy = created.ControlPolicy;
        await select(policy.PolicyId, `Created policy ${policy.PolicyName} (${policy.PolicyId}).`);
      }),
  );

  replace(
    view,
    h('h1', {}, 'Control policies'),
    h('section', {}, h('h2', {}, 'Feature'), status, switchOut),
    h('div', { class: 'split policies' }, h('section', {}, h('h2', {}, 'Policies'), list), detail),
    h('section', {}, h('h2', {}, 'New custom policy'), create, createOut),
  );
  reload();
}

function policyTable(policies, selectedId) {
  return h(
    'div',
    { class: 'table-wrap' },
    cardTable(
      ['Name', 'Type', 'Attached', 'Description'],
      policies.map((p) =>
        h(
          'tr',
          { 'data-policy': p.PolicyId },
          h(
            'td',
            { 'data-label': 'Name' },
            h('a', { href: `#/policies?id=${p.PolicyId}`, 'aria-current': p.PolicyId === selectedId ? 'true' : undefined }, p.PolicyName),
            h('div', { class: 'muted mono' }, p.PolicyId),
          ),
          h('td', { 'data-label': 'Type' }, p.PolicyType),
          h('td', { 'data-label': 'Attached' }, p.AttachmentCount),
          h('td', { 'data-label': 'Description' }, p.Description ?? ''),
        ),
      ),
    ),
  );
}
