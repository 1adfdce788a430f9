// The console's two clients: the RPC API (signed in the browser) and the admin API. The session
// (admin token, the account's AccessKey) lives in sessionStorage only: gone with the tab, never in
// localStorage (which would outlive it).
import { signRpc } from './signer.js';

const KEY = 'canopy-console-session';

export const VERSION = '2020-03-31';

/** A refusal of either API: the API's Code and Message, and the HTTP status. */
export class ApiFailure extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

export const session = {
  read() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
    } catch {
      return {};
    }
  },
  update(changes) {
    const next = { ...session.read(), ...changes };
    for (const [name, value] of Object.entries(next)) if (value === undefined) delete next[name];
    sessionStorage.setItem(KEY, JSON.stringify(next));
    return next;
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

async function answer(response) {
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text };
  }
  return body;
}

/** An admin API call; the token, when the operator gave one, as a Bearer header. */
export async function admin(method, path, body, adminToken = session.read().adminToken) {
  const headers = {};
  if (adminToken) headers.authorization = `Bearer ${adminToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const result = await answer(response);
  if (!response.ok) {
    const failure = new ApiFailure(response.status, result.code ?? `HTTP ${response.status}`, result.message ?? '', result.requestId);
    // A token that stopped working (rotated, or another tab signed out): back to the token form.
    if (response.status === 401) window.dispatchEvent(new CustomEvent('canopy:unauthorized', { detail: failure }));
    throw failure;
  }
  return result;
}

/** A signed RPC call as the signed-in account. */
export async function rpc(action, params = {}, version = VERSION) {
  const { account } = session.read();
  if (!account) throw new ApiFailure(0, 'NotSignedIn', 'Sign in first.');
  const clean = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== ''));
  const signed = await signRpc({
    host: location.host,
    action,
    version,
    params: Object.fromEntries(Object.entries(clean).map(([name, value]) => [name, String(value)])),
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
  });
  const response = await fetch(signed.url, { method: 'POST', headers: signed.headers });
  const result = await answer(response);
  if (!response.ok) throw new ApiFailure(response.status, result.Code ?? `HTTP ${response.status}`, result.Message ?? '', result.RequestId);
  return result;
}

/** Every item of a paged list (PageNumber/PageSize, 100 a page). */
export async function rpcAll(action, params, pick, version = VERSION) {
  const items = [];
  for (let page = 1; ; page++) {
    const result = await rpc(action, { ...params, PageNumber: page, PageSize: 100 }, version);
    const batch = pick(result) ?? [];
    items.push(...batch);
    if (batch.length < 100 || items.length >= (result.TotalCount ?? 0)) return items;
  }
}
