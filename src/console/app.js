// The console's shell: finds the server's mode, keeps the navigation and the signed-in account in
// view, and routes #/page to the page modules. Each page returns a cleanup (timers) for when it is left.
import { admin, session } from './api.js';
import { h, replace } from './ui.js';
import { renderSignIn } from './page-sign-in.js';
import { renderEnable } from './page-enable.js';
import { renderDirectory } from './page-directory.js';
import { renderInvitations } from './page-invitations.js';
import { renderContacts } from './page-contacts.js';
import { renderDelegation } from './page-delegation.js';
import { renderInbox } from './page-inbox.js';
import { renderEmulator } from './page-emulator.js';
import { renderPolicies } from './page-policies.js';
import { renderSimulator } from './page-simulator.js';

const PAGES = {
  directory: { title: 'Directory', render: renderDirectory, needs: 'account' },
  enable: { title: 'Enable', render: renderEnable, needs: 'account' },
  invitations: { title: 'Invitations', render: renderInvitations, needs: 'account' },
  contacts: { title: 'Contacts', render: renderContacts, needs: 'account' },
  delegation: { title: 'Delegation', render: renderDelegation, needs: 'account' },
  policies: { title: 'Control policies', render: renderPolicies, needs: 'account' },
  simulator: { title: 'Simulator', render: renderSimulator, needs: 'account' },
  inbox: { title: 'Inbox', render: renderInbox, needs: 'admin' },
  emulator: { title: 'Emulator', render: renderEmulator, needs: 'admin', emulatorOnly: true },
  'sign-in': { title: 'Sign in', render: renderSignIn, needs: 'nothing' },
};

const view = document.getElementById('view');
let cleanup;
let mode = 'emulator';

const go = (page) => {
  if (location.hash === `#/${page}`) route();
  else location.hash = `#/${page}`;
};

function nav(current) {
  const links = Object.entries(PAGES)
    .filter(([, page]) => !page.emulatorOnly || mode === 'emulator')
    .map(([name, page]) => h('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : undefined }, page.title));
  replace(document.getElementById('nav'), links);
  const { account, adminToken } = session.read();
  const signOut = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        session.clear();
        go('sign-in');
      },
    },
    'Sign out',
  );
  replace(
    document.getElementById('who'),
    account ? h('span', {}, 'Acting as ', h('strong', {}, account.accountName ?? account.accountId), ` (${account.accountId})`) : null,
    account || adminToken ? signOut : null,
  );
}

function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  let name = location.hash.replace(/^#\/?/, '').split('?')[0] || 'directory';
  if (!PAGES[name] || (PAGES[name].emulatorOnly && mode !== 'emulator')) name = 'directory';
  const { account, adminToken } = session.read();
  // Production: nothing but the sign-in page until the admin token is given; no page without an account.
  if ((mode === 'production' && !adminToken) || (PAGES[name].needs === 'account' && !account)) name = 'sign-in';
  const page = PAGES[name];
  document.title = `${page.title} · Canopy console`;
  nav(name);
  replace(view);
  cleanup = page.render(view, { mode, go, refresh: () => nav(name) });
  view.focus({ preventScroll: true });
}

async function start() {
  try {
    mode = (await admin('GET', '/_canopy/health')).mode ?? 'emulator';
  } catch {
    // The health call is public; failing it means the server is not answering, which the pages will show.
  }
  const badge = document.getElementById('mode');
  badge.textContent = `${mode} mode`;
  window.addEventListener('hashchange', route);
  window.addEventListener('canopy:unauthorized', () => {
    if (!session.read().adminToken) return;
    session.update({ adminToken: undefined });
    go('sign-in');
  });
  route();
}

start();
