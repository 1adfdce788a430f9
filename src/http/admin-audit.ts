import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { audit, newRequestId } from '../observability/audit.js';

/** What the audit line of one admin call says beyond its route: the IDs it named or made, how it ended. */
export interface AdminCall {
  readonly requestId: string;
  /** The error code answered; unset for a success. */
  outcome?: string;
  accountId?: string;
  accessKeyId?: string;
}

/**
 * Gives every admin answer a RequestId (`x-canopy-request-id`) and audits every call that may change
 * something (any method but GET) once it is answered, refused ones included. Returns the call of a
 * request, for routes to name what they made and the error handler to name the code it answered.
 */
export function auditAdminCalls(
  admin: FastifyInstance,
  options: { log: Logger; tokenSet: boolean },
): (request: FastifyRequest) => AdminCall {
  const calls = new WeakMap<FastifyRequest, AdminCall>();
  const call = (request: FastifyRequest): AdminCall => calls.get(request) ?? { requestId: 'unknown' };

  admin.addHook('onRequest', async (request, reply) => {
    const params = request.params as { accountId?: string; accessKeyId?: string };
    const requestId = newRequestId();
    calls.set(request, { requestId, accountId: params.accountId, accessKeyId: params.accessKeyId });
    reply.header('x-canopy-request-id', requestId);
  });
  admin.addHook('onResponse', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const { requestId, outcome, accountId, accessKeyId } = call(request);
    const status = reply.statusCode;
    audit(options.log, {
      requestId,
      route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      accountId,
      accessKeyId,
      auth: options.tokenSet ? 'token' : 'loopback',
      ip: request.ip,
      status,
      outcome: outcome ?? (status < 400 ? 'ok' : String(status)),
    });
  });
  return call;
}
