import type { ApiError } from '../errors/api-error.js';
import type { ErrorSite } from '../errors/catalog.js';
import { toXml } from './xml.js';

export type Format = 'JSON' | 'XML';

export interface RpcResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

// The V3 SDK parses an XML error only when the content type is exactly this string (spec 9.7).
const JSON_TYPE = 'application/json;charset=utf-8';
const XML_TYPE = 'text/xml;charset=utf-8';

export function renderSuccess(requestId: string, action: string, format: Format, result: Record<string, unknown>): RpcResponse {
  const body = { RequestId: requestId, ...result };
  return {
    status: 200,
    headers: { 'content-type': format === 'XML' ? XML_TYPE : JSON_TYPE, 'x-acs-request-id': requestId },
    body: format === 'XML' ? toXml(`${action}Response`, body) : JSON.stringify(body),
  };
}

/**
 * `site`: the version and Action the request named (for the few codes documented with another
 * message there) and the product of that version (for the troubleshooting link).
 */
export function renderError(
  requestId: string,
  hostId: string,
  format: Format,
  error: ApiError,
  site: ErrorSite & { readonly product?: string | undefined } = {},
): RpcResponse {
  const { status, message } = error.at(site);
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${site.product ?? 'ResourceManager'}&requestId=${requestId}`,
    ...(error.accessDeniedDetail ? { AccessDeniedDetail: error.accessDeniedDetail } : {}),
  };
  const headers: Record<string, string> = {
    'content-type': format === 'XML' ? XML_TYPE : JSON_TYPE,
    'x-acs-request-id': requestId,
  };
  if (error.retryAfterMs !== undefined) headers['x-acs-retry-after'] = String(error.retryAfterMs);
  return { status, headers, body: format === 'XML' ? toXml('Error', body) : JSON.stringify(body) };
}
