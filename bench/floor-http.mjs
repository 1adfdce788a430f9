// What the floor servers share (bench/floor.ts): the V3 check, and bare node:http that reads the whole body,
// hands it to `handle(request, body, reply)` and answers with `reply(status, json)`, now or later.
// Prints {"port":N} once listening; SIGTERM or SIGINT stops it.
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseV3Authorization, sha256Hex, v3CanonicalRequest, v3Sign, v3StringToSign } from '../dist/protocol/signature-v3.js';

/**
 * The V3 check with Canopy's own functions. `keyOf(accessKeyId)` reads the key ({ secret, ... }) from
 * the floor's store. Gives { auth, query, key } for a good signature, else { status, code }.
 */
export function checkV3(request, body, keyOf) {
  const auth = parseV3Authorization(String(request.headers.authorization ?? ''));
  if (!auth) return { status: 400, code: 'IncompleteSignature' };
  const q = request.url.indexOf('?');
  const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : request.url.slice(q + 1)));
  const key = keyOf(auth.accessKeyId);
  if (!key) return { status: 404, code: 'InvalidAccessKeyId.NotFound' };
  const canonical = v3CanonicalRequest({
    method: request.method,
    path: '/',
    query,
    headers: request.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const expected = Buffer.from(v3Sign(v3StringToSign(canonical), key.secret));
  const given = Buffer.from(auth.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 400, code: 'SignatureDoesNotMatch' };
  return { auth, query, key };
}

export function serveFloor(handle) {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () =>
      handle(request, Buffer.concat(chunks), (status, json) => {
        const text = JSON.stringify(json);
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
