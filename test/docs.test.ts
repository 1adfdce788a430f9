import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './helpers/harness.js';
import { actions } from '../src/actions/index.js';
import { catalog } from '../src/errors/catalog.js';
import { knownSettings, loadConfig, settingDefaults } from '../src/config/config.js';
import { CODE_GRACE_MS } from '../src/domain/retention/pruner.js';
import { loadProtections } from '../src/config/protections.js';
import { loadSmsConfig } from '../src/config/sms.js';
import { loadEmailConfig } from '../src/config/email.js';
import { DEFAULT_TEMPLATES } from '../src/delivery/template.js';

const page = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const errorsDoc = page('docs/errors.md');
const readme = page('README.md');
const apiDoc = page('docs/api.md');
/** Where settings are documented: the reference, and the production guide for the providers' own. */
const settingsDocs = [page('docs/configuration.md'), page('docs/production.md')].join('\n');

test('docs/errors.md describes every code Canopy adds beyond the API', () => {
  const added = Object.entries(catalog).filter(([, entry]) => 'origin' in entry && entry.origin === 'canopy');
  assert.ok(added.length > 0);
  for (const [code, entry] of added) {
    assert.ok(errorsDoc.includes(`| ${entry.status} | \`${code}\` |`), `${code} (${entry.status}) missing from docs/errors.md`);
  }
});

test('docs/api.md lists every implemented Action, and docs/errors.md every catalog code with its status', () => {
  for (const action of actions) assert.ok(apiDoc.includes(`\`${action.name}\``), `${action.name} missing from docs/api.md`);
  for (const [code, entry] of Object.entries(catalog)) {
    assert.ok(errorsDoc.includes(`| ${entry.status} | \`${code}\``), `${code} (${entry.status}) missing from the table in docs/errors.md`);
  }
});

/**
 * The settings the README names, where a row may shorten a second name to its own ending
 * (`CANOPY_SMS_RETRY_BASE_MS` / `_RETRY_MAX_MS`): such an ending stands for the first name cut at one
 * of its underscores (the last one that makes a setting) and followed by the ending. Names of no setting are returned as they stand.
 */
function documentedSettings(text: string, known: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    let full: string | undefined;
    for (const [, token] of line.matchAll(/`((?:CANOPY|DATABASE|LOG|HOST|PORT)[A-Z0-9_]*|_[A-Z0-9_]+)`/g)) {
      if (!token!.startsWith('_')) {
        full = token!;
        names.add(full);
        continue;
      }
      if (full === undefined) continue;
      const cuts = [...full.matchAll(/_/g)].map((m) => full!.slice(0, m.index)).reverse();
      names.add(cuts.map((cut) => cut + token).find((name) => known.has(name)) ?? `${full} ${token}`);
    }
  }
  return names;
}

test('the docs document every setting Canopy reads, and name no setting it does not', () => {
  const known = new Set(knownSettings());
  for (const name of known) assert.ok(documentedSettings(settingsDocs, known).has(name), `${name} is read by Canopy but not documented`);
  for (const path of ['README.md', ...docPages]) {
    const stale = [...documentedSettings(page(path), known)].filter((name) => name.startsWith('CANOPY_') && !known.has(name));
    assert.deepEqual(stale, [], `settings ${path} names that Canopy does not read`);
  }
});

const docPages = readdirSync(new URL('../docs/', import.meta.url))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);

