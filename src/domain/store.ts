import type { AccessKeyStore, AccountStore } from './accounts/store.js';
import type { FolderStore } from './directory/folder-store.js';
import type { HandshakeStore } from './directory/handshake-store.js';
import type { MemberStore } from './directory/member-store.js';
import type { DirectoryStore } from './directory/store.js';
import type { OutboxStore } from './messages/store.js';
import type { VerificationStore } from './verification/store.js';

/** Every store the domain uses, as seen inside one transaction. */
export interface DomainStores {
  readonly accounts: AccountStore;
  readonly accessKeys: AccessKeyStore;
  readonly directories: DirectoryStore;
  readonly folders: FolderStore;
  readonly handshakes: HandshakeStore;
  readonly members: MemberStore;
  readonly verification: VerificationStore;
  readonly outbox: OutboxStore;
  /**
   * Runs `work` so that its writes are undone if it throws (unless the error asks to keep them),
   * while the surrounding transaction goes on. Savepoints nest but must not run side by side:
   * await one before starting the next.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}
