import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.js';
import { handleRpc, type PipelineDeps } from '../protocol/pipeline.js';
import { renderError } from '../protocol/render.js';
import { randomUUID } from 'node:crypto';
import { registerAdminRoutes, type AdminDeps } from './admin-routes.js';

export interface ServerOptions {
  readonly log: Logger;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly rpc: PipelineDeps;
  readonly admin: AdminDeps;
}

/** HTTP wiring only: the RPC endpoint at `/`, the admin API at `/_canopy/`. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const { rpc } = options;
  const app = Fastify({
    loggerInstance: options.log,
    // The RPC pipeline writes one line per request itself, with the RequestId and the Code.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: rpc.limits.maxBodyBytes,
    return503OnClosing: true,
    ...(options.tls
      ? { https: { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) } }
      : {}),
  }) as unknown as FastifyInstance;

  // The RPC layer reads raw bytes: V3 signs the body hash, and form bodies are decoded by our own
  // parser so duplicates and bad encodings get precise errors.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const rpcRoute = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    const response = await handleRpc(rpc, {
      method: request.method,
      rawQuery: q === -1 ? '' : url.slice(q + 1),
      headers: request.headers as Record<string, string | undefined>,
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    });
    return reply.code(response.status).headers(response.headers).send(response.body);
  };
  app.get('/', rpcRoute);
  app.post('/', rpcRoute);

  registerAdminRoutes(app, options.admin);

  // Anything the RPC route could not take still answers in the API's error envelope.
  const envelope = (error: ApiError) => renderError(randomUUID().toUpperCase(), rpc.hostId, 'JSON', error);
  app.setNotFoundHandler((_request, reply) => {
    const response = envelope(new ApiError('InvalidAction.NotFound'));
    return reply.code(response.status).headers(response.headers).send(response.body);
  });
  app.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    const apiError =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new ApiError('RequestEntityTooLarge', { args: [rpc.limits.maxBodyBytes] })
        : error.statusCode && error.statusCode < 500
          ? new ApiError('InvalidParameter', { args: ['body'] })
          : new ApiError('InternalError');
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    const response = envelope(apiError);
    return reply.code(response.status).headers(response.headers).send(response.body);
  });
  return app;
}
