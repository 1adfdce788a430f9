import type { AccessKey, Account } from '../accounts/account.js';
import type { AccountsService, NewAccount } from '../accounts/service.js';
import type { TrustedServiceEnablement } from '../delegation/delegation-store.js';
import { disableTrustedService, enableTrustedService, type TrustedAccessRequest } from '../delegation/trusted-access.js';
import type { MessageFilter } from '../messages/message.js';
import type { MessageRecord, MessagesService } from '../messages/service.js';
import type { UnitOfWork } from '../store.js';
import type { EmulatorClock } from './emulator-clock.js';

/** The store as the admin capabilities use it: transactions and wiping the data. */
export interface AdminStore extends UnitOfWork {
  readonly kind: string;
  reset(): Promise<void>;
}

export type AdminRefusalReason =
  | 'EmulatorOnly'
  | 'AccountNotFound'
  | 'AccessKeyNotFound'
  | 'DirectoryNotFound'
  | 'UnknownServicePrincipal'
  | 'NotAdministrator'
  | 'NotEnabled';

/** An admin request that cannot be done; each front end (HTTP, CLI, console) shows it its own way. */
export class AdminRefusal extends Error {
  constructor(
    readonly reason: AdminRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'AdminRefusal';
  }
}

export interface AdminSettings {
  readonly mode: 'emulator' | 'production';
  readonly version: string;
}

/**
 * What an operator (or a test suite) can do beside the API: accounts and their AccessKeys, the SMS
 * inbox, reset and the emulator clock. The admin HTTP routes, the CLI and the console all go
 * through this one implementation of each capability.
 */
export class AdminService {
  constructor(
    private readonly store: AdminStore,
    private readonly accounts: AccountsService,
    private readonly messages: MessagesService,
    private readonly clock: EmulatorClock,
    private readonly settings: AdminSettings,
    /** Emulator state held outside the store (injected faults), cleared with it. */
    private readonly onReset: () => void = () => {},
  ) {}

  health() {
    return { status: 'ok' as const, mode: this.settings.mode, store: this.store.kind, version: this.settings.version };
  }

  /** A new account with its root AccessKey. Throws AccountNameTaken when the name is used. */
  createAccount(input: NewAccount): Promise<{ account: Account; key: AccessKey }> {
    return this.store.transaction(async (tx) => {
      const account = await this.accounts.create(tx, input);
      return { account, key: await this.accounts.createAccessKey(tx, account.id) };
    });
  }

  listAccounts(): Promise<Account[]> {
    return this.store.transaction((tx) => tx.accounts.list());
  }

  /** A root key (`ramUser` null) or a RAM user's key for an existing account. */
  async createAccessKey(accountId: string, ramUser: string | null): Promise<AccessKey> {
    const key = await this.store.transaction(async (tx) => {
      if (!(await tx.accounts.get(accountId))) return undefined;
      return this.accounts.createAccessKey(tx, accountId, ramUser);
    });
    if (!key) throw new AdminRefusal('AccountNotFound', `No account ${accountId}.`);
    return key;
  }

  /** Deletes a key of the account (for example the root user's, before a switch to a resource account). */
  async deleteAccessKey(accountId: string, accessKeyId: string): Promise<void> {
    const removed = await this.store.transaction((tx) => tx.accessKeys.remove(accountId, accessKeyId));
    if (!removed) throw new AdminRefusal('AccessKeyNotFound', `Account ${accountId} has no AccessKey ${accessKeyId}.`);
  }

  /**
   * Turns a trusted service on for the directory's management account or for one of the service's
   * delegated administrators, as the service's own console does in Alibaba Cloud; turning it on twice
   * keeps the first time.
   */
  async enableTrustedService(request: TrustedAccessRequest): Promise<TrustedServiceEnablement> {
    const result = await this.store.transaction((tx) => enableTrustedService(tx, request, this.clock.clock.now()));
    if (typeof result === 'string') throw trustedAccessRefusal(result, request);
    return result;
  }

  async disableTrustedService(request: TrustedAccessRequest): Promise<void> {
    const refusal = await this.store.transaction((tx) => disableTrustedService(tx, request));
    if (refusal) throw trustedAccessRefusal(refusal, request);
  }

  /** Newest first, with every delivery attempt. Codes are for emulator mode only: callers show them there alone. */
  listMessages(filter: MessageFilter, limit: number): Promise<MessageRecord[]> {
    return this.messages.list(filter, limit);
  }

  async clearMessages(): Promise<void> {
    this.emulatorOnly();
    await this.messages.clear();
  }

  /** Wipes every account, directory, code, message and nonce, the emulator's faults, and the clock offset. */
  async reset(): Promise<void> {
    this.emulatorOnly();
    await this.store.reset();
    this.onReset();
    await this.clock.reset();
  }

  /** The clock as kept in the store, which another process of it may have moved. */
  async clockNow(): Promise<{ now: Date; offsetMs: number }> {
    await this.clock.load();
    return this.clockView();
  }

  async advanceClock(seconds: number): Promise<{ now: Date; offsetMs: number }> {
    this.emulatorOnly();
    await this.clock.advance(seconds);
    return this.clockView();
  }

  private clockView(): { now: Date; offsetMs: number } {
    return { now: this.clock.clock.now(), offsetMs: this.clock.clock.offsetMs };
  }

  private emulatorOnly(): void {
    if (this.settings.mode !== 'emulator') throw new AdminRefusal('EmulatorOnly', 'This endpoint exists in emulator mode only.');
  }
}

function trustedAccessRefusal(
  reason: Exclude<AdminRefusalReason, 'EmulatorOnly' | 'AccountNotFound' | 'AccessKeyNotFound'>,
  r: TrustedAccessRequest,
) {
  const account = r.accountId ?? 'the management account';
  const messages = {
    DirectoryNotFound: `No resource directory ${r.directoryId}.`,
    UnknownServicePrincipal: `${r.servicePrincipal} is not a trusted service.`,
    NotAdministrator: `${account} is neither the management account of ${r.directoryId} nor a delegated administrator of ${r.servicePrincipal}.`,
    NotEnabled: `${r.servicePrincipal} is not enabled for ${account}.`,
  };
  return new AdminRefusal(reason, messages[reason]);
}
