// One control policy: its fields and document (GetControlPolicy); for a custom one, edits
// (UpdateControlPolicy) and deletion (DeleteControlPolicy); for any, the folders and members it is
// attached to (ListTargetAttachmentsForControlPolicy, every page), detach and attach.
import { rpc, rpcAll } from './api.js';
import { loadTree } from './directory-tree.js';
import { documentField } from './policy-document.js';
import { actionButton, cardTable, dataList, failureBox, field, form, h, replace, runner, when } from './ui.js';

export function policyDetail(policy, { reload, select }) {
  const custom = policy.PolicyType === 'Custom';
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);
  const documentBox = h('div', {}, h('p', { class: 'muted' }, 'Loading the document…'));
  const targets = h('div', { id: 'policy-targets' }, h('p', { class: 'muted' }, 'Loading…'));
  const attachChoice = h('div', {}, h('p', { class: 'muted' }, 'Loading the directory…'));
  const id = policy.PolicyId;

  rpc('GetControlPolicy', { PolicyId: id, Language: 'en' })
    .then(({ ControlPolicy: full }) =>
      replace(documentBox, custom ? editForm(full) : h('pre', { class: 'mono document' }, pretty(full.PolicyDocument))),
    )
    .catch((error) => replace(documentBox, failureBox(error)));

  const editForm = (full) =>
    form(
      { 'aria-label': 'Update the policy' },
      [
        field('Policy name', h('input', { name: 'name', id: 'edit-policy-name', value: full.PolicyName, autocomplete: 'off' })),
        field(
          'Description',
          h('input', { name: 'description', id: 'edit-policy-description', value: full.Description ?? '', autocomplete: 'off' }),
        ),
        documentField('document', 'edit-policy-document', pretty(full.PolicyDocument)),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'submit', class: 'primary' }, 'Save policy'),
          actionButton(
            'Delete policy',
            run,
            async () => {
              await rpc('DeleteControlPolicy', { PolicyId: id });
              await select(undefined, `Deleted policy ${full.PolicyName}.`);
            },
            { class: 'danger' },
          ),
        ),
      ],
      (button, data) =>
        run(button, async () => {
          await rpc('UpdateControlPolicy', {
            PolicyId: id,
            NewPolicyName: data.get('name'),
            NewDescription: data.get('description'),
            NewPolicyDocument: data.get('document'),
          });
          await reload(`Saved policy ${data.get('name')}.`);
        }),
    );

  rpcAll('ListTargetAttachmentsForControlPolicy', { PolicyId: id }, (r) => r.TargetAttachments?.TargetAttachment)
    .then((attached) => replace(targets, targetTable(attached)))
    .catch((error) => replace(targets, failureBox(error)));

  const targetTable = (attached) =>
    attached.length === 0
      ? h('p', { class: 'muted' }, 'Attached to nothing.')
      : cardTable(
          ['Target', 'Type', 'Attached', ''],
          attached.map((t) =>
            h(
              'tr',
              { 'data-target': t.TargetId },
              h('td', { 'data-label': 'Target' }, t.TargetName, h('div', { class: 'muted mono' }, t.TargetId)),
              h('td', { 'data-label': 'Type' }, t.TargetType),
              h('td', { 'data-label': 'Attached' }, when(t.AttachDate)),
              h(
                'td',
                {},
                actionButton('Detach', run, async () => {
                  await rpc('DetachControlPolicy', { PolicyId: id, TargetId: t.TargetId });
                  await reload(`Detached ${policy.PolicyName} from ${t.TargetName}.`);
                }),
              ),
            ),
          ),
        );

  directoryTargets()
    .then((choices) =>
      replace(
        attachChoice,
        form(
          { 'aria-label': 'Attach the policy' },
          [
            field(
              'Folder or member',
              h(
                'select',
                { name: 'target', id: 'attach-target' },
                choices.map((c) => h('option', { value: c.id }, c.label)),
              ),
            ),
            h('button', { type: 'submit' }, 'Attach'),
          ],
          (button, data) =>
            run(button, async () => {
              const targetId = String(data.get('target'));
              await rpc('AttachControlPolicy', { PolicyId: id, TargetId: targetId });
              await reload(`Attached ${policy.PolicyName} to ${choices.find((c) => c.id === targetId)?.label ?? targetId}.`);
            }),
        ),
      ),
    )
    .catch((error) => replace(attachChoice, failureBox(error)));

  return h(
    'section',
    { 'data-selected-policy': id },
    h('h2', { tabindex: '-1' }, `Policy ${policy.PolicyName}`),
    dataList({
      'Policy ID': id,
      Type: policy.PolicyType,
      'Effect scope': policy.EffectScope,
      Description: policy.Description || 'none',
      Attachments: policy.AttachmentCount,
      Created: when(policy.CreateDate),
      Updated: when(policy.UpdateDate),
    }),
    out,
    h('h3', {}, custom ? 'Document' : 'Document (a system policy cannot be changed)'),
    documentBox,
    h('h3', {}, 'Attached to'),
    targets,
    attachChoice,
  );
}

const pretty = (text) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** Root, every folder and every member of the caller's directory, as attach targets. */
async function directoryTargets() {
  const rd = (await rpc('GetResourceDirectory')).ResourceDirectory;
  const tree = await loadTree({ FolderId: rd.RootFolderId, FolderName: 'Root' });
  const walk = (subtree) => [
    { id: subtree.folder.FolderId, label: `Folder ${subtree.path}` },
    ...subtree.members.map((m) => ({ id: m.AccountId, label: `Member ${m.DisplayName} (${m.AccountId}) in ${subtree.path}` })),
    ...subtree.folders.flatMap(walk),
  ];
  return walk(tree);
}
