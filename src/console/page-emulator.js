// Emulator controls: the clock (codes expire, quota days roll over), reset, and faults (the next
// calls of an Action answer a catalog error of your choice).
import { admin, session } from './api.js';
import { actionButton, failureBox, field, form, h, notice, replace, runner, when } from './ui.js';

const PRESETS = [
  ['SendVerificationCodeForEnableRD', 'SendValidateCodeExceedsLimitForAccount'],
  ['EnableResourceDirectory', 'Invalid.VerificationCode'],
  ['CreateFolder', 'QuotaExceeded.Folder.Count'],
  ['InviteAccountToResourceDirectory', 'LimitExceeded.InvitationRate'],
  ['GetResourceDirectory', 'ServiceUnavailable'],
];

export function renderEmulator(view, { go, refresh }) {
  const clock = h('p', { id: 'clock-now' }, 'Loading…');
  const clockOut = h('div', { 'aria-live': 'polite' });
  const faults = h('div', { id: 'fault-list' });
  const faultOut = h('div', { 'aria-live': 'polite' });
  const resetOut = h('div', { 'aria-live': 'polite' });
  const action = h('input', { name: 'action', id: 'fault-action', list: 'fault-actions', required: true, autocomplete: 'off' });
  const code = h('input', { name: 'code', id: 'fault-code', list: 'fault-codes', required: true, autocomplete: 'off' });

  const showClock = ({ now, offsetSeconds }) =>
    replace(
      clock,
      'Emulator time ',
      h('strong', {}, when(now)),
      ` (${offsetSeconds === 0 ? 'real time' : `real time + ${offsetSeconds} s`})`,
    );
  const loadClock = () =>
    admin('GET', '/_canopy/clock')
      .then(showClock)
      .catch((error) => replace(clock, failureBox(error)));
  const advance = (seconds) => (event) =>
    runner(clockOut)(event.currentTarget, async () => {
      showClock(await admin('POST', '/_canopy/clock', { advanceSeconds: seconds }));
      return `Clock moved forward ${seconds} s.`;
    });

  const listFaults = async () => {
    try {
      const { faults: pending } = await admin('GET', '/_canopy/faults');
      replace(
        faults,
        pending.length === 0
          ? h('p', { class: 'muted' }, 'No pending faults.')
          : h(
              'ul',
              {},
              pending.map((f) =>
                h(
                  'li',
                  {},
                  h('code', {}, f.action),
                  ' answers ',
                  h('code', {}, f.code),
                  ` ${f.remaining} more time${f.remaining === 1 ? '' : 's'}`,
                  f.accountId ? ` (account ${f.accountId})` : '',
                ),
              ),
            ),
      );
    } catch (error) {
      replace(faults, failureBox(error));
    }
  };

  replace(
    view,
    h('h1', {}, 'Emulator controls'),
    h(
      'section',
      {},
      h('h2', {}, 'Clock'),
      clock,
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', onclick: advance(600) }, '+10 minutes'),
        h('button', { type: 'button', onclick: advance(3600) }, '+1 hour'),
        h('button', { type: 'button', onclick: advance(86_400) }, '+1 day'),
        h('button', { type: 'button', onclick: advance(14 * 86_400) }, '+14 days'),
      ),
      form(
        { 'aria-label': 'Advance the clock' },
        [
          field('Seconds', h('input', { name: 'seconds', id: 'advance-seconds', type: 'number', min: 1, required: true })),
          h('button', { type: 'submit' }, 'Advance'),
        ],
        (button, data) => advance(Number(data.get('seconds')))({ currentTarget: button }),
      ),
      clockOut,
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Faults'),
      h('p', { class: 'muted' }, 'The next calls of the Action answer this error instead of running (docs/admin-api.md, faults).'),
      h(
        'datalist',
        { id: 'fault-actions' },
        [...new Set(PRESETS.map(([a]) => a))].map((a) => h('option', { value: a })),
      ),
      h(
        'datalist',
        { id: 'fault-codes' },
        PRESETS.map(([, c]) => h('option', { value: c })),
      ),
      h(
        'div',
        { class: 'row' },
        PRESETS.map(([a, c]) =>
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                action.value = a;
                code.value = c;
              },
            },
            `${a}: ${c}`,
          ),
        ),
      ),
      form(
        { 'aria-label': 'Inject a fault' },
        [
          field('Action', action),
          field('Error code', code),
          field('Times', h('input', { name: 'times', type: 'number', min: 1, max: 1000, value: 1 })),
          h('button', { type: 'submit', class: 'primary' }, 'Inject fault'),
        ],
        (button, data) =>
          runner(faultOut)(button, async () => {
            await admin('POST', '/_canopy/faults', {
              action: data.get('action'),
              code: data.get('code'),
              times: Number(data.get('times') || 1),
            });
            await listFaults();
            return `The next call of ${data.get('action')} answers ${data.get('code')}.`;
          }),
      ),
      faultOut,
      faults,
      actionButton('Remove all faults', runner(faultOut), async () => {
        await admin('DELETE', '/_canopy/faults');
        await listFaults();
        return 'Faults removed.';
      }),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Reset'),
      h('p', {}, 'Wipes every account, key, directory, code and message, and puts the clock back to real time.'),
      form(
        { 'aria-label': 'Reset the emulator' },
        [
          h('label', { class: 'row' }, h('input', { type: 'checkbox', name: 'sure', required: true }), 'I want to wipe everything'),
          h('button', { type: 'submit', class: 'danger' }, 'Reset'),
        ],
        (button, data) =>
          data.get('sure') !== 'on'
            ? replace(resetOut, notice('Tick the box first.'))
            : runner(resetOut)(button, async () => {
                await admin('POST', '/_canopy/reset');
                session.update({ account: undefined });
                refresh();
                go('sign-in');
              }),
      ),
      resetOut,
    ),
  );
  loadClock();
  listFaults();
}
