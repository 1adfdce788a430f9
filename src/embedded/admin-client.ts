/**
 * The admin API (README "Admin API") as typed calls, for `startCanopy`. The types below are the
 * bodies and answers of those routes; they are part of the package's public typings.
 */

/** `POST /_canopy/accounts` body. */
export interface NewAccount {
  readonly displayName?: string;
  readonly accountName?: string;
  /** `<country code>-<number>`, e.g. `1-2025550123`. */
  readonly securePhone?: string;
  readonly enterpriseVerified?: boolean;
  readonly enterpriseName?: string;
  readonly site?: 'international' | 'china';
  readonly profileType?: 'standard' | 'reseller' | 'virtual-operator';
}

/** `POST /_canopy/accounts` answer: the account and its root AccessKey. */
export interface CanopyAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** `POST /_canopy/accounts/{id}/access-keys` answer; `ramUser` only for a RAM user's key. */
export interface CanopyAccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly ramUser?: string;
}

/** `GET /_canopy/messages` query. */
export interface MessageFilter {
  readonly channel?: 'sms' | 'email';
  readonly phone?: string;
  readonly email?: string;
  readonly accountId?: string;
  readonly purpose?: 'EnableRD' | 'BindSecureMobilePhone' | 'ChangeAccountEmail' | 'MessageContactPhone' | 'MessageContactEmail';
  /** 1 to 1000; default 100. */
  readonly limit?: number;
}

/** One message of `GET /_canopy/messages`, newest first; `code`, `text` and `link` in emulator mode only. */
export interface CanopyMessage {
  readonly id: string;
  readonly channel: 'sms' | 'email';
  readonly phone?: string;
  readonly email?: string;
  readonly code?: string;
  readonly text?: string;
  readonly link?: string;
  readonly subject?: string;
  readonly purpose: string;
  readonly accountId: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly [field: string]: unknown;
}

/** `POST /_canopy/clock` answer. */
export interface CanopyClock {
  /** The emulator's time, ISO 8601. */
  readonly now: string;
  readonly offsetSeconds: number;
}

/** An admin API refusal: its HTTP status and `code` (e.g. `AccountNotFound`, `InvalidRequest`). */
export class CanopyAdminError extends Error {
  override name = 'CanopyAdminError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminAnswers {
  createAccount(account?: NewAccount): Promise<CanopyAccount>;
  /** A root key without `ramUser`; with it, a key of that RAM user of the account. */
  createAccessKey(accountId: string, options?: { readonly ramUser?: string }): Promise<CanopyAccessKey>;
  messages(filter?: MessageFilter): Promise<CanopyMessage[]>;
  /** Moves the emulator clock forward (codes expire, deletions finish). Emulator mode only. */
  advanceClock(seconds: number): Promise<CanopyClock>;
  /** Wipes every account, directory, code, message, fault and the clock offset. Emulator mode only. */
  reset(): Promise<void>;
}

const POLL_MS = 25;

/** An admin API answer whose body is not JSON: something other than Canopy answered. */
export class NotAdminApi extends Error {
  override name = 'NotAdminApi';
}

/**
 * One admin API call: the HTTP status and the parsed JSON answer (undefined for an empty body). A
 * network failure rejects as `fetch` does; a body that is not JSON rejects with NotAdminApi.
 */
export async function adminExchange(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ readonly status: number; readonly ok: boolean; readonly answer: unknown }> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, ok: response.ok, answer: text ? JSON.parse(text) : undefined };
  } catch {
    throw new NotAdminApi(`${method} ${base}${path} answered ${response.status} with something other than JSON`);
  }
}

export class AdminClient implements AdminAnswers {
  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
  ) {}

  createAccount(account: NewAccount = {}): Promise<CanopyAccount> {
    return this.request('POST', '/_canopy/accounts', account) as Promise<CanopyAccount>;
  }

  createAccessKey(accountId: string, options: { readonly ramUser?: string } = {}): Promise<CanopyAccessKey> {
    return this.request('POST', `/_canopy/accounts/${encodeURIComponent(accountId)}/access-keys`, options) as Promise<CanopyAccessKey>;
  }

  async messages(filter: MessageFilter = {}): Promise<CanopyMessage[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)]));
    const answer = (await this.request('GET', `/_canopy/messages?${query}`)) as { messages: CanopyMessage[] };
    return answer.messages;
  }

  advanceClock(seconds: number): Promise<CanopyClock> {
    return this.request('POST', '/_canopy/clock', { advanceSeconds: seconds }) as Promise<CanopyClock>;
  }

  async reset(): Promise<void> {
    await this.request('POST', '/_canopy/reset');
  }

  /** The newest SMS code to `phone`, looking again every few ms until `timeoutMs` has passed. */
  async latestCode(phone: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [latest] = await this.messages({ channel: 'sms', phone, limit: 1 });
      if (latest?.code !== undefined) return latest.code;
      if (latest) throw new CanopyAdminError(403, 'EmulatorOnly', 'Codes are shown in emulator mode only.');
      if (Date.now() >= deadline) {
        const waited = timeoutMs > 0 ? ` within ${timeoutMs} ms` : '';
        throw new CanopyAdminError(404, 'NoCode', `No verification code was sent to ${phone}${waited}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const { status, ok, answer } = await adminExchange(this.base, this.token, method, path, body);
    if (!ok) {
      const refusal = answer as { code?: string; message?: string } | undefined;
      throw new CanopyAdminError(status, refusal?.code ?? 'Error', refusal?.message ?? `${method} ${path} answered ${status}`);
    }
    return answer;
  }
}
