import { hkdfSync } from 'node:crypto';
import { createRequire } from 'node:module';
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
import { ControlPolicyService } from './domain/policies/policy-service.js';
import { TagService } from './domain/tags/tag-service.js';
import { DelegationService } from './domain/delegation/delegation-service.js';
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
import type { OutboxHandoff } from './domain/messages/store.js';
import { alnum, cryptoRandom, type Random } from './domain/random.js';
import { Pruner } from './domain/retention/pruner.js';
import { type DomainStores, StoreUnavailable } from './domain/store.js';
import { VerificationService } from './domain/verification/service.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { buildEmailSenders, buildSenders } from './delivery/senders/index.js';
import { buildServer } from './http/server.js';
import { createMetrics } from './observability/metrics.js';
import { FaultInjector } from './protocol/faults.js';
import { ControlPolicyGuard } from './domain/policies/guard.js';
import { PolicySimulator } from './domain/policies/simulator.js';
import { openSqliteStore } from './storage/sqlite/index.js';
import type { OpenedStore, Store, StoreMetrics } from './storage/store.js';
import { passwordsIn, StoreLifecycle } from './store-lifecycle.js';

export interface Canopy {
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: OffsetClock;
  readonly dispatcher: Dispatcher;
  /** The retention job; tests run it at will. */
  readonly pruner: Pruner;
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
  /**
   * The store was reached after start but refused this process (StartupRefused): the process must
   * stop. Default: log the message at fatal and exit with status 2, as a refusal at start does.
   */
  readonly onFatal?: (error: Error) => void;
}

// By the package's own name, so the compiled tree and the bundled command line (dist/bundle) find it alike.
export const VERSION: string = createRequire(import.meta.url)('canopy-rd/package.json').version;

/**
 * SQLite (file or memory) by default; PostgreSQL when DATABASE_URL says so (loaded only then).
 * `handoff`: the dispatcher of a process that delivers, which then gets each message it queues.
 */
export async function openStore(config: Config, log: Logger, metrics?: StoreMetrics, handoff?: OutboxHandoff): Promise<OpenedStore> {
  if (config.store.kind === 'postgres') {
    const { openPostgresStore } = await import('./storage/postgres/index.js');
    const { url, schema, poolSize, acquireTimeoutMs, connectTimeoutMs } = config.store;
    return openPostgresStore({ url, schema, poolSize, acquireTimeoutMs, connectTimeoutMs, secret: config.secret, log, metrics, handoff });
  }
  const file = config.store.kind === 'sqlite' ? config.store : undefined;
  return openSqliteStore({ path: file?.path, cacheMb: file?.cacheMb, secret: config.secret, handoff, log });
}

/** The services keyed by the server secret (code hashes, email tokens): built once the store has given it. */
interface SecretBound {
  readonly services: Services;
  readonly verification: VerificationService;
}

function buildServices(config: Config, clock: Clock, random: Random, accounts: AccountsService, serverSecret: string): SecretBound {
  const codeKey = Buffer.from(hkdfSync('sha256', serverSecret, 'canopy', 'verification codes', 32));
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
    delegation: new DelegationService(clock, scope),
    controlPolicies: new ControlPolicyService(clock, random, scope),
    contacts,
    contactBindings: new ContactBindingService(clock, contacts),
    contactVerification: new ContactVerificationService(clock, contacts, verification),
  };
  return { services, verification };
}

/**
 * Every transaction first takes the emulator clock as committed in the store, so all processes of it
 * agree: `emulatorClock.follow`, a statement of its own, for the services; for the RPC pipeline
 * `followWithNext`, read with the first statement (one round trip fewer on PostgreSQL), sound there
 * alone since the pipeline's first statement is the key lookup and nothing before it reads the clock.
 */
function followingClock(store: Store, follow: (tx: DomainStores) => Promise<void> | void): Store {
  return {
    ...store,
    transaction: (work) =>
      store.transaction(async (tx) => {
        await follow(tx);
        return work(tx);
      }),
  };
}

