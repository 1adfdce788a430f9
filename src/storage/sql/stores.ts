import type { OutboxHandoff } from '../../domain/messages/store.js';
import type { DomainStores } from '../../domain/store.js';
import type { SealingKeys } from '../secret-box.js';
import { SqlAccessKeys, SqlAccounts } from './accounts.js';
import { SqlMessageContacts } from './contacts.js';
import { SqlDelegations } from './delegations.js';
import { SqlControlPolicies } from './control-policies.js';
import { SqlMemberDeletions } from './deletions.js';
import type { Dialect } from './dialect.js';
import { SqlDirectories } from './directories.js';
import { SqlEmailChanges } from './email-changes.js';
import { SqlEmulatorClock } from './emulator-clock.js';
import { SqlFolders } from './folders.js';
import { SqlHandshakes } from './handshakes.js';
import { SqlMembers } from './members.js';
import { SqlNonces } from './nonces.js';
import { SqlOutbox } from './outbox.js';
import { SqlRetention } from './retention.js';
import type { SqlSession } from './session.js';
import { SqlTags } from './tags.js';
import { SqlVerification } from './verification.js';

/** What one transaction sees: every domain store, plus the RPC pipeline's nonces. */
export interface TxStores extends DomainStores {
  readonly nonces: SqlNonces;
}

/**
 * Every store over one session. SQLite builds this once (one session for the database); PostgreSQL once
 * per transaction. `handoff`: this instance's dispatcher, when it delivers (see OutboxHandoff).
 */
export function sqlStores(s: SqlSession, d: Dialect, keys: SealingKeys, handoff?: OutboxHandoff): TxStores {
  return {
    accounts: new SqlAccounts(s, d),
    accessKeys: new SqlAccessKeys(s, keys.accessKeys),
    directories: new SqlDirectories(s, d),
    folders: new SqlFolders(s, d),
    members: new SqlMembers(s, d),
    deletions: new SqlMemberDeletions(s),
    handshakes: new SqlHandshakes(s, d),
    tags: new SqlTags(s, d),
    controlPolicies: new SqlControlPolicies(s, d),
    contacts: new SqlMessageContacts(s, d),
    delegations: new SqlDelegations(s, d),
    verification: new SqlVerification(s),
    outbox: new SqlOutbox(s, d, keys.outbox, handoff),
    emailChanges: new SqlEmailChanges(s, d),
    emulatorClock: new SqlEmulatorClock(s),
    retention: new SqlRetention(s, d),
    nonces: new SqlNonces(s),
    savepoint: (work) => s.savepoint(work),
  };
}
