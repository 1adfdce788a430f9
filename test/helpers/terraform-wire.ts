import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Harness, TestAccount } from './harness.js';

/**
 * The wire of terraform-provider-alicloud's `client.RpcPost` (connectivity/client.go rpcRequest),
 * replayed from the Go sources it runs on: tea-rpc v1.2.0 `DoRequest`, tea-rpc-utils v1.1.2 `Query`
 * and `GetSignatureV1`, tea-utils v1.4.5 `ToFormString`. Written apart from Canopy's own signer, so
 * a difference between Go's encoding and Canopy's verifier shows up here.
 */

export type Product = 'ResourceManager' | 'ResourceDirectoryMaster';
export const API_VERSION: Readonly<Record<Product, string>> = { ResourceManager: '2020-03-31', ResourceDirectoryMaster: '2022-04-19' };

/** tea.SDKError as the provider sees it: `Data` is the response re-encoded as JSON, the way IsExpectedErrors searches it. */
export class TeaSdkError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly data: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TeaSdkError';
  }
}

/** Where the Go code would panic (a failed type assertion, `util.AssertAsMap`): Terraform would crash. */
export class ProviderPanic extends Error {
  override name = 'ProviderPanic';
}

/** A `jsonpath.Get` error (PaesslerAG/jsonpath v0.1.1): the provider turns it into a failed operation. */
export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

/** Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay, a space becomes `+`, upper-case hex. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode: keys sorted byte-wise, `key=value` joined with `&`. */
export function goValuesEncode(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(values[key]!)}`)
    .join('&');
}

/**
 * rpcutil.Query: nil dropped, scalars through `%v` (an empty string kept), slices as `K.1`, maps as
 * `K.k`, slices of maps as `K.1.k`. The Go code round-trips through JSON first, so only JSON values count.
 */
export function flatten(input: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, prefix: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${prefix}.${i + 1}`);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${prefix}.${k}`);
    } else {
      out[prefix] = String(value);
    }
  };
  for (const [key, value] of Object.entries(JSON.parse(JSON.stringify(input)) as Record<string, unknown>)) walk(value, key);
  return out;
}

/** GetSignatureV1: Go's form encoding patched to RFC 3986, then POST&%2F&QueryEscape(canonical). */
export function signatureV1(params: Readonly<Record<string, string>>, secret: string): string {
  const canonical = goValuesEncode(params).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  return createHmac('sha1', `${secret}&`)
    .update(`POST&%2F&${goQueryEscape(canonical)}`)
    .digest('base64');
}

/** rpcutil.GetTimestamp: UTC, second precision, a literal Z. */
const timestamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface WireCall {
  readonly action: string;
  readonly version: string;
  /** The business parameters as they went into the body, flattened. */
  readonly body: Readonly<Record<string, string>>;
  readonly status: number;
  readonly code?: string;
}

/** What one HTTP exchange looked like, for the assertions on the wire form itself. */
export interface RawExchange {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** tea-utils' default user agent, followed by the provider's own (config.go getUserAgent). */
const USER_AGENT =
  'AlibabaCloud (linux; amd64) Golang/1.24.4 Core/0.01 TeaDSL/1 HashiCorp-Terraform/1.9.8 Terraform-Provider/1.289.0 ' +
  `Terraform-Module/ TerraformTraceId/${randomUUID()}`;

/**
 * One provider connection to Canopy. `calls` records every HTTP attempt (an SDK auto-retry is one
 * more entry), so tests can assert the sequence the provider would have sent.
 */
export class TerraformClient {
  readonly calls: WireCall[] = [];
  lastExchange: RawExchange | undefined;

  constructor(
    private readonly port: number,
    private readonly account: Pick<TestAccount, 'accessKeyId' | 'accessKeySecret'>,
  ) {}

  /**
   * `client.RpcPost(product, version, action, query, body, autoRetry)`. With autoRetry the SDK makes
   * up to 4 attempts while the answer is a 5xx (tea.AllowRetry with maxAttempts 3, tea.Retryable).
   */
  async rpcPost(product: Product, action: string, body: Record<string, unknown> | null, autoRetry = true): Promise<Record<string, any>> {
    const attempts = autoRetry ? 4 : 1;
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return formatError(await this.once(product, action, body));
      } catch (error) {
        last = error;
        if (!(error instanceof TeaSdkError) || error.statusCode < 500) throw error;
      }
    }
    throw last;
  }

  private async once(product: Product, action: string, body: Record<string, unknown> | null): Promise<Record<string, any>> {
    const version = API_VERSION[product];
    const query: Record<string, string> = {
      Action: action,
      Format: 'json',
      Timestamp: timestamp(new Date()),
      Version: version,
      SignatureNonce: randomBytes(16).toString('hex'),
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: this.account.accessKeyId,
    };
    const form = body === null ? {} : flatten(body);
    query['Signature'] = signatureV1({ ...query, ...form }, this.account.accessKeySecret);
    const headers: Record<string, string> = {
      'x-acs-version': version,
      'x-acs-action': action,
      host: `127.0.0.1:${this.port}`,
      'user-agent': USER_AGENT,
    };
    const payload = body === null ? '' : goValuesEncode(form);
    if (body !== null) headers['content-type'] = 'application/x-www-form-urlencoded';
    const path = `/?${goValuesEncode(query)}`;
    this.lastExchange = { path, headers, body: payload };
    const { status, text } = await post(this.port, path, headers, payload);
    const res = assertAsMap(readAsJson(text));
    const failed = status >= 400 && status < 600;
    const code = failed ? goString(res['Code'] ?? res['code']) : undefined;
    this.calls.push({ action, version, body: form, status, ...(code === undefined ? {} : { code }) });
    if (!failed) return res;
    const message = `code: ${status}, ${goString(res['Message'] ?? res['message'])} request id: ${goString(res['RequestId'] ?? res['requestId'])}`;
    throw new TeaSdkError(code!, status, message, JSON.stringify(res), res);
  }

  /** The calls so far as `RM Action` or `RDM Action` (by product), for sequence assertions. */
  sequence(): string[] {
    return this.calls.map((c) => `${c.version === '2022-04-19' ? 'RDM' : 'RM'} ${c.action}`);
  }
}

export const terraformClient = (harness: Harness, account: TestAccount) => new TerraformClient(harness.port, account);

/** tea.ToString: `%v`, so a missing value reads `<nil>`. */
const goString = (value: unknown) => (value === undefined || value === null ? '<nil>' : String(value));

/** util.ReadAsJSON: numbers stay numbers (UseNumber); a body that is not JSON is an error. */
function readAsJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`util.ReadAsJSON: ${(error as Error).message}: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** util.AssertAsMap panics on anything but a JSON object. */
function assertAsMap(value: unknown): Record<string, any> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProviderPanic(`util.AssertAsMap: ${typeof value}`);
  return value as Record<string, any>;
}

/**
 * connectivity/client.go formatError: a 2xx body whose `Code` is not a success word, without
 * `Success: true` and with a Message that is absent or non-empty, is an error with status 200.
 */
export function formatError(response: Record<string, any>): Record<string, any> {
  const hasCode = 'Code' in response || 'code' in response;
  const code = response['Code'] ?? response['code'];
  if (hasCode && typeof code !== 'string' && typeof code !== 'number') return response;
  if (hasCode && ['success', 'ok', '200', '0'].includes(String(code).toLowerCase())) return response;
  const hasSuccess = 'Success' in response || 'success' in response;
  if (hasSuccess && String(response['Success'] ?? response['success']) === 'true') return response;
  const hasMessage = 'Message' in response || 'message' in response;
  const message = response['Message'] ?? response['message'];
  if (hasMessage && (message === null || String(message) === '')) return response;
  if (!hasCode && !hasSuccess) return response;
  throw new TeaSdkError(goString(code), 200, goString(message), JSON.stringify(response), response);
}

function post(port: number, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
