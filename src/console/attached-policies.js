// The control policies attached to a folder or member (ListControlPolicyAttachmentsForTarget), shown
// in the directory's details; attaching and detaching are on the Control policies page.
import { rpc } from './api.js';
import { failureBox, h, replace } from './ui.js';

export function attachedPolicies(targetId) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  rpc('ListControlPolicyAttachmentsForTarget', { TargetId: targetId, Language: 'en' })
    .then((result) => {
      const attached = result.ControlPolicyAttachments?.ControlPolicyAttachment ?? [];
      replace(
        body,
        attached.length === 0
          ? h('p', { class: 'muted' }, 'None (the control policy feature is off, or every policy was detached).')
          : h(
              'ul',
              { class: 'attached-policies' },
              attached.map((p) =>
                h('li', {}, h('a', { href: `#/policies?id=${p.PolicyId}` }, p.PolicyName), ` (${p.PolicyType}, ${p.PolicyId})`),
              ),
            ),
      );
    })
    .catch((error) => replace(body, failureBox(error)));
  return h('section', { class: 'attached' }, h('h2', {}, 'Control policies'), body);
}
