import { invalidParameter, missingParameter } from '../../errors/api-error.js';

/** Longest login email Canopy takes (the API documents no limit; Alibaba's login names are short). */
export const EMAIL_MAX_LENGTH = 64;

// ASCII only: a local part of letters, digits and `. _ % + -` without a dot at either end or two in
// a row, and a domain of at least two labels (letters, digits, inner hyphens) ending in letters.
const LOCAL = /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * `Email` of ChangeAccountEmail: present (MissingParameter) and a plain address of at most 64
 * characters (InvalidParameter, naming the parameter). Returned lower-case, as login names are kept.
 */
export function requireEmail(value: string | undefined, parameter = 'Email'): string {
  if (!value) throw missingParameter(parameter);
  if (!isEmail(value)) throw invalidParameter(parameter);
  return value.toLowerCase();
}

export function isEmail(value: string): boolean {
  if (value.length > EMAIL_MAX_LENGTH) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return (
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!)
  );
}

/** For logs: the first character of the mailbox and the domain, `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
