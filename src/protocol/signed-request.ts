import { timingSafeEqual } from 'node:crypto';
import { ApiError, invalidParameter, missingParameter } from '../errors/api-error.js';
import { decodeInto, type ParamLimits, type Params } from './params.js';
import type { Format } from './render.js';
import { v1Sign, v1StringToSign } from './signature-v1.js';
import {
  EMPTY_BODY_SHA256,
  parseV3Authorization,
  sha256Hex,
  V3_ALGORITHM,
  v3CanonicalRequest,
  v3Sign,
  v3StringToSign,
} from './signature-v3.js';

/** The parts of an HTTP request the RPC protocol looks at. */
export interface RpcRequest {
  readonly method: string;
  /** Everything after `?` in the request target, still encoded. */
  readonly rawQuery: string;
  /** Lower-case names; a map without a prototype, one string per name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Where the request came from and whether it came over TLS: the `acs:SourceIp` and `acs:SecureTransport` of control-policy conditions. */
  readonly client?: { readonly ip: string; readonly secure: boolean };
}

/** What a signed request claims, before the claim is checked against the AccessKey secret. */
export interface SignedRequest {
  readonly scheme: 'V1' | 'V3';
  readonly action: string;
  readonly version: string;
  readonly accessKeyId: string;
  readonly nonce: string;
  readonly timestamp: string;
  readonly format: Format;
  /** Business and common parameters, query and form body merged. */
  readonly params: Params;
  /** Undefined when the signature is right; otherwise the server's string-to-sign, for the error. */
  mismatch(secret: string): string | undefined;
}

// Values that must never be echoed back, not even inside a string-to-sign.
const SECRET_PARAMS = new Set(['VerificationCode']);

/** Decodes the query and a form body into one parameter map, enforcing the request limits. */
export function readParams(request: RpcRequest, limits: ParamLimits): { params: Params; query: Params } {
  const count = { n: 0 };
  const query: Params = Object.create(null);
  decodeInto(query, request.rawQuery, limits, count);
  const params: Params = Object.assign(Object.create(null), query);
  const type = request.headers['content-type'] ?? '';
  if (request.body.length > 0 && type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    decodeInto(params, request.body.toString('utf8'), limits, count);
  }
  return { params, query };
}

/** V3 when an `ACS3-` Authorization header is present, else V1. */
export function parseSignedRequest(request: RpcRequest, params: Params, query: Params): SignedRequest {
  const authorization = request.headers['authorization'];
  if (authorization?.startsWith('ACS3-')) return parseV3(request, authorization, params, query);
  return parseV1(request, params);
}

function parseV1(request: RpcRequest, params: Params): SignedRequest {
  const action = required(params, 'Action');
  const version = required(params, 'Version');
  if (params['SecurityToken'] !== undefined || params['SignatureType'] === 'BEARERTOKEN' || request.headers['x-acs-bearer-token']) {
    throw new ApiError('InvalidSecurityToken.NotSupported');
  }
  const format = (params['Format'] ?? 'JSON').toUpperCase();
  if (format !== 'JSON' && format !== 'XML') throw invalidParameter('Format');
  const signature = required(params, 'Signature');
  const accessKeyId = required(params, 'AccessKeyId');
  const nonce = required(params, 'SignatureNonce');
  if (nonce.length > MAX_NONCE_LENGTH) throw invalidParameter('SignatureNonce');
  const timestamp = required(params, 'Timestamp');
  if ((params['SignatureMethod'] ?? 'HMAC-SHA1') !== 'HMAC-SHA1') throw invalidParameter('SignatureMethod');
  if ((params['SignatureVersion'] ?? '1.0') !== '1.0') throw invalidParameter('SignatureVersion');
  const signed: Params = { ...params };
  delete signed['Signature'];
  return {
    scheme: 'V1',
    action,
    version,
    accessKeyId,
    nonce,
    timestamp,
    format: format as Format,
    params,
    mismatch(secret) {
      const stringToSign = v1StringToSign(request.method, signed);
      if (sameString(v1Sign(stringToSign, secret), signature)) return undefined;
      const shown = v1StringToSign(request.method, masked(signed));
      return `Specified signature is not matched with our calculation. server string to sign is:${shown}`;
    },
  };
}

