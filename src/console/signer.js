// ACS3-HMAC-SHA256 in the browser with WebCrypto: the same canonical request as the official SDKs
// (spec 9.4) and as Canopy's verifier (src/protocol/signature-v3.ts). Parameters travel in the query
// and the POST body is empty, as the SDK sends RPC calls.

export const ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const encoder = new TextEncoder();
const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function pct(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export async function hmacSha256Hex(secret, text) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
}

export function canonicalQuery(params) {
  return Object.keys(params)
    .sort()
    .map((key) => `${pct(key)}=${pct(params[key])}`)
    .join('&');
}

export function canonicalRequest({ method, path, params, headers, signedHeaders, payloadHash }) {
  const lines = signedHeaders.map((name) => `${name}:${String(headers[name] ?? '').trim()}\n`).join('');
  return [method, path, canonicalQuery(params), lines, signedHeaders.join(';'), payloadHash].join('\n');
}

/** A fresh nonce per call: the server refuses one it has seen (SignatureNonceUsed). */
export function newNonce() {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Signs one RPC call. `host` is what the browser will send (location.host): it is signed but not set,
 * browsers set it themselves. Answers the URL to POST to and the headers to send.
 */
export async function signRpc({ host, action, version, params, accessKeyId, accessKeySecret, date = new Date(), nonce = newNonce() }) {
  const headers = {
    host,
    'x-acs-action': action,
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
    'x-acs-date': date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': nonce,
    'x-acs-version': version,
  };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: 'POST', path: '/', params, headers, signedHeaders, payloadHash: EMPTY_BODY_SHA256 });
  const signature = await hmacSha256Hex(accessKeySecret, `${ALGORITHM}\n${await sha256Hex(canonical)}`);
  const { host: _signedNotSent, ...sent } = headers;
  sent.authorization = `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  const query = canonicalQuery(params);
  return { url: query ? `/?${query}` : '/', headers: sent, canonical };
}
