/** What one sender's try needs besides the sender: a deadline, and a line for the attempt log. */
import { SendError } from './sender.js';

/**
 * Gives the sender an AbortSignal and stops waiting when it fires, even if the sender ignores it.
 * The timer is a normal (ref'd) one: a send in progress keeps the process alive until it ends.
 */
export async function withTimeout<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new SendError(`no answer within ${ms} ms`, true, 'timeout');
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** For the attempt log: the provider's code and message, cut short. Senders never put codes or tokens in errors. */
export function describe(error: unknown): string {
  const text =
    error instanceof SendError
      ? `${error.providerCode ?? 'error'}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  return text.slice(0, 500);
}
