// The policy simulator: would a RAM user of this member be allowed these actions, and which statement
// decided? Asked of the admin API (POST /_canopy/control-policies/simulate), which evaluates exactly as
// enforcement does; a draft document can be tried as if attached to a node of the member's path.
import { admin, rpc } from './api.js';
import { loadTree } from './directory-tree.js';
import { documentField } from './policy-document.js';
import { cardTable, failureBox, field, form, h, replace, runner } from './ui.js';

export function renderSimulator(view) {
  const setup = h('div', {}, h('p', {}, 'Loading the directory…'));
  const out = h('div', { id: 'simulation', 'aria-live': 'polite' });
  replace(
    view,
    h('h1', {}, 'Policy simulator'),
    h(
      'p',
      { class: 'muted' },
      'Control policies bound the RAM users of member accounts (never the management account). The answer is the evaluation Canopy enforces, for a RAM user of the member chosen.',
    ),
    setup,
    out,
  );
  load(setup, out).catch((error) => replace(setup, failureBox(error)));
}

async function load(setup, out) {
  const rd = (await rpc('GetResourceDirectory')).ResourceDirectory;
  const tree = await loadTree({ FolderId: rd.RootFolderId, FolderName: 'Root' });
  const members = membersOf(tree).filter((m) => m.account.AccountId !== rd.MasterAccountId);
  if (members.length === 0) return replace(setup, h('p', {}, 'The directory has no member besides the management account.'));

  const member = h(
    'select',
    { name: 'member', id: 'sim-member' },
    members.map((m) => h('option', { value: m.account.AccountId }, `${m.account.DisplayName} (${m.account.AccountId}), ${m.path}`)),
  );
  const target = h('select', { name: 'target', id: 'sim-target' });
  // The draft can sit on Root, a folder above the member, or the member itself (its path).
  const fillTargets = () => {
    const chosen = members.find((m) => m.account.AccountId === member.value);
    replace(
      target,
      [...chosen.folders, { FolderId: chosen.account.AccountId, FolderName: `Member ${chosen.account.DisplayName}` }].map((node, i) =>
        h('option', { value: node.FolderId }, i === 0 ? 'Root' : node.FolderName),
      ),
    );
  };
  member.addEventListener('change', fillTargets);
  fillTargets();

  replace(
    setup,
    h(
      'section',
      {},
      form(
        { 'aria-label': 'Simulate' },
        [
          field('Member', member),
          field(
            'Actions',
            h(
              'textarea',
              { name: 'actions', id: 'sim-actions', rows: 3, spellcheck: 'false', class: 'mono' },
              'resourcemanager:CreateFolder',
            ),
            'One a line, as service:Action (ecs:DescribeInstances); up to 100',
          ),
          field(
            'Resource',
            h('input', { name: 'resource', id: 'sim-resource', autocomplete: 'off', class: 'mono' }),
            'Optional ARN (acs:ecs:cn-hangzhou:123456789012:instance/i-1); without it every Resource element matches',
          ),
          field(
            'Condition keys',
            h('textarea', { name: 'context', id: 'sim-context', rows: 2, spellcheck: 'false', class: 'mono' }),
            'Optional, one a line as key=value (acs:SourceIp=10.0.0.7); a key given twice has both values',
          ),
          h(
            'details',
            {},
            h('summary', {}, 'Try a draft policy'),
            field('Attached as if to', target),
            documentField('document', 'sim-document', '', 'Draft document (JSON)'),
          ),
          h('button', { type: 'submit', class: 'primary' }, 'Simulate'),
        ],
        (button, data) => runner(out)(button, async () => result(await admin('POST', '/_canopy/control-policies/simulate', request(data)))),
      ),
    ),
  );
}

function request(data) {
  const lines = (name) =>
    String(data.get(name) ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  const context = {};
  for (const line of lines('context')) {
    const at = line.indexOf('=');
    const key = at < 0 ? line : line.slice(0, at).trim();
    const value = at < 0 ? '' : line.slice(at + 1).trim();
    context[key] = key in context ? [context[key]].flat().concat(value) : value;
  }
  const document = String(data.get('document') ?? '').trim();
  const resource = String(data.get('resource') ?? '').trim();
  return {
    accountId: String(data.get('member')),
    actions: lines('actions'),
    ...(resource ? { resource } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(document ? { with: { target: String(data.get('target')), document } } : {}),
  };
}

const node = (target) => (target.type === 'Root' ? `Root (${target.id})` : `${target.type} ${target.name} (${target.id})`);

function result(simulation) {
  return h(
    'section',
    {},
    h('h2', {}, 'Result'),
    h(
      'p',
      {},
      `Control policy feature: ${simulation.controlPolicyStatus}. `,
      simulation.enforced
        ? 'Canopy enforces these decisions now.'
        : 'Not enforced now; the path is shown as enabling the feature would leave it (FullAliyunAccess everywhere).',
    ),
    h(
      'div',
      { class: 'table-wrap' },
      cardTable(
        ['Action', 'Decision', 'Decided by'],
        simulation.results.map((r) =>
          h(
            'tr',
            { 'data-action': r.action },
            h('td', { class: 'mono', 'data-label': 'Action' }, r.action),
            h(
              'td',
              { 'data-label': 'Decision' },
              h('strong', { class: `decision ${r.decision === 'Allow' ? 'allow' : 'deny'}` }, r.decision),
            ),
            h(
              'td',
              { 'data-label': 'Decided by' },
              r.deniedAt ? h('div', {}, `No Allow matched at ${node(r.deniedAt)}`) : null,
              r.decidedBy.map((d) => h('div', {}, `${d.policyName} (${d.policyId}), Statement[${d.statementIndex}], at ${node(d.target)}`)),
            ),
          ),
        ),
      ),
    ),
    h('h3', {}, 'Path, from Root to the member'),
    h(
      'ol',
      { class: 'sim-path' },
      simulation.path.map((level) =>
        h('li', {}, node(level.target), ': ', level.policies.map((p) => `${p.policyName} (${p.policyId})`).join(', ') || 'no policy'),
      ),
    ),
  );
}

/** Every member with the folders above it, Root first. */
function membersOf(tree, above = []) {
  const folders = [...above, tree.folder];
  return [
    ...tree.members.map((account) => ({ account, folders, path: tree.path })),
    ...tree.folders.flatMap((child) => membersOf(child, folders)),
  ];
}
