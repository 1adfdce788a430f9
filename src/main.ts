import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { actions, registry } from './actions/index.js';
import type { Services } from './actions/services.js';
import type { Config } from './config/config.js';
import { AdminService } from './domain/admin/service.js';
import { EmulatorClock } from './domain/admin/emulator-clock.js';
import { AccountsService } from './domain/accounts/service.js';
import { OffsetClock, systemClock, type Clock } from './domain/clock.js';
import { BillingService } from './domain/directory/billing-service.js';
import { TagService } from './domain/tags/tag-service.js';
import { ContactBindingService } from './domain/contacts/binding-service.js';
import { MessageContactService } from './domain/contacts/contact-service.js';
import { ContactVerificationService } from './domain/contacts/verification-service.js';
import { DeletionService } from './domain/directory/deletion-service.js';
import { EmailChangeService } from './domain/directory/email-change-service.js';
import { FolderService } from './domain/directory/folder-service.js';
import { HandshakeService } from './domain/directory/handshake-service.js';
import { MemberService } from './domain/directory/member-service.js';
import { PhoneBindingService } from './domain/directory/phone-binding-service.js';
import { DirectoryScope } from './domain/directory/scope.js';
import { DirectoryService } from './domain/directory/service.js';
import { MessagesService } from './domain/messages/service.js';
import { cryptoRandom, type Random } from './domain/random.js';
import { VerificationService } from './domain/verification/service.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { buildEmailSenders, buildSenders } from './delivery/senders/index.js';
import { buildServer } from './http/server.js';
import { FaultInjector } from './protocol/faults.js';
import { openSqliteStore } from './storage/sqlite/index.js';
import type { OpenedStore, Store } from './storage/store.js';

export interface Canopy {
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: OffsetClock;
  readonly dispatcher: Dispatcher;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /**
   * Stops taking requests, lets those in flight finish for at most the shutdown grace, closes every
   * connection left, then stops delivery and closes the store.
   */
  close(): Promise<void>;
}

export interface CanopyOptions {
  readonly log?: Logger;
  /** Real time for the protocol (timestamps, nonces). Tests may pin it. */
  readonly wallClock?: Clock;
  readonly random?: Random;
}

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** SQLite (file or memory) by default; PostgreSQL when DATABASE_URL says so (loaded only then). */
export async function openStore(config: Config, log: Logger): Promise<OpenedStore> {
  if (config.store.kind === 'postgres') {
    const { openPostgresStore } = await import('./storage/postgres/index.js');
    const { url, schema, poolSize, acquireTimeoutMs, connectTimeoutMs } = config.store;
    return openPostgresStore({ url, schema, poolSize, acquireTimeoutMs, connectTimeoutMs, secret: config.secret, log });
  }
  return openSqliteStore({ path: config.store.kind === 'sqlite' ? config.store.path : undefined, secret: config.secret });
}

