import { randomBytes } from 'node:crypto';
import { pct } from './percent-encoding.js';
import { EMPTY_BODY_SHA256, v3AuthorizationHeader, v3CanonicalRequest, v3Sign, v3StringToSign } from './signature-v3.js';

export interface V3Call {
  readonly host: string;
  readonly action: string;
  readonly version: string;
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly now?: Date;
  /** A fresh random one unless given (tests of replay rules reuse one on purpose). */
  readonly nonce?: string;
}

/** Builds a V3-signed RPC request as the official SDK does: params in the query, empty POST body. */
export function signV3(call: V3Call): { path: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    host: call.host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': (call.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': call.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
  };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query: call.params,
    headers,
    signedHeaders,
    payloadHash: EMPTY_BODY_SHA256,
  });
  headers['authorization'] = v3AuthorizationHeader(
    call.accessKeyId,
    signedHeaders,
    v3Sign(v3StringToSign(canonical), call.accessKeySecret),
  );
  const query = Object.keys(call.params)
    .sort()
    .map((key) => `${pct(key)}=${pct(call.params[key]!)}`)
    .join('&');
  return { path: query ? `/?${query}` : '/', headers };
}
