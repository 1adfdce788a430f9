import { readFileSync } from 'node:fs';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpSettings } from '../config/config.js';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.js';
import { handleRpc, type PipelineDeps } from '../protocol/pipeline.js';
import { ReadNonces } from '../protocol/read-nonces.js';
import { renderError } from '../protocol/render.js';
import { newRequestId } from '../observability/audit.js';
import { registerAdminRoutes, type AdminDeps } from './admin-routes.js';
import { registerConfirmEmailRoute, type ConfirmEmailDeps } from './confirm-email-route.js';
import { registerVerifyContactRoute, type VerifyContactDeps } from './verify-contact-route.js';
import { registerConsoleRoute } from './console-route.js';
import { registerTwilioStatusRoute, type TwilioCallbackSettings } from './twilio-status-route.js';
import type { MessagesService } from '../domain/messages/service.js';
import { answerOnSocket, installEdgeGuards, nodeServerOptions } from './edge.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';

export interface ServerOptions {
  readonly log: Logger;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** Deadlines and the connection cap (docs/configuration.md). */
  readonly http: HttpSettings;
  readonly rpc: PipelineDeps;
  readonly admin: AdminDeps;
  /** Twilio status callbacks, when Twilio is a configured sender with a callback URL. */
  readonly twilioCallback: TwilioCallbackSettings | undefined;
  readonly messages: MessagesService;
  /** The page behind the link of an email-change confirmation email. */
  readonly confirmEmail: ConfirmEmailDeps;
  readonly verifyContact: VerifyContactDeps;
}

/**
 * Headers as a map without a prototype and with one string per name, so that a signed-header list
 * naming `constructor` or `set-cookie` finds nothing odd.
 */
function plainHeaders(raw: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = Object.create(null);
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** HTTP wiring only: the RPC endpoint at `/`, the admin API at `/_canopy/`, the email confirmation page, the console at `/console`. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const { rpc } = options;
  const envelope = (error: ApiError) => {
    rpc.metrics.rejected(error.status, error.code);
    return renderError(newRequestId(), rpc.hostId, 'JSON', error);
  };
  const nodeOptions = nodeServerOptions(options.http);
  const app = Fastify({
    loggerInstance: options.log,
    // The RPC pipeline writes one line per request itself, with the RequestId and the Code.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: rpc.limits.maxBodyBytes,
    // Fastify's own defaults would be no request deadline and 72 s of keep-alive.
    requestTimeout: options.http.requestTimeoutMs,
    keepAliveTimeout: options.http.keepAliveTimeoutMs,
    // While draining, a request on a kept-alive connection is still answered (with `connection:
    // close`) rather than with Fastify's bare 503, which is outside the envelope.
    return503OnClosing: false,
    // The API is GET and POST only; a HEAD must not run an action.
    exposeHeadRoutes: false,
    // No route has a JSON schema: Ajv is loaded only if one ever does (lazy-schema-compilers.ts).
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // Errors Fastify meets before any route runs still answer in the API's envelope.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const apiError = error.code === 'FST_ERR_BAD_URL' ? new ApiError('InvalidParameter.Encoding') : new ApiError('MalformedRequest');
      const response = envelope(apiError);
      void reply.code(response.status).headers(response.headers).send(response.body);
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Duplex) => {
      const apiError =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? new ApiError('RequestHeaderFieldsTooLarge')
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? new ApiError('RequestTimeout')
            : new ApiError('MalformedRequest');
      const response = envelope(apiError);
      answerOnSocket(socket, response, STATUS_CODES[response.status] ?? '');
    },
    ...(options.tls
      ? {
          https: {
            ...nodeOptions,
            // A handshake that never ends would hold its connection for Node's default of 120 s.
            handshakeTimeout: options.http.headersTimeoutMs,
            cert: readFileSync(options.tls.certFile),
            key: readFileSync(options.tls.keyFile),
          },
        }
      : { http: nodeOptions }),
  }) as unknown as FastifyInstance;
  installEdgeGuards(app, options.http, envelope);

  // The RPC layer reads raw bytes: V3 signs the body hash, and form bodies are decoded by our own
  // parser so duplicates and bad encodings get precise errors.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // The nonces of reads this instance answered (src/protocol/read-nonces.ts).
  const readNonces = new ReadNonces();
  const rpcRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    const response = await handleRpc(
      rpc,
      {
        method: request.method,
        rawQuery: q === -1 ? '' : url.slice(q + 1),
        headers: plainHeaders(request.headers),
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        client: { ip: request.socket.remoteAddress ?? '', secure: options.tls !== undefined },
      },
      readNonces,
    );
    return reply.code(response.status).headers(response.headers).send(response.body);
  };
  app.get('/', rpcRoute);
  app.post('/', rpcRoute);

  registerAdminRoutes(app, options.admin);
  registerConfirmEmailRoute(app, options.confirmEmail);
  registerVerifyContactRoute(app, options.verifyContact);
  registerConsoleRoute(app);
  if (options.twilioCallback) registerTwilioStatusRoute(app, options.twilioCallback, options.messages, options.log);

  // Anything the RPC route could not take still answers in the API's error envelope.
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
