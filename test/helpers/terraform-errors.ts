import { JsonPathError, ProviderPanic, TeaSdkError } from './terraform-wire.js';

/**
 * How terraform-provider-alicloud decides what an error means (alicloud/errors.go, common.go), and
 * the `jsonpath.Get` and type assertions it reads answers with. Replayed, not reinterpreted: the
 * quirks (a prefix match, a search of the whole response) are part of what a server must live with.
 */

/** errors.go ComplexError whose `Err` is a NotFoundErr(...): what Describe* return for "gone". */
export class ResourceNotFound extends Error {
  constructor(
    readonly resource: string,
    readonly id: string,
    override readonly cause?: unknown,
  ) {
    super(`ResourceNotfound: the ${resource} ${id} is not found`);
    this.name = 'ResourceNotFound';
  }
}

/** WrapErrorf(err, …): a ComplexError whose Cause is the SDK error. NotFoundError and IsExpectedErrors look through it. */
export class WrappedError extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WrappedError';
  }
}

/** errors.go NotFoundError: a NotFoundErr, or an SDK error with HTTP 404 or `NotFound` in its message. */
export function notFoundError(err: unknown): boolean {
  if (err instanceof ResourceNotFound) return true;
  if (err instanceof WrappedError) return notFoundError(err.cause);
  if (err instanceof TeaSdkError) return err.statusCode === 404 || /NotFound/.test(err.message);
  return false;
}

/**
 * errors.go IsExpectedErrors: the code equals an expected one, or is a prefix of one (the "tea sdk
 * history bug" clause), or an expected code appears anywhere in the response JSON.
 */
export function isExpectedErrors(err: unknown, codes: readonly string[]): boolean {
  if (err instanceof WrappedError) return isExpectedErrors(err.cause, codes);
  if (err instanceof TeaSdkError) return codes.some((code) => err.code === code || code.startsWith(err.code) || err.data.includes(code));
  if (err instanceof Error) return codes.some((code) => err.message.includes(code));
  return false;
}

/** errors.go NeedRetry: throttling, ServiceUnavailable, any 5xx (by its message), client timeouts. */
export function needRetry(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (/^Post ["]*https:\/\/.*/.test(err.message)) return true;
  if (!(err instanceof TeaSdkError)) return false;
  if (err.message.includes('code: 500, 您已开通过')) return false;
  if (err.message.includes('Client.Timeout')) return true;
  return (
    err.code === 'ServiceUnavailable' ||
    err.code === 'Rejected.Throttling' ||
    /Throttling/.test(err.code) ||
    /^code: 5\d{2}/.test(err.message)
  );
}

/**
 * PaesslerAG/jsonpath v0.1.1 `Get` for the plain `$.A.B` paths the provider uses: a missing key is an
 * error (`unknown key`), selecting into anything but an object or array is an error, a null value is nil.
 */
export function jsonpathGet(path: string, value: unknown): unknown {
  if (!/^\$(\.[A-Za-z0-9_]+)*$/.test(path)) throw new Error(`jsonpath not replayed: ${path}`);
  let current = value;
  for (const key of path.split('.').slice(1)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) throw new JsonPathError(`could not select value, invalid key: ${key}`);
      if (Number(key) >= current.length) throw new JsonPathError(`index ${key} out of bounds`);
      current = current[Number(key)];
    } else if (isMap(current)) {
      if (!Object.hasOwn(current, key)) throw new JsonPathError(`unknown key ${key}`);
      current = current[key];
    } else {
      throw new JsonPathError(`unsupported value type ${goType(current)} for select, expected map[string]interface{} or []interface{}`);
    }
  }
  return current;
}

/** `id, _ := jsonpath.Get(path, response); d.SetId(fmt.Sprint(id))`: the error ignored, so a missing ID is "<nil>". */
export function idFrom(path: string, response: unknown): string {
  try {
    return sprint(jsonpathGet(path, response));
  } catch {
    return '<nil>';
  }
}

/** fmt.Sprint of a decoded JSON value, as the provider turns states and IDs into strings. */
export const sprint = (value: unknown): string => (value === undefined || value === null ? '<nil>' : String(value));

const isMap = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

function goType(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'json.Number';
  return 'unknown';
}

/** `v.(map[string]interface{})`: panics on nil or any other type. */
export function asMap(value: unknown, what: string): Record<string, any> {
  if (!isMap(value))
    throw new ProviderPanic(`${what}: interface conversion: interface {} is ${goType(value)}, not map[string]interface {}`);
  return value;
}

/** `v.([]interface{})`: panics on nil or any other type. */
export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ProviderPanic(`${what}: interface conversion: interface {} is ${goType(value)}, not []interface {}`);
  return value;
}

/** `v.(string)`: panics on nil or any other type. */
export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ProviderPanic(`${what}: interface conversion: interface {} is ${goType(value)}, not string`);
  return value;
}

/** `v, _ := x.([]interface{})`: the comma-ok form, nil (an empty slice) when it is not one. */
export const optionalArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * tags.go tagsToMap on a `[]interface{}`: each item a map whose TagKey (or Key) is a string; keys
 * the provider ignores (`aliyun`, `acs:`, `http(s)://`, `sae.do.not.delete` prefixes) dropped.
 */
export function tagsToMap(tags: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (tags === null || tags === undefined) return result;
  if (isMap(tags)) return { ...tags };
  for (const [i, item] of asArray(tags, 'tagsToMap').entries()) {
    const t = asMap(item, `tags[${i}]`);
    const [key, value] = 'TagKey' in t ? [t['TagKey'], t['TagValue']] : 'Key' in t ? [t['Key'], t['Value']] : ['', undefined];
    const tagKey = 'TagKey' in t || 'Key' in t ? asString(key, `tags[${i}] key`) : '';
    if (!/^(aliyun|acs:|http:\/\/|https:\/\/|sae\.do\.not\.delete)/.test(tagKey)) result[tagKey] = value;
  }
  return result;
}
