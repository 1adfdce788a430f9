import { randomInt, randomUUID } from 'node:crypto';
import { ApiError } from '../../src/errors/api-error.js';
import { checkTimestamp, parseSignedRequest, readParams, type RpcRequest } from '../../src/protocol/signed-request.js';
import { headerMap, sendJson, startFakeServer, type FakeServer } from './fake-server.js';

/** One SendSms the fake accepted: signature, action and required parameters were right. */
export interface SeenSms {
  readonly scheme: 'V1' | 'V3';
  readonly accessKeyId: string;
  readonly phoneNumbers: string;
  readonly signName: string;
  readonly templateCode: string;
  readonly templateParam: Record<string, string>;
  readonly outId: string | undefined;
}

/** What the next request gets instead of success. */
export type AliyunScript =
  /** HTTP 200 with `Code: isv.X`: how SendSms reports business refusals. */
  | { readonly isv: string; readonly message?: string }
  /** A gateway or service failure. */
  | { readonly status: number; readonly code: string; readonly message?: string }
  /** Never answers (until the fake closes). */
  | 'hang';

export interface FakeAliyunSms extends FakeServer {
  /** `127.0.0.1:<port>`: the SDK's endpoint form (no scheme). */
  readonly endpoint: string;
  readonly requests: SeenSms[];
  /** Every refusal before the business layer: signature, key, action, parameters. */
  readonly refusals: { status: number; code: string }[];
  /** Answers to the next requests, in order; success once it is empty. */
  readonly script: AliyunScript[];
}

const LIMITS = { maxParameters: 200, maxValueLength: 4096 };
const REQUIRED = ['PhoneNumbers', 'SignName', 'TemplateCode', 'TemplateParam'] as const;

/**
 * A fake `dysmsapi.aliyuncs.com`. It verifies the request signature with Canopy's own signature
 * modules (V3 ACS3-HMAC-SHA256 as the SDK sends it, V1 too) against the secrets it knows.
 */
export async function startFakeAliyunSms(keys: Readonly<Record<string, string>>): Promise<FakeAliyunSms> {
  const requests: SeenSms[] = [];
  const refusals: { status: number; code: string }[] = [];
  const script: AliyunScript[] = [];
  const nonces = new Set<string>();

  const server = await startFakeServer((incoming, body, response) => {
    const requestId = randomUUID().toUpperCase();
    const refuse = (status: number, code: string, message: string) => {
      refusals.push({ status, code });
      sendJson(response, status, { RequestId: requestId, HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message });
    };
    const url = incoming.url ?? '/';
    const request: RpcRequest = {
      method: incoming.method ?? 'GET',
      rawQuery: url.includes('?') ? url.slice(url.indexOf('?') + 1) : '',
      headers: headerMap(incoming),
      body,
    };

    let signed: ReturnType<typeof parseSignedRequest>;
    try {
      const { params, query } = readParams(request, LIMITS);
      signed = parseSignedRequest(request, params, query);
      checkTimestamp(signed.timestamp, new Date(), 900);
    } catch (error) {
      if (error instanceof ApiError) return refuse(error.status, error.code, error.message);
      throw error;
    }
    const secret = Object.hasOwn(keys, signed.accessKeyId) ? keys[signed.accessKeyId] : undefined;
    if (secret === undefined) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const mismatch = signed.mismatch(secret);
    if (mismatch !== undefined) return refuse(400, 'SignatureDoesNotMatch', mismatch);
    if (nonces.has(signed.nonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(signed.nonce);
    if (signed.action !== 'SendSms')
      return refuse(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method.`);
    if (signed.version !== '2017-05-25') return refuse(400, 'InvalidVersion', `Specified parameter Version is not valid.`);

    const params = signed.params;
    for (const name of REQUIRED) {
      if (!params[name]) return refuse(400, `Missing${name}`, `${name} is mandatory for this action.`);
    }
    // The business layer answers HTTP 200 with its own Code from here on.
    const business = (code: string, message: string) => sendJson(response, 200, { RequestId: requestId, Code: code, Message: message });
    const templateParam = parseTemplateParam(params['TemplateParam']!);
    if (!templateParam) return business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    // Mainland numbers bare, others with country code; never `+` or `00`.
    if (!/^[1-9]\d{6,19}$/.test(params['PhoneNumbers']!)) return business('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');

    requests.push({
      scheme: signed.scheme,
      accessKeyId: signed.accessKeyId,
      phoneNumbers: params['PhoneNumbers']!,
      signName: params['SignName']!,
      templateCode: params['TemplateCode']!,
      templateParam,
      outId: params['OutId'],
    });

    const next = script.shift();
    if (next === 'hang') return;
    if (next && 'isv' in next) return business(next.isv, next.message ?? next.isv);
    if (next) return refuse(next.status, next.code, next.message ?? 'The request processing has failed due to some unknown error.');
    sendJson(response, 200, { RequestId: requestId, Code: 'OK', Message: 'OK', BizId: `${randomInt(1e9, 9e9)}${randomInt(1e8, 9e8)}^0` });
  });

  return { ...server, endpoint: `127.0.0.1:${server.port}`, requests, refusals, script };
}

/** A JSON object of string values, as SendSms requires. */
function parseTemplateParam(text: string): Record<string, string> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) : undefined;
  } catch {
    return undefined;
  }
}
