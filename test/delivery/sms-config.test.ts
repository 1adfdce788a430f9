import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { ConfigError } from '../../src/config/config.js';
import { loadSmsConfig } from '../../src/config/sms.js';
import { buildSenders } from '../../src/delivery/senders/index.js';
import { DEFAULT_TEMPLATES } from '../../src/delivery/template.js';

const ALIYUN = {
  CANOPY_ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI5tKey',
  CANOPY_ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
  CANOPY_ALIYUN_SMS_SIGN_NAME: '资源目录',
  CANOPY_ALIYUN_SMS_TEMPLATE_CODE: 'SMS_123456789',
};
const TWILIO = {
  CANOPY_TWILIO_ACCOUNT_SID: `AC${'0f'.repeat(16)}`,
  CANOPY_TWILIO_AUTH_TOKEN: 'token',
  CANOPY_TWILIO_FROM: '+14155550100',
};
const WEBHOOK = { CANOPY_SMS_WEBHOOK_URL: 'https://gateway.example.com/sms', CANOPY_SMS_WEBHOOK_SECRET: 'x'.repeat(32) };

/** Asserts that loading fails with a ConfigError whose message matches. */
function fails(env: Record<string, string | undefined>, message: RegExp, mode: 'emulator' | 'production' = 'production'): void {
  assert.throws(
    () => loadSmsConfig(env, mode),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('loadSmsConfig', () => {
  it('defaults to the inbox in emulator mode and the log in production, English text', () => {
    assert.deepEqual(loadSmsConfig({}, 'emulator'), { senders: [{ name: 'inbox' }], locale: 'en', template: DEFAULT_TEMPLATES.en });
    assert.deepEqual(loadSmsConfig({ CANOPY_SMS_SENDERS: '' }, 'production').senders, [{ name: 'log' }]);
    assert.equal(loadSmsConfig({ CANOPY_SMS_LOCALE: 'zh' }, 'emulator').template, DEFAULT_TEMPLATES.zh);
  });

  it('reads every provider in the listed order with its defaults', async () => {
    const config = loadSmsConfig({ CANOPY_SMS_SENDERS: 'webhook, aliyun-sms,twilio,log', ...ALIYUN, ...TWILIO, ...WEBHOOK }, 'production');
    assert.deepEqual(config.senders, [
      { name: 'webhook', url: WEBHOOK.CANOPY_SMS_WEBHOOK_URL, secret: WEBHOOK.CANOPY_SMS_WEBHOOK_SECRET },
      {
        name: 'aliyun-sms',
        accessKeyId: 'LTAI5tKey',
        accessKeySecret: 'secret',
        signName: '资源目录',
        templateCode: 'SMS_123456789',
        templateParamName: 'code',
        endpoint: 'dysmsapi.aliyuncs.com',
        protocol: 'HTTPS',
      },
      {
        name: 'twilio',
        accountSid: TWILIO.CANOPY_TWILIO_ACCOUNT_SID,
        authToken: 'token',
        from: '+14155550100',
        messagingServiceSid: undefined,
        baseUrl: 'https://api.twilio.com',
        statusCallbackUrl: undefined,
      },
      { name: 'log' },
    ]);
    assert.ok(Object.isFrozen(config.senders[0]));
    const senders = await buildSenders(config, pino({ level: 'silent' }));
    assert.deepEqual(
      senders.map((sender) => sender.name),
      ['webhook', 'aliyun-sms', 'twilio', 'log'],
    );
  });

  it('takes a custom template, and HTTP to a loopback fake', () => {
    const config = loadSmsConfig(
      {
        CANOPY_SMS_SENDERS: 'aliyun-sms',
        ...ALIYUN,
        CANOPY_ALIYUN_SMS_ENDPOINT: '127.0.0.1:9000',
        CANOPY_ALIYUN_SMS_PROTOCOL: 'http',
        CANOPY_ALIYUN_SMS_TEMPLATE_PARAM: 'otp',
        CANOPY_SMS_TEMPLATE: 'Code {code}, {minutes} min.',
      },
      'production',
    );
    assert.equal(config.template, 'Code {code}, {minutes} min.');
    assert.deepEqual(config.senders[0], {
      name: 'aliyun-sms',
      ...{ accessKeyId: 'LTAI5tKey', accessKeySecret: 'secret', signName: '资源目录', templateCode: 'SMS_123456789' },
      templateParamName: 'otp',
      endpoint: '127.0.0.1:9000',
      protocol: 'HTTP',
    });
  });

  it('names the variable for each mistake in the sender list', () => {
    fails(
      { CANOPY_SMS_SENDERS: 'log,sns' },
      /^CANOPY_SMS_SENDERS: unknown sender "sns"; known senders: inbox, log, aliyun-sms, twilio, webhook$/,
    );
    fails({ CANOPY_SMS_SENDERS: 'log, log' }, /^CANOPY_SMS_SENDERS: "log" is listed twice$/);
    fails({ CANOPY_SMS_SENDERS: 'log,,twilio' }, /^CANOPY_SMS_SENDERS: empty entry/);
    fails({ CANOPY_SMS_SENDERS: ' , ' }, /^CANOPY_SMS_SENDERS: lists no sender$/);
    fails({ CANOPY_SMS_SENDERS: 'inbox' }, /^CANOPY_SMS_SENDERS: "inbox" delivers nothing in production mode/);
    fails(
      { CANOPY_SMS_SENDERS: 'log,webhook', ...WEBHOOK },
      /^CANOPY_SMS_SENDERS: "log" always succeeds, so it can only be the last sender/,
    );
    // inbox and log always succeed, so nothing after them could ever be tried.
    fails(
      { CANOPY_SMS_SENDERS: 'inbox,log' },
      /^CANOPY_SMS_SENDERS: "inbox" always succeeds, so it can only be the last sender$/,
      'emulator',
    );
    assert.equal(loadSmsConfig({ CANOPY_SMS_SENDERS: 'webhook,log', ...WEBHOOK }, 'emulator').senders.length, 2);
  });

  it('names each missing credential of a listed provider, and ignores unlisted ones', () => {
    for (const name of Object.keys(ALIYUN)) {
      fails(
        { CANOPY_SMS_SENDERS: 'aliyun-sms', ...ALIYUN, [name]: '' },
        new RegExp(`^${name}: required when CANOPY_SMS_SENDERS lists aliyun-sms$`),
      );
    }
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_AUTH_TOKEN: undefined },
      /^CANOPY_TWILIO_AUTH_TOKEN: required when CANOPY_SMS_SENDERS lists twilio$/,
    );
    fails({ CANOPY_SMS_SENDERS: 'webhook' }, /^CANOPY_SMS_WEBHOOK_URL: required when CANOPY_SMS_SENDERS lists webhook$/);
    fails(
      { CANOPY_SMS_SENDERS: 'webhook', CANOPY_SMS_WEBHOOK_URL: WEBHOOK.CANOPY_SMS_WEBHOOK_URL },
      /^CANOPY_SMS_WEBHOOK_SECRET: required/,
    );
    // Twilio's variables are broken, but Twilio is not listed.
    assert.deepEqual(loadSmsConfig({ CANOPY_SMS_SENDERS: 'log', CANOPY_TWILIO_ACCOUNT_SID: 'nope' }, 'production').senders, [
      { name: 'log' },
    ]);
  });

  it('wants exactly one of the Twilio sender number and messaging service', () => {
    const service = `MG${'ab'.repeat(16)}`;
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_MESSAGING_SERVICE_SID: service },
      /^CANOPY_TWILIO_FROM and CANOPY_TWILIO_MESSAGING_SERVICE_SID: set one of them, not both$/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_FROM: undefined },
      /^CANOPY_TWILIO_FROM or CANOPY_TWILIO_MESSAGING_SERVICE_SID: one is required/,
    );
    const config = loadSmsConfig(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_FROM: '', CANOPY_TWILIO_MESSAGING_SERVICE_SID: service },
      'production',
    );
    assert.equal((config.senders[0] as { messagingServiceSid?: string }).messagingServiceSid, service);
  });

  it('checks the shape of SIDs, numbers, endpoints and protocols', () => {
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_ACCOUNT_SID: 'AC123' },
      /^CANOPY_TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits$/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_FROM: '+1 415 555 0100' },
      /^CANOPY_TWILIO_FROM: must be an E.164 number/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_FROM: undefined, CANOPY_TWILIO_MESSAGING_SERVICE_SID: 'MG1' },
      /^CANOPY_TWILIO_MESSAGING_SERVICE_SID: must be MG/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'aliyun-sms', ...ALIYUN, CANOPY_ALIYUN_SMS_ENDPOINT: 'https://dysmsapi.aliyuncs.com' },
      /^CANOPY_ALIYUN_SMS_ENDPOINT: must be a host name/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'aliyun-sms', ...ALIYUN, CANOPY_ALIYUN_SMS_PROTOCOL: 'FTP' },
      /^CANOPY_ALIYUN_SMS_PROTOCOL: must be HTTPS or HTTP$/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'aliyun-sms', ...ALIYUN, CANOPY_ALIYUN_SMS_PROTOCOL: 'HTTP' },
      /^CANOPY_ALIYUN_SMS_PROTOCOL: HTTP is allowed only with a loopback/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'aliyun-sms', ...ALIYUN, CANOPY_ALIYUN_SMS_TEMPLATE_PARAM: 'a b' },
      /^CANOPY_ALIYUN_SMS_TEMPLATE_PARAM: must be a template variable name/,
    );
  });

  it('refuses bad URLs: not absolute, plain HTTP off the machine, credentials inside', () => {
    const webhook = (url: string) => ({ CANOPY_SMS_SENDERS: 'webhook', ...WEBHOOK, CANOPY_SMS_WEBHOOK_URL: url });
    fails(webhook('gateway.example.com/sms'), /^CANOPY_SMS_WEBHOOK_URL: must be an absolute URL/);
    fails(
      webhook('http://gateway.example.com/sms'),
      /^CANOPY_SMS_WEBHOOK_URL: must be an https:\/\/ URL \(http:\/\/ only to a loopback address/,
    );
    fails(webhook('https://user:pw@gateway.example.com/sms'), /^CANOPY_SMS_WEBHOOK_URL: must not contain a user name or password$/);
    assert.equal(loadSmsConfig(webhook('http://127.0.0.1:8081/sms'), 'production').senders.length, 1);
    assert.equal(loadSmsConfig(webhook('http://[::1]:8081/sms'), 'production').senders.length, 1);
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_BASE_URL: 'http://api.twilio.com' },
      /^CANOPY_TWILIO_BASE_URL: must be an https:\/\/ URL/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'twilio', ...TWILIO, CANOPY_TWILIO_STATUS_CALLBACK_URL: 'ftp://x' },
      /^CANOPY_TWILIO_STATUS_CALLBACK_URL: must be an http:\/\/ or https:\/\/ URL$/,
    );
    fails(
      { CANOPY_SMS_SENDERS: 'webhook', ...WEBHOOK, CANOPY_SMS_WEBHOOK_SECRET: 'short' },
      /^CANOPY_SMS_WEBHOOK_SECRET: must be at least 32 characters$/,
    );
  });

  it('refuses a bad template or locale', () => {
    fails({ CANOPY_SMS_TEMPLATE: 'Your code.' }, /^CANOPY_SMS_TEMPLATE: must contain \{code\}$/);
    fails({ CANOPY_SMS_TEMPLATE: 'Code {code} for {name}' }, /^CANOPY_SMS_TEMPLATE: unknown placeholder \{name\}$/);
    fails({ CANOPY_SMS_LOCALE: 'fr' }, /^CANOPY_SMS_LOCALE: must be en or zh$/);
  });
});
