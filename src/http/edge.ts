import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { HttpSettings } from '../config/config.js';
import { ApiError } from '../errors/api-error.js';

/** An error rendered in the API's envelope, with a fresh RequestId. */
export type Envelope = (error: ApiError) => { status: number; headers: Record<string, string>; body: string };

/**
 * What Node's HTTP server is created with. Node checks the header and request deadlines on a timer,
 * not per socket; its default period, 30 s, would let a 10 s deadline run to 40 s, so the check runs
 * at least once a second (twice per headers deadline when that is shorter).
 */
export function nodeServerOptions(http: HttpSettings): ServerOptions {
  return {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(http.headersTimeoutMs / 2))),
    // Node would answer a bare 400 itself; the hook below answers in the envelope.
    requireHostHeader: false,
  };
}

/**
 * Protocol errors Node meets before Fastify runs, answered in the envelope like every other error:
 * an HTTP/1.1 request without Host, an `Expect` other than `100-continue` (which Node still answers
 * with `100 Continue`, as SDKs and curl expect). Caps the open connections, and bounds `app.close()`
 * by the shutdown grace.
 */
export function installEdgeGuards(app: FastifyInstance, http: HttpSettings, envelope: Envelope): void {
  app.server.maxConnections = http.maxConnections;
  // Refused connections are otherwise invisible; one line per 10 s tells the operator without flooding.
  let lastDropWarning = 0;
  app.server.on('drop', () => {
    if (Date.now() - lastDropWarning < 10_000) return;
    lastDropWarning = Date.now();
    app.log.warn({ maxConnections: http.maxConnections }, 'CANOPY_MAX_CONNECTIONS reached: new connections are refused');
  });
  app.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const answer = envelope(new ApiError('ExpectationFailed'));
    // The body the client may still send is not read: close rather than parse it as the next request.
    response.writeHead(
      answer.status,
      Object.assign({}, answer.headers, { connection: 'close', 'content-length': String(Buffer.byteLength(answer.body)) }),
    );
    response.end(answer.body);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1 && request.headers.host === undefined) {
      const answer = envelope(new ApiError('MalformedRequest.MissingHost'));
      return reply
        .code(answer.status)
        .headers(Object.assign({}, answer.headers, { connection: 'close' }))
        .send(answer.body);
    }
  });
  boundClose(app, http.shutdownGraceMs);
}

/**
 * `app.close()` stops accepting connections and waits for the requests in flight, for at most
 * `graceMs`; then it destroys every connection left (a client still sending, one that never reads
 * its answer, a TLS handshake that never ends) so that shutdown always ends.
 */
function boundClose(app: FastifyInstance, graceMs: number): void {
  // Raw sockets, TLS ones included before their handshake: Node's own list starts after it.
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
    setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, graceMs).unref();
  });
  // A connection busy when the drain starts closes after its answer instead of idling to the end of
  // the grace (Node closes at once only the connections that are idle when the drain starts).
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
}

/**
 * Answers a client error on the bare socket (Fastify has no request for it): an envelope with
 * `connection: close`, then the socket is destroyed. HTTP sockets are half-open, so `end()` alone
 * would leave a client that never closes its side holding the connection and its file descriptor.
 */
export function answerOnSocket(socket: Duplex, answer: ReturnType<Envelope>, statusText: string): void {
  // A response already under way on this socket cannot be followed by another.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) return void socket.destroy();
  const head = [`HTTP/1.1 ${answer.status} ${statusText}`, 'connection: close'];
  for (const [name, value] of Object.entries(answer.headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${Buffer.byteLength(answer.body)}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`, () => socket.destroy());
}