/** The composition root: configuration in, a wired service out. */
export async function createCanopy(config: Config, options: CanopyOptions = {}): Promise<Canopy> {
  const log = options.log ?? pino({ level: config.logLevel });
  const random = options.random ?? cryptoRandom;
  // A registry per instance: tests run several in one process.
  const metrics = createMetrics({ actions: actions.map((a) => a.name) });
  // PostgreSQL may not be reachable yet: the server then starts anyway, not ready, and connects in the background.
  const lifecycle = new StoreLifecycle({
    kind: config.store.kind,
    // The dispatcher, built below, gets the messages this process queues; the store opens (at
    // lifecycle.start) after it is built.
    open: (): Promise<OpenedStore> => openStore(config, log, metrics.store, dispatcher),
    log,
    secrets: config.store.kind === 'postgres' ? passwordsIn(config.store.url) : [],
  });
  const clock = new OffsetClock();
  const emulatorClock = new EmulatorClock(clock, lifecycle.store, config.mode === 'emulator');
  const store = config.mode === 'emulator' ? followingClock(lifecycle.store, (tx) => emulatorClock.follow(tx)) : lifecycle.store;
  let secretBound: SecretBound | undefined;
  // Reached only inside a transaction, which fails with StoreUnavailable until the store is open.
  const bound = (): SecretBound => {
    if (!secretBound) throw new StoreUnavailable('the store is not connected yet');
    return secretBound;
  };
  const accounts = new AccountsService(clock, random);
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
  const wallClock = options.wallClock ?? systemClock;
  const dispatcher: Dispatcher = new Dispatcher({
    store,
    senders: await buildSenders(config.sms, log, { sendTimeoutMs: config.delivery.sendTimeoutMs }),
    emailSenders: await buildEmailSenders(config.email, log, { sendTimeoutMs: config.delivery.sendTimeoutMs }),
    publicUrl,
    clock,
    wallClock,
    log,
    maskDelivered: config.mode === 'production',
    template: config.sms.template,
    settings: config.delivery,
    metrics: metrics.delivery,
  });
  metrics.watch({
    outbox: async () => {
      const { pending, oldestCreatedAt } = await messages.backlog();
      const age = oldestCreatedAt === null ? 0 : Math.max(0, clock.now().getTime() - oldestCreatedAt.getTime()) / 1000;
      return { pending, oldestAgeSeconds: age };
    },
    circuits: () => dispatcher.circuitStates(),
    storeBytes: () => store.transaction((tx) => tx.retention.sizeBytes()),
    tableBytes: () => store.tableBytes(),
  });

  const faults = config.mode === 'emulator' ? new FaultInjector() : undefined;
  const guard = new ControlPolicyGuard(clock);
  const simulator = new PolicySimulator(store, clock);
  const admin = new AdminService(store, accounts, messages, emulatorClock, { mode: config.mode, version: VERSION }, () => faults?.clear());
  const twilio = config.sms.senders.find((sender) => sender.name === 'twilio');
  const app = buildServer({
    log,
    twilioCallback:
      twilio?.name === 'twilio' && twilio.statusCallbackUrl
        ? { authToken: twilio.authToken, callbackUrl: twilio.statusCallbackUrl }
        : undefined,
    messages,
    confirmEmail: {
      store,
      log,
      get emailChanges() {
        return bound().services.emailChanges;
      },
    },
    verifyContact: {
      store,
      log,
      get contactVerification() {
        return bound().services.contactVerification;
      },
    },
    tls: config.tls,
    http: config.http,
    rpc: {
      actions: registry,
      get services() {
        return bound().services;
      },
      store: config.mode === 'emulator' ? followingClock(lifecycle.store, (tx) => emulatorClock.followWithNext(tx)) : lifecycle.store,
      wallClock,
      limits: config.limits,
      hostId: config.hostId,
      log,
      faults,
      metrics: metrics.requests,
      guard,
    },
    admin: {
      mode: config.mode,
      adminToken: config.adminToken,
      site: config.site,
      admin,
      smsTemplate: config.sms.template,
      publicUrl,
      faults: { faults, actions: new Set(actions.map((a) => a.name)) },
      simulator,
      readiness: () => lifecycle.readiness(),
      metrics,
      log,
    },
  });

  // Housekeeping, off the request path: what no rule needs any more is deleted in small batches, by
  // one instance at a time (docs/configuration.md, Retention).
  const pruner = new Pruner({
    store,
    clock,
    wallClock,
    holder: `${process.pid}-${alnum(random, 12)}`,
    quotaTimeZone: config.verification.quotaTimeZone,
    settings: config.retention,
    sendCounters: (tx, limit) => bound().verification.pruneSendCounters(tx, limit),
    metrics: metrics.retention,
    onError: (err) => log.warn({ err }, 'pruning failed; the next run tries again'),
  });

  // The dispatcher and the pruner run once the server listens and the store is open, whichever comes last.
  let listening = false;
  let dispatching = false;
  const startDispatching = () => {
    if (dispatching || !listening || !lifecycle.isOpen) return;
    dispatching = true;
    dispatcher.start();
    pruner.start();
  };
  await lifecycle.start({
    onOpen: async ({ serverSecret }) => {
      secretBound = buildServices(config, clock, random, accounts, serverSecret);
      startDispatching();
      await emulatorClock.load().catch((err: unknown) => log.warn({ err }, 'could not read the emulator clock; each request reads it'));
    },
    onFatal: options.onFatal ?? ((error) => stopProcess(log, error)),
  });

  return {
    config,
    app,
    store,
    clock,
    dispatcher,
    pruner,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      listening = true;
      startDispatching();
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      listenUrl = addressOf(port);
      return listenUrl;
    },
    async close() {
      await app.close();
      await pruner.stop();
      await dispatcher.stop();
      await lifecycle.close();
    },
  };
}

/** A store that refused this process after start (the secret does not fit): stop, as a refusal at start does. */
function stopProcess(log: Logger, error: Error): void {
  log.fatal(`canopy: ${error.message}`);
  process.stderr.write(`canopy: ${error.message}\n`);
  process.exit(2);
}
