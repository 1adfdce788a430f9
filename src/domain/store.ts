import type { AccessKeyStore, AccountStore } from './accounts/store.js';
import type { EmulatorClockStore } from './admin/emulator-clock.js';
import type { MessageContactStore } from './contacts/contact-store.js';
import type { DelegationStore } from './delegation/delegation-store.js';
import type { MemberDeletionStore } from './directory/deletion-store.js';
import type { EmailChangeStore } from './directory/email-change-store.js';
import type { FolderStore } from './directory/folder-store.js';
import type { HandshakeStore } from './directory/handshake-store.js';
import type { MemberStore } from './directory/member-store.js';
import type { DirectoryStore } from './directory/store.js';
import type { OutboxStore } from './messages/store.js';
import type { ControlPolicyStore } from './policies/policy-store.js';
import type { RetentionStore } from './retention/store.js';
import type { TagStore } from './tags/tag-store.js';
import type { VerificationStore } from './verification/store.js';

/** Every store the domain uses, as seen inside one transaction. */
export interface DomainStores {
  readonly accounts: AccountStore;
  readonly accessKeys: AccessKeyStore;
  readonly directories: DirectoryStore;
  readonly folders: FolderStore;
  readonly members: MemberStore;
  readonly deletions: MemberDeletionStore;
  readonly handshakes: HandshakeStore;
  readonly tags: TagStore;
  readonly controlPolicies: ControlPolicyStore;
  readonly contacts: MessageContactStore;
  readonly delegations: DelegationStore;
  readonly verification: VerificationStore;
  readonly outbox: OutboxStore;
  readonly emailChanges: EmailChangeStore;
  /** The emulator clock's kept offset, read at the start of every transaction in emulator mode. */
  readonly emulatorClock: EmulatorClockStore;
  /** What the retention job deletes once no rule needs it (src/domain/retention/pruner.ts). */
  readonly retention: RetentionStore;
  /**
   * Runs `work` so that its writes are undone if it throws (unless the error asks to keep them),
   * while the surrounding transaction goes on. Savepoints nest but must not run side by side:
   * await one before starting the next.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * An answer that travels with the transaction's next statement instead of costing a round trip of
 * its own (PostgreSQL; SQLite answers at once). `value()` sends what is still queued when nothing
 * else has, so it always settles; ask for it before the work ends.
 */
export interface Soon<T> {
  value(): Promise<T>;
}

/** Runs domain work in transactions: what services that own their transactions (admin, delivery) are given. */
export interface UnitOfWork {
  /**
   * Runs `work` in a transaction and resolves once it is durably committed. If `work` throws, its
   * writes are undone (unless the error asks to keep them) and the promise rejects with the error.
   * `work` must not start another transaction: it would wait for ever behind the running one.
   */
  transaction<T>(work: (tx: DomainStores) => Promise<T>): Promise<T>;
}

/**
 * The store cannot take work right now (a lost connection, a database restart, a busy file, a batch
 * the engine threw away): nothing of the work was kept, and the client may retry; except when it is
 * a CommitOutcomeUnknown. Each engine turns its own failures into this; callers answer 503 and never
 * look at engine errors.
 */
export class StoreUnavailable extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreUnavailable';
  }
}

/**
 * The connection to the database was lost while COMMIT was on its way: the work may have been kept
 * or not, and nobody can tell from here. It is never run again by the store. An RPC request is safe
 * to resend as it was (the same signed request, same nonce): its nonce was claimed in the same
 * transaction, so a resend either runs it once or is refused as a replay.
 */
export class CommitOutcomeUnknown extends StoreUnavailable {
  constructor(message: string, cause?: unknown) {
    super(message, cause);
    this.name = 'CommitOutcomeUnknown';
  }
}
