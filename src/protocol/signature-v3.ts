import { createHmac } from 'node:crypto';
import { pct } from './percent-encoding.js';
import { sha256 } from './sha256.js';

/** V3 (ACS3-HMAC-SHA256) signatures, spec 9.4. Pure: used to sign and to verify. */
export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface V3Request {
  readonly method: string;
  readonly path: string;
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header name -> value, for the signed headers. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Names of the signed headers, lower case, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex SHA-256 of the body bytes. */
  readonly payloadHash: string;
}

export interface V3Authorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION = /^(\S+)\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([^,\s]+)$/;

export function parseV3Authorization(header: string): V3Authorization | undefined {
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) return undefined;
  return {
    algorithm: match[1]!,
    accessKeyId: match[2]!,
    signedHeaders: match[3]!.split(';'),
    signature: match[4]!,
  };
}

export function sha256Hex(data: string | Buffer): string {
  return sha256(data, 'hex');
}

/**
 * The official Node SDK leaves query keys unencoded while Alibaba's documentation encodes them.
 * For the keys this API uses the two agree; `encodeKeys` lets a verifier try the other form.
 */
export function v3CanonicalRequest(request: V3Request, encodeKeys = true): string {
  const query = Object.keys(request.query)
    .sort()
    .map((key) => `${encodeKeys ? pct(key) : key}=${pct(request.query[key]!)}`)
    .join('&');
  const headers = request.signedHeaders.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('');
  const uri = request.path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  return [request.method.toUpperCase(), uri, query, headers, request.signedHeaders.join(';'), request.payloadHash].join('\n');
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function v3Sign(stringToSign: string, secret: string): string {
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

export function v3AuthorizationHeader(accessKeyId: string, signedHeaders: readonly string[], signature: string): string {
  return `${V3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
}
