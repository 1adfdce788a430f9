// Delegated administrators of the signed-in management account's directory: the trusted services on
// for it (ListTrustedServiceStatus; turned on and off through the admin API, which stands in for each
// service's own console), registration and deregistration of members (RegisterDelegatedAdministrator,
// DeregisterDelegatedAdministrator), the administrators (ListDelegatedAdministrators) and the services
// of one (ListDelegatedServicesForAccount).
import { admin, rpc, rpcAll } from './api.js';
import { actionButton, cardTable, dataList, failureBox, field, form, h, replace, runner, when } from './ui.js';

/** Suggestions only: the server decides which identifiers it knows (docs/api.md, Trusted services). */
const KNOWN_SERVICES = [
  'config.aliyuncs.com',
  'actiontrail.aliyuncs.com',
  'cloudfw.aliyuncs.com',
  'resourcecenter.aliyuncs.com',
  'ros.aliyuncs.com',
  'tag.aliyuncs.com',
];

const servicePrincipal = (id) =>
  field('Service principal', h('input', { name: 'service', id, list: 'known-services', required: true, autocomplete: 'off' }));

export function renderDelegation(view) {
  const out = h('div', { 'aria-live': 'polite' });
  const run = runner(out);
  const trusted = h('div', { id: 'trusted-services' }, h('p', {}, 'Loading…'));
  const admins = h('div', { id: 'delegated-admins' }, h('p', {}, 'Loading…'));
  const services = h('div', { id: 'delegated-services', 'aria-live': 'polite' });
  const members = h('select', { name: 'account', id: 'delegate-account' });
  const state = { rd: undefined };

  const load = async () => {
    try {
      state.rd ??= (await rpc('GetResourceDirectory')).ResourceDirectory;
      const [enabled, delegated, accounts] = await Promise.all([
        rpcAll('ListTrustedServiceStatus', {}, (r) => r.EnabledServicePrincipals?.EnabledServicePrincipal),
        rpcAll('ListDelegatedAdministrators', {}, (r) => r.Accounts?.Account),
        rpcAll('ListAccounts', {}, (r) => r.Accounts?.Account),
      ]);
      replace(trusted, trustedTable(enabled));
      replace(admins, adminTable(delegated));
      const others = accounts.filter((a) => a.AccountId !== state.rd.MasterAccountId);
      replace(
        members,
        others.map((a) => h('option', { value: a.AccountId }, `${a.DisplayName} (${a.AccountId})`)),
      );
    } catch (error) {
      replace(trusted, failureBox(error));
      replace(admins);
    }
  };

  const after = async (message) => {
    await load();
    return message;
  };

  const trustedTable = (enabled) =>
    enabled.length === 0
      ? h('p', { class: 'muted' }, 'No trusted service is on for the management account.')
      : cardTable(
          ['Service principal', 'On since', ''],
          enabled.map((e) =>
            h(
              'tr',
              { 'data-service': e.ServicePrincipal },
              h('td', { class: 'mono', 'data-label': 'Service principal' }, e.ServicePrincipal),
              h('td', { 'data-label': 'On since' }, when(e.EnableTime)),
              h(
                'td',
                {},
                actionButton(`Turn off ${e.ServicePrincipal}`, run, async () => {
                  await admin(
                    'DELETE',
                    `/_canopy/directories/${state.rd.ResourceDirectoryId}/trusted-services/${encodeURIComponent(e.ServicePrincipal)}`,
                  );
                  return after(`${e.ServicePrincipal} is off.`);
                }),
              ),
            ),
          ),
        );

  const adminTable = (delegated) =>
    delegated.length === 0
      ? h('p', { class: 'muted' }, 'No delegated administrators yet.')
      : cardTable(
          ['Member', 'Service principal', 'Since', ''],
          delegated.map((a) =>
            h(
              'tr',
              { 'data-admin': `${a.AccountId} ${a.ServicePrincipal}` },
              h('td', { 'data-label': 'Member' }, a.DisplayName, h('div', { class: 'muted mono' }, `${a.AccountId}, ${a.JoinMethod}`)),
              h('td', { class: 'mono', 'data-label': 'Service principal' }, a.ServicePrincipal),
              h('td', { 'data-label': 'Since' }, when(Number(a.DelegationEnabledTime))),
              h(
                'td',
                { class: 'row' },
                actionButton(`Services of ${a.DisplayName}`, runner(services), () => servicesOf(a)),
                actionButton(
                  `Deregister ${a.DisplayName} for ${a.ServicePrincipal}`,
                  run,
                  async () => {
                    await rpc('DeregisterDelegatedAdministrator', { AccountId: a.AccountId, ServicePrincipal: a.ServicePrincipal });
                    replace(services);
                    return after(`${a.DisplayName} is no longer a delegated administrator of ${a.ServicePrincipal}.`);
                  },
                  { class: 'danger' },
                ),
              ),
            ),
          ),
        );

  // The services one administrator holds: ENABLED once the service is on for the management account or for it.
  const servicesOf = async (a) => {
    const list = (await rpc('ListDelegatedServicesForAccount', { AccountId: a.AccountId })).DelegatedServices?.DelegatedService ?? [];
    const again = () => servicesOf(a);
    return h(
      'div',
      { class: 'card', 'data-services-of': a.AccountId },
      h('h3', {}, `Delegated services of ${a.DisplayName}`),
      list.map((s) =>
        h(
          'div',
          { class: 'row', 'data-service': s.ServicePrincipal },
          dataList({ 'Service principal': s.ServicePrincipal, Status: s.Status, Since: when(Number(s.DelegationEnabledTime)) }),
          actionButton(
            s.Status === 'ENABLED' ? `Turn off for ${a.DisplayName}` : `Turn on for ${a.DisplayName}`,
            runner(services),
            async () => {
              const path = `/_canopy/directories/${state.rd.ResourceDirectoryId}/trusted-services`;
              if (s.Status === 'ENABLED')
                await admin('DELETE', `${path}/${encodeURIComponent(s.ServicePrincipal)}?accountId=${a.AccountId}`);
              else await admin('POST', path, { servicePrincipal: s.ServicePrincipal, accountId: a.AccountId });
              return again();
            },
          ),
        ),
      ),
    );
  };

  replace(
    view,
    h('h1', {}, 'Delegated administrators'),
    h(
      'p',
      { class: 'muted' },
      'A member registered as a delegated administrator of a trusted service manages that service for the whole directory.',
    ),
    h(
      'datalist',
      { id: 'known-services' },
      KNOWN_SERVICES.map((s) => h('option', { value: s })),
    ),
    out,
    h('h2', {}, 'Trusted services'),
    trusted,
    form(
      { 'aria-label': 'Turn on a trusted service' },
      [servicePrincipal('trusted-service'), h('button', { type: 'submit' }, 'Turn on')],
      (button, data) =>
        run(button, async () => {
          const service = String(data.get('service'));
          await admin('POST', `/_canopy/directories/${state.rd.ResourceDirectoryId}/trusted-services`, { servicePrincipal: service });
          return after(`${service} is on for the management account.`);
        }),
    ),
    h(
      'p',
      { class: 'muted' },
      "In Alibaba Cloud a trusted service is turned on in that service's own console; here the admin API stands in for it.",
    ),
    h('h2', {}, 'Administrators'),
    admins,
    services,
    h('h2', {}, 'Register a delegated administrator'),
    form(
      { 'aria-label': 'Register a delegated administrator' },
      [field('Member', members), servicePrincipal('delegate-service'), h('button', { type: 'submit' }, 'Register')],
      (button, data) =>
        run(button, async () => {
          const service = String(data.get('service'));
          await rpc('RegisterDelegatedAdministrator', { AccountId: data.get('account'), ServicePrincipal: service });
          return after(`${data.get('account')} is a delegated administrator of ${service}.`);
        }),
    ),
  );
  load();
}
