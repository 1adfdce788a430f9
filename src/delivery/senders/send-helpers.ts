import { SendError, type Delivery } from '../sender.js';

/**
 * Starts `work` unless `signal` has aborted, and rejects with a retryable SendError as soon as it
 * does. For clients that take no AbortSignal: the work goes on in the background (its rejection is
 * kept handled here), so the client's own timeout has to end the socket.
 */
export function abortable<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work().then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A timeout or a cancellation: nothing is known about the message, so another try may help. */
export function abortError(signal: AbortSignal): SendError {
  // A caller that aborts with its own SendError (the dispatcher's timeout) gets it back unchanged.
  if (signal.reason instanceof SendError) return signal.reason;
  const reason = signal.reason as { name?: unknown } | undefined;
  const what = reason?.name === 'TimeoutError' ? 'timed out' : 'was aborted';
  return new SendError(`the provider call ${what}`, true);
}

/** Whether `error` is fetch's rejection for an aborted signal (AbortError or TimeoutError). */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return signal.aborted || name === 'AbortError' || name === 'TimeoutError';
}

type Private = Pick<Delivery, 'code' | 'countryCode' | 'nationalNumber'>;

/**
 * Providers echo requests in their error messages (a V1 string-to-sign holds every parameter,
 * Twilio quotes the number), and error messages end up in logs and the attempt log: the code must
 * never be among them, and the phone only masked, as the log sender writes it.
 */
export function scrub(text: string, secret: Private): string {
  let clean = text;
  const national = secret.nationalNumber;
  if (national.length >= 4) {
    const masked = `${'*'.repeat(national.length - 2)}${national.slice(-2)}`;
    clean = clean.replaceAll(`${secret.countryCode}${national}`, `${secret.countryCode}${masked}`).replaceAll(national, masked);
  }
  if (secret.code !== '') clean = clean.replaceAll(secret.code, '******');
  // Scrub before cutting, so a cut cannot leave part of the code behind.
  return clean.length > 300 ? `${clean.slice(0, 300)}...` : clean;
}

/** Turns a failed fetch (no HTTP answer) into a SendError: the network, DNS, TLS, or the signal. */
export function fetchFailure(sender: string, error: unknown, signal: AbortSignal, secret: Private): SendError {
  if (error instanceof SendError) return error;
  if (isAbort(error, signal)) return abortError(signal);
  const e = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  // undici hides the reason (ECONNREFUSED, ENOTFOUND, a TLS failure) in `cause`.
  const cause = e?.cause?.code ?? e?.cause?.message;
  const detail = [typeof e?.message === 'string' ? e.message : String(error), typeof cause === 'string' ? cause : undefined]
    .filter(Boolean)
    .join(': ');
  return new SendError(`${sender} request failed: ${scrub(detail, secret)}`, true);
}

/** The JSON answer, or undefined when there is none (a gateway's HTML error page, an empty 5xx). */
export async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