test('every relative link of the README and the docs names a page that exists, and a heading in it', () => {
  const slug = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-');
  for (const path of ['README.md', ...docPages]) {
    for (const match of page(path).matchAll(/\]\(([^)#: ]*)(#[^) ]*)?\)/g)) {
      const [file, anchor] = [match[1]!, match[2]];
      const targetPath = file === '' ? path : join(dirname(path), file);
      assert.ok(existsSync(new URL(`../${targetPath}`, import.meta.url)), `${path} links to ${targetPath}, which does not exist`);
      if (anchor && targetPath.endsWith('.md')) {
        const headings = [...page(targetPath).matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!));
        assert.ok(headings.includes(anchor.slice(1)), `${path} links to ${targetPath}${anchor}, which has no such heading`);
      }
    }
  }
});

test("the README's Node.js example runs as written against a server", async () => {
  const example = /## A first resource directory, from Node\.js\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'the README has the example');
  const harness = await startServer();
  const dir = mkdtempSync(join(fileURLToPath(new URL('../', import.meta.url)), '.readme-example-'));
  try {
    const account = await harness.createAccount({ securePhone: '1-2025550123' });
    const endpoint = new URL(harness.url).host;
    const source = example
      .replaceAll('127.0.0.1:8080', endpoint)
      .replace(
        "import ResourceManager, * as models from '@alicloud/resourcemanager20200331';",
        `$&\nconst accessKeyId = '${account.accessKeyId}', accessKeySecret = '${account.accessKeySecret}';`,
      );
    writeFileSync(join(dir, 'example.mjs'), source);
    // Asynchronously: the server runs in this process.
    const run = await promisify(execFile)(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8', timeout: 60_000 });
    assert.match(run.stdout, /^rd-[A-Za-z0-9]+\n/, run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await harness.close();
  }
});

test('the docs give each general setting the default the code applies', () => {
  const defaults = settingDefaults();
  const rows = [...settingsDocs.matchAll(/^\| `([A-Z_]+)` \| `([^`]*)` \|/gm)];
  assert.ok(rows.length >= 20, 'the table has its rows');
  for (const [, name, documented] of rows) {
    if (!(name! in defaults)) continue;
    // The data directory is resolved against the working directory, which the table writes as ./
    assert.equal(documented!.replace(/^\.\//, ''), String(defaults[name!]), `${name}'s default`);
  }
  for (const [name, value] of Object.entries(defaults)) {
    if (value !== undefined)
      assert.ok(
        rows.some(([, row]) => row === name),
        `${name} (default ${String(value)}) has no row with its default`,
      );
  }
});

/**
 * The rows that document several settings at once (`A` / `_B` / `_C` | `1` / `5` / `10`): each name
 * with its own value. A name that starts with `_` replaces as many trailing parts of the first name.
 */
function groupedRows(): Map<string, string> {
  const documented = new Map<string, string>();
  for (const [, names, values] of settingsDocs.matchAll(/^\| (`[A-Z_]+`(?: \/ `[A-Z_]+`)+) \| (`[^`|]*`(?: \/ `[^`|]*`)+) \|/gm)) {
    const nameList = [...names!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
    const valueList = [...values!.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
    assert.equal(nameList.length, valueList.length, `${names}: one value per setting`);
    const first = nameList[0]!;
    nameList.forEach((name, i) => {
      const full = name.startsWith('_')
        ? first
            .split('_')
            .slice(0, -(name.split('_').length - 1))
            .join('_') + name
        : name;
      documented.set(full, valueList[i]!);
    });
  }
  return documented;
}

test('the docs give each SMS protection setting the default its loader applies', () => {
  // Production mode: the protections are on, with every default.
  const applied = loadProtections({}, 'production');
  const defaults: Record<string, number> = {
    CANOPY_PHONE_LIMIT_PER_MINUTE: applied.phoneLimits.perMinute,
    CANOPY_PHONE_LIMIT_PER_HOUR: applied.phoneLimits.perHour,
    CANOPY_PHONE_LIMIT_PER_DAY: applied.phoneLimits.perDay,
    CANOPY_PREFIX_BREAKER_FACTOR: applied.prefixBreaker.factor,
    CANOPY_PREFIX_BREAKER_FLOOR: applied.prefixBreaker.floor,
  };
  const documented = groupedRows();
  for (const [name, value] of Object.entries(defaults)) assert.equal(documented.get(name), String(value), `${name}'s default`);
  assert.equal(applied.enabled, true);
  assert.equal(loadProtections({}, 'emulator').enabled, false, 'documented: off in emulator mode');
  assert.deepEqual(applied.countryAllowList, [], 'documented: empty, every code the site allows');
});

/** The default cell of the row that documents `name` first or alone, as written. */
function defaultCell(name: string): string {
  const row = new RegExp(`^\\| \`${name}\`(?: / \`[A-Z_]+\`)* \\| ([^|]*) \\|`, 'm').exec(settingsDocs);
  assert.ok(row, `${name} has a row`);
  return row[1]!.trim();
}

test('the docs and the README give the retention periods the code applies in each mode', () => {
  const emulator = loadConfig({}).retention;
  const production = loadConfig({ CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: 't'.repeat(16), CANOPY_SECRET: 's'.repeat(32) }).retention;
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  for (const [setting, key] of [
    ['CANOPY_RETENTION_MESSAGE_DAYS', 'messageDays'],
    ['CANOPY_RETENTION_RECORD_DAYS', 'recordDays'],
  ] as const) {
    assert.equal(defaultCell(setting), `${production[key]} in production mode, ${emulator[key]} in emulator mode`, `${setting}'s default`);
  }
  // The README's summary, as one line of prose.
  const summary = readme.replace(/\s+/g, ' ');
  const periods = [
    `messages with their delivery attempts ${days(production.messageDays)} (${days(emulator.messageDays)} in emulator mode, \`CANOPY_RETENTION_MESSAGE_DAYS\`)`,
    `finished email changes and invitations ${days(production.recordDays)} past their expiry (${days(emulator.recordDays)} in emulator mode, \`CANOPY_RETENTION_RECORD_DAYS\`)`,
  ];
  for (const period of periods) assert.ok(summary.includes(period), `the README says: ${period}`);
  assert.equal(CODE_GRACE_MS, 3_600_000, 'the README and docs/configuration.md keep codes an hour past expiry');
  assert.ok(summary.includes('codes an hour past expiry'));
  assert.match(settingsDocs, /^\| Verification codes \| an hour after they expire/m);
});

test('the docs give each SMS and email sender setting the default its loader applies', () => {
  const grouped = groupedRows();
  const aliyun = loadSmsConfig(
    {
      CANOPY_SMS_SENDERS: 'aliyun-sms,twilio',
      CANOPY_ALIYUN_SMS_ACCESS_KEY_ID: 'id',
      CANOPY_ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
      CANOPY_ALIYUN_SMS_SIGN_NAME: 'Canopy',
      CANOPY_ALIYUN_SMS_TEMPLATE_CODE: 'SMS_123456789',
      CANOPY_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      CANOPY_TWILIO_AUTH_TOKEN: 'token',
      CANOPY_TWILIO_FROM: '+14155550100',
    },
    'production',
  );
  const [aliyunSms, twilio] = aliyun.senders;
  assert.ok(aliyunSms?.name === 'aliyun-sms' && twilio?.name === 'twilio');
  assert.equal(defaultCell('CANOPY_SMS_LOCALE'), `\`${aliyun.locale}\``);
  assert.equal(defaultCell('CANOPY_SMS_TEMPLATE'), 'built-in text for the locale');
  assert.equal(aliyun.template, DEFAULT_TEMPLATES[aliyun.locale]);
  assert.equal(defaultCell('CANOPY_ALIYUN_SMS_TEMPLATE_PARAM'), `\`${aliyunSms.templateParamName}\``);
  assert.equal(grouped.get('CANOPY_ALIYUN_SMS_ENDPOINT'), aliyunSms.endpoint);
  assert.equal(grouped.get('CANOPY_ALIYUN_SMS_PROTOCOL'), aliyunSms.protocol);
  assert.equal(defaultCell('CANOPY_TWILIO_BASE_URL'), `\`${twilio.baseUrl}\``);
  assert.equal(defaultCell('CANOPY_TWILIO_STATUS_CALLBACK_URL'), 'unset');
  assert.equal(twilio.statusCallbackUrl, undefined);

  for (const [setting, load] of [
    ['CANOPY_SMS_SENDERS', (mode: 'emulator' | 'production') => loadSmsConfig({}, mode).senders],
    ['CANOPY_EMAIL_SENDERS', (mode: 'emulator' | 'production') => loadEmailConfig({}, mode).senders],
  ] as const) {
    const applied = `\`${load('emulator')[0]!.name}\` (emulator), \`${load('production')[0]!.name}\` (production)`;
    assert.equal(defaultCell(setting), applied, `${setting}'s default`);
    assert.equal(load('emulator').length, 1);
    assert.equal(load('production').length, 1);
  }

  const smtp = (env: Record<string, string>) => {
    const [sender] = loadEmailConfig(
      { CANOPY_EMAIL_SENDERS: 'smtp', CANOPY_SMTP_HOST: 'smtp.example.com', CANOPY_EMAIL_FROM: 'rd@example.com', ...env },
      'production',
    ).senders;
    assert.ok(sender?.name === 'smtp');
    return sender;
  };
  const starttls = smtp({});
  const implicit = smtp({ CANOPY_SMTP_TLS: 'implicit' });
  assert.equal(defaultCell('CANOPY_SMTP_TLS'), `\`${starttls.tls}\``);
  assert.equal(defaultCell('CANOPY_SMTP_PORT'), `\`${starttls.port}\`, or \`${implicit.port}\` with \`${implicit.tls}\``);
  assert.equal(smtp({ CANOPY_SMTP_TLS: 'none', CANOPY_SMTP_HOST: '127.0.0.1' }).port, starttls.port);
  assert.equal(defaultCell('CANOPY_SMTP_USER'), 'unset');
  assert.deepEqual([starttls.user, starttls.password], [undefined, undefined]);
  assert.equal(defaultCell('CANOPY_SMTP_CA_FILE'), 'unset');
  assert.equal(starttls.ca, undefined);
});

test('the node:test example of docs/testing.md passes as written (canopy-rd resolved to the source)', async () => {
  const example = /With `node:test`:\n\n```js\n([\s\S]*?)```/.exec(page('docs/testing.md'))?.[1];
  assert.ok(example, 'docs/testing.md has the example');
  const root = fileURLToPath(new URL('../', import.meta.url));
  const dir = mkdtempSync(join(root, '.readme-example-'));
  try {
    // The package's own entry would be dist/, which the package test rebuilds meanwhile: run the source.
    writeFileSync(join(dir, 'example.test.mjs'), example.replace("from 'canopy-rd'", `from '${join(root, 'src/index.ts')}'`));
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--test', join(dir, 'example.test.mjs')], {
      encoding: 'utf8',
      timeout: 120_000,
      // A test runner of its own, not a subtest of this one.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT')),
    }).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(run.stdout, /^# pass 1$/m, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^# fail 0$/m, run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
