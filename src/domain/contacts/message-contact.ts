/** The roles a message contact may hold (AddMessageContact `Title`). */
export const TITLES = ['FinanceDirector', 'TechnicalDirector', 'MaintenanceDirector', 'CEO', 'ProjectDirector', 'Other'] as const;
/** The notices a contact receives (`MessageTypes.N`). */
export const MESSAGE_TYPES = [
  'ServiceMessage',
  'FaultMessage',
  'AccountExpenses',
  'SecurityMessage',
  'ActivityMessage',
  'ProductMessage',
] as const;

export type ContactTitle = (typeof TITLES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * An email address or phone number of a contact. A new value takes effect once its owner confirms
 * it (the verification the Send*VerificationForMessageContact operations deliver); until then the
 * contact shows the new value, `verified` is false, and `previous` holds the confirmed value it
 * replaces (null when there is none), which CancelMessageContactUpdate restores.
 */
export interface ContactTarget {
  readonly value: string;
  readonly verified: boolean;
  readonly previous: string | null;
}

export type ContactChannel = 'email' | 'phone';

/** Someone of the management account's side who receives notices for members, folders or the whole directory. */
export interface MessageContact {
  readonly id: string;
  readonly directoryId: string;
  readonly name: string;
  readonly title: ContactTitle;
  readonly messageTypes: readonly MessageType[];
  readonly email: ContactTarget;
  readonly phone: ContactTarget | null;
  /** Set while an asynchronous deletion (RetainContactInMembers=false) runs; the contact goes at this time. */
  readonly deletionDueAt: Date | null;
  readonly createdAt: Date;
}

/** A member, folder or the directory itself, bound to a contact. */
export interface ContactBinding {
  readonly contactId: string;
  readonly memberId: string;
  readonly associatedAt: Date;
}

export type ContactStatus = 'Verifying' | 'Active' | 'Deleting';

/** Deleting while a deletion runs; Verifying while an address or number awaits confirmation; else Active. */
export function contactStatus(contact: MessageContact): ContactStatus {
  if (contact.deletionDueAt !== null) return 'Deleting';
  if (!contact.email.verified || (contact.phone !== null && !contact.phone.verified)) return 'Verifying';
  return 'Active';
}

/** What awaits confirmation: ListMessageContactVerifications and the targets a verification may be sent to. */
export function pendingTargets(contact: MessageContact): { channel: ContactChannel; target: string }[] {
  const pending: { channel: ContactChannel; target: string }[] = [];
  if (!contact.email.verified) pending.push({ channel: 'email', target: contact.email.value });
  if (contact.phone !== null && !contact.phone.verified) pending.push({ channel: 'phone', target: contact.phone.value });
  return pending;
}
