import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccountNameTaken } from '../domain/accounts/service.js';
import { AdminRefusal, type AdminService } from '../domain/admin/service.js';
import { CommitOutcomeUnknown, StoreUnavailable } from '../domain/store.js';
import { parsePhone } from '../domain/verification/phone.js';
import { hasNonXmlCharacter } from '../protocol/xml.js';
import { auditAdminCalls } from './admin-audit.js';
import { accountView, clockView, messageView } from './admin-views.js';
import { registerFaultRoutes, type FaultRouteDeps } from './fault-routes.js';
import { registerPolicyRoutes } from './policy-routes.js';
import { registerTrustedServiceRoutes } from './trusted-service-routes.js';
import type { PolicySimulator } from '../domain/policies/simulator.js';

export interface AdminDeps {
  readonly mode: 'emulator' | 'production';
  readonly adminToken: string | undefined;
  readonly site: 'international' | 'china';
  readonly admin: AdminService;
  /** The SMS text template, to show emulator messages as a phone would receive them. */
  readonly smsTemplate: string;
  /** The base of links in emails, to show emulator emails as a mailbox would receive them. */
  readonly publicUrl: () => string;
  /** Emulator fault injection (absent in production) and the Actions it may target. */
  readonly faults: FaultRouteDeps;
  /** `POST /_canopy/control-policies/simulate`. */
  readonly simulator: PolicySimulator;
  /** `GET /_canopy/metrics`: the Prometheus text format. */
  readonly metrics: { readonly contentType: string; render(): Promise<string> };
  /** Where the audit lines of admin changes go. */
  readonly log: Logger;
  /** Whether this process can serve now: the store answers, its schema is current, the secret fits. */
  readonly readiness: () => Promise<Readiness>;
}

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Refused up front: PostgreSQL rejects NUL in text (a 500 otherwise), and an XML answer cannot carry the others.
const text = () =>
  z
    .string()
    .refine((value) => !hasNonXmlCharacter(value), 'must not contain control characters other than tab, LF and CR, nor U+FFFE or U+FFFF');

const newAccount = z.strictObject({
  displayName: text().pipe(z.string().trim().min(1).max(50)).optional(),
  accountName: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}@[a-z0-9.-]+\.[a-z]{2,}$/, 'must look like name@domain.tld')
    .optional(),
  securePhone: z.string().optional(),
  enterpriseVerified: z.boolean().optional(),
  enterpriseName: text().pipe(z.string().max(100)).optional(),
  site: z.enum(['international', 'china']).optional(),
  profileType: z.enum(['standard', 'reseller', 'virtual-operator']).optional(),
});

/** No body (or `{}`): the account's root key; `ramUser`: a key of that RAM user of the account. */
const newAccessKey = z.strictObject({
  ramUser: z
    .string()
    .regex(/^[A-Za-z0-9.@_-]{1,64}$/, 'must be 1-64 letters, digits and . - _ @')
    .optional(),
});

