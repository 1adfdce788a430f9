import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web console (docs/console.md): static files shipped with the package, served as they are. The
 * page is a client of the RPC API (it signs its calls in the browser) and of the admin API; this
 * route only hands out its files. Strict CSP: scripts and styles from this origin only, no inline
 * code, calls to this origin only, never framed.
 */
const HEADERS = {
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
};

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.') + 1)];

/** From src/http or dist/http alike: the build copies src/console to dist/console. */
const ASSET_DIR = new URL('../console/', import.meta.url);

export function registerConsoleRoute(app: FastifyInstance): void {
  // Read on the first visit, not at start: most servers never serve the console, and start-up time counts.
  let assets: Map<string, { type: string; body: Buffer }> | undefined;
  const load = () => {
    assets ??= new Map(
      readdirSync(ASSET_DIR)
        .filter((name) => typeOf(name) !== undefined)
        .map((name) => [name, { type: typeOf(name)!, body: readFileSync(new URL(name, ASSET_DIR)) }]),
    );
    return assets;
  };
  const send = (reply: FastifyReply, name: string) => {
    const asset = load().get(name);
    if (!asset) return reply.code(404).headers(HEADERS).type('text/plain; charset=utf-8').send('Not found');
    return reply.code(200).headers(HEADERS).type(asset.type).send(asset.body);
  };
  app.get('/console', async (_request, reply) => send(reply, 'index.html'));
  app.get('/console/', async (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/console/:file', async (request, reply) => send(reply, request.params.file));
}
