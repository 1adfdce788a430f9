import { createHmac } from 'node:crypto';
import { pct } from './percent-encoding.js';

/**
 * V1 (HMAC-SHA1) signatures, spec 9.3. Pure: the same function signs (CLI, tests) and verifies.
 * `params` holds every request parameter except `Signature`.
 */
export function v1StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${pct(key)}=${pct(params[key]!)}`)
    .join('&');
  return `${method.toUpperCase()}&%2F&${pct(canonical)}`;
}

export function v1Sign(stringToSign: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}
