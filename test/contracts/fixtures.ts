import type { AccessKey, Account } from '../../src/domain/accounts/account.js';
import type { Folder, Membership, ResourceDirectory } from '../../src/domain/directory/resource-directory.js';
import { type EmailMessage, queuedMessage, type SmsMessage } from '../../src/domain/messages/message.js';
import type { StoredCode } from '../../src/domain/verification/store.js';
import type { TxStores } from '../../src/storage/store.js';

/** Fixed instants (whole milliseconds) so that round trips can be compared exactly. */
export const T0 = new Date('2025-03-01T08:00:00.123Z');
export const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

let serial = 0;
/** A short identifier unique within the test process. */
export const unique = (prefix: string) => `${prefix}${(++serial).toString().padStart(6, '0')}`;

export function account(overrides: Partial<Account> = {}): Account {
  const id = overrides.id ?? `1${String(Date.now() % 1e9).padStart(9, '0')}${String(++serial).padStart(6, '0')}`;
  return {
    id,
    name: `user-${id}@canopy.test`,
    displayName: `User ${id}`,
    securePhone: '1-2025550123',
    secureEmail: null,
    enterpriseVerified: true,
    enterpriseName: 'Example Co., Ltd.',
    site: 'international',
    profileType: 'standard',
    createdAt: T0,
    ...overrides,
  };
}

export function accessKey(accountId: string, overrides: Partial<AccessKey> = {}): AccessKey {
  return {
    id: unique('LTAIcontract'),
    accountId,
    secret: `secret-${unique('s')}-ABCDEFGHIJKLMNOPQRST`,
    ramUser: null,
    createdAt: T0,
    ...overrides,
  };
}

/** A directory managed by `masterAccountId`, with its Root folder and the master's membership. */
export function directory(masterAccountId: string): { directory: ResourceDirectory; root: Folder; master: Membership } {
  const id = unique('rd-');
  const rootFolderId = unique('r-');
  return {
    directory: {
      id,
      masterAccountId,
      rootFolderId,
      createdAt: T0,
      controlPolicyStatus: 'Disabled',
      controlPolicyChangedAt: null,
      memberDeletionStatus: 'Disabled',
      memberDisplayNameSyncStatus: 'Enabled',
    },
    root: { id: rootFolderId, directoryId: id, name: 'Root', parentId: null, createdAt: T0 },
    master: membership(masterAccountId, id, rootFolderId, { role: 'master', joinMethod: 'created', status: 'CreateSuccess' }),
  };
}

/** A directory with its Root folder, stored, managed by a fresh account named Master (stored too, as `masterAccount`). */
export async function seedDirectory(tx: TxStores) {
  const master = account({ displayName: 'Master' });
  await tx.accounts.insert(master);
  const rd = directory(master.id);
  await tx.directories.insert(rd.directory, rd.root, rd.master);
  return { ...rd, masterAccount: master };
}

export function membership(accountId: string, directoryId: string, folderId: string, overrides: Partial<Membership> = {}): Membership {
  return {
    accountId,
    directoryId,
    folderId,
    role: 'member',
    type: 'CloudAccount',
    joinMethod: 'invited',
    status: 'InviteSuccess',
    joinedAt: at(1000),
    modifiedAt: at(2000),
    ...overrides,
  };
}

export function code(accountId: string, overrides: Partial<StoredCode> = {}): StoredCode {
  return {
    id: unique('vc-'),
    accountId,
    purpose: 'EnableRD',
    phone: '1-2025550123',
    codeHash: `hash-${unique('h')}`,
    createdAt: T0,
    expiresAt: at(10 * MINUTE),
    attempts: 0,
    consumedAt: null,
    ...overrides,
  };
}

/** A pending verification SMS. */
export function message(overrides: Partial<SmsMessage> = {}): SmsMessage {
  const base = queuedMessage(
    { id: unique('msg-'), accountId: '1000000000000001', code: '123456', validitySeconds: 600, at: overrides.createdAt ?? T0 },
    { channel: 'sms', purpose: 'EnableRD', phone: '1-2025550123' },
  );
  return { ...(base as SmsMessage), ...overrides };
}

/** A confirmation email of an email change, pending. */
export function emailMessage(overrides: Partial<EmailMessage> = {}): EmailMessage {
  const base = queuedMessage(
    {
      id: unique('msg-'),
      accountId: '1000000000000001',
      code: 'dG9rZW4tb2YtZm9ydHktdGhyZWUtY2hhcmFjdGVycy0x',
      validitySeconds: 86_400,
      at: overrides.createdAt ?? T0,
    },
    { channel: 'email', purpose: 'ChangeAccountEmail', email: 'new.owner@example.com' },
  );
  return { ...(base as EmailMessage), ...overrides };
}