const V3_REQUIRED_HEADERS = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const HEADER_NAME = /^[a-z0-9-]+$/;
/** Nonces are opaque, but they are stored for the whole window: keep them to a sane size. */
const MAX_NONCE_LENGTH = 256;

function parseV3(request: RpcRequest, authorization: string, params: Params, query: Params): SignedRequest {
  const headers = request.headers;
  const action = headers['x-acs-action'];
  if (!action) throw missingParameter('Action');
  const version = headers['x-acs-version'];
  if (!version) throw missingParameter('Version');
  if (headers['x-acs-security-token'] !== undefined || headers['x-acs-bearer-token'] !== undefined) {
    throw new ApiError('InvalidSecurityToken.NotSupported');
  }
  const auth = parseV3Authorization(authorization);
  if (!auth || auth.algorithm !== V3_ALGORITHM || !wellFormedSignedHeaders(auth.signedHeaders)) {
    throw new ApiError('IncompleteSignature');
  }
  for (const name of V3_REQUIRED_HEADERS) {
    if (!headers[name]) throw missingParameter(name);
    if (!auth.signedHeaders.includes(name)) throw new ApiError('IncompleteSignature');
  }
  // A form body is read as parameters only when the client declared it so, under its signature.
  if (request.body.length > 0 && headers['content-type'] !== undefined && !auth.signedHeaders.includes('content-type')) {
    throw new ApiError('IncompleteSignature');
  }
  if (headers['x-acs-signature-nonce']!.length > MAX_NONCE_LENGTH) throw invalidParameter('x-acs-signature-nonce');
  // Most calls carry their parameters in the query: an empty body's hash is a constant.
  const payloadHash = request.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(request.body);
  return {
    scheme: 'V3',
    action,
    version,
    accessKeyId: auth.accessKeyId,
    nonce: headers['x-acs-signature-nonce']!,
    timestamp: headers['x-acs-date']!,
    format: 'JSON',
    params,
    mismatch(secret) {
      const base = { method: request.method, path: '/', query, headers, signedHeaders: auth.signedHeaders, payloadHash };
      let stringToSign = v3StringToSign(v3CanonicalRequest(base));
      if (headers['x-acs-content-sha256'] === payloadHash) {
        if (sameString(v3Sign(stringToSign, secret), auth.signature)) return undefined;
        // The official Node SDK leaves query keys unencoded; they differ only for unusual keys.
        if (Object.keys(query).some((key) => encodeURIComponent(key) !== key)) {
          const unencoded = v3StringToSign(v3CanonicalRequest(base, false));
          if (sameString(v3Sign(unencoded, secret), auth.signature)) return undefined;
        }
      } else {
        stringToSign = `${stringToSign} (x-acs-content-sha256 does not match the body)`;
      }
      return `Specified signature does not match our calculation. server StringToSign is [${stringToSign}]`;
    },
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The request time must be well formed and within the window either side of real time; returns it. */
export function checkTimestamp(timestamp: string, now: Date, windowSeconds: number): Date {
  const at = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) throw new ApiError('InvalidTimeStamp.Format');
  if (Math.abs(now.getTime() - at) > windowSeconds * 1000) throw new ApiError('InvalidTimeStamp.Expired');
  return new Date(at);
}

/** Lower-case names of real headers, each once, never the Authorization header itself. */
function wellFormedSignedHeaders(names: readonly string[]): boolean {
  return names.every((name) => HEADER_NAME.test(name) && name !== 'authorization') && new Set(names).size === names.length;
}

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function masked(params: Params): Params {
  const copy: Params = { ...params };
  for (const name of SECRET_PARAMS) if (copy[name] !== undefined) copy[name] = '******';
  return copy;
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
