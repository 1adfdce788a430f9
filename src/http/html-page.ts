import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../delivery/email-template.js';

/**
 * Pages for people (the confirmation links): nothing of them may be framed (clickjacking), cached,
 * or leak a token or code in a Referer; they load nothing and post only to themselves.
 */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

/** A small self-contained HTML page; `body` is HTML the caller has escaped. */
export function htmlPage(reply: FastifyReply, status: number, title: string, body: string) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1rem;padding:.5rem 1.5rem}label{display:block;margin:.5rem 0}input{font-size:1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`;
  return reply.code(status).headers(HEADERS).send(html);
}

/** The query of a GET, or the form body of a POST (the server keeps bodies as bytes for RPC signatures). */
export function formOf(request: { raw: { url?: string | undefined }; body: unknown }, method: 'GET' | 'POST'): URLSearchParams {
  if (method === 'POST') return new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
  const url = request.raw.url ?? '';
  return new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
}

/** A field given exactly once and not empty; anything else counts as absent. */
export function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length === 1 && values[0] !== '' ? values[0] : undefined;
}