/** The composition root: configuration in, a wired service out. */
export async function createCanopy(config: Config, options: CanopyOptions = {}): Promise<Canopy> {
  const log = options.log ?? pino({ level: config.logLevel });
  const random = options.random ?? cryptoRandom;
  const { store, serverSecret } = await openStore(config, log);
  const clock = new OffsetClock();
  const emulatorClock = new EmulatorClock(clock, store, config.mode === 'emulator');
  await emulatorClock.load();
  // Instances that share a database share the emulator clock: follow what any of them set.
  const clockFollower =
    config.mode === 'emulator' && store.kind === 'postgres' ? setInterval(() => emulatorClock.load().catch(() => {}), 1000) : undefined;
  clockFollower?.unref();

  const codeKey = Buffer.from(hkdfSync('sha256', serverSecret, 'canopy', 'verification codes', 32));
  const accounts = new AccountsService(clock, random);
  const verification = new VerificationService(clock, random, config.verification, codeKey, config.protections);
  const scope = new DirectoryScope(clock);
  const { memberQuota } = config.directory;
  const billing = new BillingService(scope);
  const emailKey = Buffer.from(hkdfSync('sha256', serverSecret, 'canopy', 'email change tokens', 32));
  const emailChanges = new EmailChangeService(clock, random, scope, emailKey, {
    ...config.emailChange,
    quotaTimeZone: config.verification.quotaTimeZone,
  });
  const contacts = new MessageContactService(clock, random, config.site, scope, { deletionSeconds: config.directory.deletionSeconds });
  const services: Services = {
    accounts,
    directory: new DirectoryService(clock, random, config.site, accounts, verification, scope),
    folders: new FolderService(clock, random, config.site, scope, { quota: config.directory.folderQuota }),
    members: new MemberService(clock, random, config.site, accounts, scope, billing, { quota: memberQuota }),
    deletions: new DeletionService(clock, scope, {
      checkSeconds: config.directory.deletionCheckSeconds,
      deletionSeconds: config.directory.deletionSeconds,
    }),
    handshakes: new HandshakeService(clock, random, scope, { dailyLimit: config.directory.invitationDailyLimit, memberQuota }),
    phoneBinding: new PhoneBindingService(config.site, verification, scope),
    billing,
    emailChanges,
    tags: new TagService(scope),
    contacts,
    contactBindings: new ContactBindingService(clock, contacts),
    contactVerification: new ContactVerificationService(clock, contacts, verification),
  };
  const messages = new MessagesService(store);

  if (config.mode === 'production' && config.sms.senders.every((sender) => sender.name === 'log')) {
    log.warn('CANOPY_SMS_SENDERS has no SMS provider: codes are written to no phone (the log sender never shows them)');
  }
  if (config.mode === 'production' && config.email.senders.every((sender) => sender.name === 'log')) {
    log.warn('CANOPY_EMAIL_SENDERS has no mail server: confirmation links reach no mailbox (the log sender never shows them)');
  }
  // Links in emails name CANOPY_PUBLIC_URL, else the address this server listens on, known once it does.
  const addressOf = (port: number) =>
    `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let listenUrl = addressOf(config.port);
  const publicUrl = () => config.publicUrl ?? listenUrl;
  const dispatcher = new Dispatcher({
    store,
    senders: await buildSenders(config.sms, log, { sendTimeoutMs: config.delivery.sendTimeoutMs }),
    emailSenders: await buildEmailSenders(config.email, log, { sendTimeoutMs: config.delivery.sendTimeoutMs }),
    publicUrl,
    clock,
    log,
    maskDelivered: config.mode === 'production',
    template: config.sms.template,
    settings: config.delivery,
  });

  const wallClock = options.wallClock ?? systemClock;
  const faults = config.mode === 'emulator' ? new FaultInjector() : undefined;
  const admin = new AdminService(store, accounts, messages, emulatorClock, { mode: config.mode, version: VERSION }, () => faults?.clear());
  const twilio = config.sms.senders.find((sender) => sender.name === 'twilio');
  const app = buildServer({
    log,
    twilioCallback:
      twilio?.name === 'twilio' && twilio.statusCallbackUrl
        ? { authToken: twilio.authToken, callbackUrl: twilio.statusCallbackUrl }
        : undefined,
    messages,
    confirmEmail: { store, emailChanges, log },
    verifyContact: { store, contactVerification: services.contactVerification, log },
    tls: config.tls,
    http: config.http,
    rpc: {
      actions: registry,
      services,
      store,
      wallClock,
      limits: config.limits,
      hostId: config.hostId,
      log,
      faults,
    },
    admin: {
      mode: config.mode,
      adminToken: config.adminToken,
      site: config.site,
      admin,
      smsTemplate: config.sms.template,
      publicUrl,
      faults: { faults, actions: new Set(actions.map((a) => a.name)) },
    },
  });

  // Housekeeping: nonces and send counters are only needed while their windows are open.
  const pruner = setInterval(() => {
    store.transaction((tx) => tx.nonces.prune(wallClock.now())).catch((err: unknown) => log.warn({ err }, 'nonce pruning failed'));
    store.transaction((tx) => verification.pruneSendCounters(tx)).catch((err: unknown) => log.warn({ err }, 'send counter pruning failed'));
  }, 60_000);
  pruner.unref();

  return {
    config,
    app,
    store,
    clock,
    dispatcher,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      dispatcher.start();
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      listenUrl = addressOf(port);
      return listenUrl;
    },
    async close() {
      clearInterval(pruner);
      clearInterval(clockFollower);
      await app.close();
      await dispatcher.stop();
      await store.close();
    },
  };
}