const messageQuery = z.object({
  channel: z.enum(['sms', 'email']).optional(),
  phone: z.string().optional(),
  email: z
    .string()
    .transform((value) => value.toLowerCase())
    .optional(),
  accountId: z.string().optional(),
  purpose: z.enum(['EnableRD', 'BindSecureMobilePhone', 'ChangeAccountEmail', 'MessageContactPhone', 'MessageContactEmail']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const clockBody = z.strictObject({
  advanceSeconds: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 86_400),
});

/**
 * The admin API under `/_canopy/`: accounts and keys, the SMS inbox, reset and the emulator clock.
 * With a token configured it requires `Authorization: Bearer <token>`; without one it answers only
 * loopback clients (and production mode refuses to start without a token).
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { admin: service } = deps;
  app.register(async (admin) => {
    admin.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
      try {
        done(null, text === '' ? {} : JSON.parse(text as string));
      } catch {
        done(new AdminError(400, 'InvalidRequest', 'The body is not valid JSON.'), undefined);
      }
    });
    // Registered first: a call refused by authorize still gets its RequestId and its audit line.
    const call = auditAdminCalls(admin, { log: deps.log, tokenSet: deps.adminToken !== undefined });
    admin.addHook('onRequest', async (request) => authorize(request, deps.adminToken));
    admin.setErrorHandler((error, request, reply) => {
      const [status, body] = adminError(error);
      const { requestId } = call(request);
      call(request).outcome = body.code;
      if (status === 500) deps.log.error({ err: error, requestId, route: request.routeOptions.url }, 'admin request failed');
      if (status === 503) {
        deps.log.warn({ err: error, requestId, route: request.routeOptions.url }, 'admin request: store unavailable');
        return reply.code(status).send(Object.assign({}, body, { requestId }));
      }
      return reply.code(status).send(body);
    });

    const fail = (status: number, code: string, message: string) => new AdminError(status, code, message);
    registerFaultRoutes(admin, deps.faults, jsonBody, fail);
    registerPolicyRoutes(admin, deps.simulator, jsonBody, fail);

    admin.get('/_canopy/health', { config: { public: true } }, async () => service.health());

    admin.get('/_canopy/metrics', async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.render()));

    // For load balancers: health says the process is alive, ready that it can serve requests now.
    admin.get('/_canopy/ready', { config: { public: true } }, async (_request, reply) => {
      const readiness = await deps.readiness();
      if (readiness.ready) return { status: 'ready' };
      return reply.code(503).send({ status: 'not-ready', reason: readiness.reason });
    });

    admin.post('/_canopy/accounts', async (request, reply) => {
      const body = parse(newAccount, jsonBody(request));
      const securePhone = body.securePhone === undefined ? null : normalisePhone(body.securePhone);
      const { account, key } = await service.createAccount({
        name: body.accountName,
        displayName: body.displayName,
        securePhone,
        enterpriseVerified: body.enterpriseVerified,
        enterpriseName: body.enterpriseName,
        site: body.site ?? deps.site,
        profileType: body.profileType,
      });
      Object.assign(call(request), { accountId: account.id, accessKeyId: key.id });
      return reply.code(201).send({ accountId: account.id, accountName: account.name, accessKeyId: key.id, accessKeySecret: key.secret });
    });

    admin.get('/_canopy/accounts', async () => ({ accounts: (await service.listAccounts()).map(accountView) }));

    admin.post<{ Params: { accountId: string } }>('/_canopy/accounts/:accountId/access-keys', async (request, reply) => {
      const body = parse(newAccessKey, jsonBody(request));
      const key = await service.createAccessKey(request.params.accountId, body.ramUser ?? null);
      call(request).accessKeyId = key.id;
      if (key.ramUser === null) return reply.code(201).send({ accessKeyId: key.id, accessKeySecret: key.secret });
      return reply.code(201).send({ accessKeyId: key.id, accessKeySecret: key.secret, ramUser: key.ramUser });
    });

    admin.delete<{ Params: { accountId: string; accessKeyId: string } }>(
      '/_canopy/accounts/:accountId/access-keys/:accessKeyId',
      async (request, reply) => {
        await service.deleteAccessKey(request.params.accountId, request.params.accessKeyId);
        return reply.code(204).send();
      },
    );

    admin.get('/_canopy/messages', async (request) => {
      const query = parse(messageQuery, request.query);
      const phone = query.phone === undefined ? undefined : canonicalOrRaw(query.phone);
      const filter = { channel: query.channel, phone, email: query.email, accountId: query.accountId, purpose: query.purpose };
      const records = await service.listMessages(filter, query.limit);
      const emulator = deps.mode === 'emulator' ? { smsTemplate: deps.smsTemplate, publicUrl: deps.publicUrl() } : undefined;
      return { messages: records.map(({ message, attempts }) => messageView(message, attempts, emulator)) };
    });

    admin.delete('/_canopy/messages', async (_request, reply) => {
      await service.clearMessages();
      return reply.code(204).send();
    });

    admin.post('/_canopy/reset', async (_request, reply) => {
      await service.reset();
      return reply.code(204).send();
    });

    registerTrustedServiceRoutes(admin, service, parse, jsonBody);

    admin.get('/_canopy/clock', async () => clockView(await service.clockNow()));

    admin.post('/_canopy/clock', async (request) => {
      const body = parse(clockBody, jsonBody(request));
      return clockView(await service.advanceClock(body.advanceSeconds));
    });
  });
}

function authorize(request: FastifyRequest, token: string | undefined): void {
  if ((request.routeOptions.config as { public?: boolean }).public) return;
  if (token === undefined) {
    // A browser page is a loopback client too: refuse foreign origins (CSRF) and foreign host names
    // (DNS rebinding), so only local tools reach an admin API that has no token.
    const origin = request.headers.origin;
    if (
      !isLoopback(request.socket.remoteAddress) ||
      !isLoopbackHost(request.headers.host) ||
      (origin !== undefined && !isLoopbackOrigin(origin))
    ) {
      throw new AdminError(403, 'Forbidden', 'Without CANOPY_ADMIN_TOKEN the admin API answers local tools on loopback only.');
    }
    return;
  }
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AdminError(401, 'Unauthorized', 'A valid "Authorization: Bearer <token>" header is required.');
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || !!address?.startsWith('127.');
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

function isLoopbackOrigin(origin: string): boolean {
  const match = /^https?:\/\/(.+)$/i.exec(origin);
  return !!match && isLoopbackHost(match[1]);
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AdminError(400, 'InvalidRequest', `${where}${issue.message}`);
}

/** Admin bodies are JSON; an empty body of any type counts as `{}`. */
function jsonBody(request: FastifyRequest): unknown {
  if (!Buffer.isBuffer(request.body)) return request.body ?? {};
  if (request.body.length === 0) return {};
  throw new AdminError(415, 'UnsupportedMediaType', 'Send the body as application/json.');
}

function normalisePhone(value: string): string {
  const phone = parsePhone(value);
  if (typeof phone === 'string') throw new AdminError(400, 'InvalidRequest', 'securePhone: expected a valid <country code>-<number>');
  return phone.canonical;
}

function canonicalOrRaw(value: string): string {
  const phone = parsePhone(value);
  return typeof phone === 'string' ? value : phone.canonical;
}

const refusalStatus = {
  EmulatorOnly: 403,
  AccountNotFound: 404,
  AccessKeyNotFound: 404,
  DirectoryNotFound: 404,
  UnknownServicePrincipal: 400,
  NotAdministrator: 409,
  NotEnabled: 404,
} as const;

/** The status and body an admin error answers with; 500 for anything unexpected, which the caller logs. */
function adminError(error: unknown): [number, { code: string; message: string }] {
  if (error instanceof AdminError) return [error.status, { code: error.code, message: error.message }];
  if (error instanceof AdminRefusal) return [refusalStatus[error.reason], { code: error.reason, message: error.message }];
  if (error instanceof AccountNameTaken) {
    return [409, { code: 'AccountNameTaken', message: `Account name ${error.accountName} is already used.` }];
  }
  if (error instanceof StoreUnavailable) {
    // Not reachable yet, lost, or busy: the caller logs the cause with the RequestId.
    const message =
      error instanceof CommitOutcomeUnknown
        ? 'The connection to the database was lost during COMMIT: the change may or may not have been made. Check before repeating it.'
        : 'The store is not available now; nothing was changed. Retry later.';
    return [503, { code: 'ServiceUnavailable', message }];
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return [status, { code: 'InvalidRequest', message: (error as Error).message }];
  return [500, { code: 'InternalError', message: 'The request failed; see the server log.' }];
}
