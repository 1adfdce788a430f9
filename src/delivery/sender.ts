import type { OutboxMessage } from '../domain/messages/message.js';

/** One way to get an SMS to a phone. Throw to let the next sender in the chain try. */
export interface SmsSender {
  readonly name: string;
  send(message: OutboxMessage): Promise<void>;
}

/** The text a phone receives. */
export function messageText(message: OutboxMessage): string {
  const minutes = Math.round(message.validitySeconds / 60);
  const what = message.purpose === 'EnableRD' ? 'enable a resource directory' : 'bind this phone to a member account';
  return `Your verification code to ${what} is ${message.code}. It is valid for ${minutes} minutes.`;
}
