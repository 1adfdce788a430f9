import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { alnum, uniqueId, type Random } from '../random.js';
import { type Page, type PageRequest, page } from '../paging.js';
import type { DomainStores } from '../store.js';
import { attachDefaultPolicy } from '../policies/enablement.js';
import type { Tag } from '../tags/tag-store.js';
import type { Handshake, HandshakeFilter, HandshakeStatus, HandshakeTargetType } from './handshake-store.js';
import { ACCOUNT_ID, FOLDER_ID } from './ids.js';
import type { Membership } from './resource-directory.js';
import { type DirectoryScope, folderIn } from './scope.js';

/** Invitation validity (spec 8: 14 days, not adjustable). */
export const HANDSHAKE_VALIDITY_MS = 14 * 86_400_000;
export const MAX_NOTE_LENGTH = 1024;
const DAY_MS = 86_400_000;

const HANDSHAKE_ID = /^h-[A-Za-z0-9]{16}$/;
const LOGIN_NAME = /^[^\s@]+@[^\s@]+$/;

export interface HandshakeSettings {
  /** Invitations per directory in any 24 hours, accepted ones not counted (spec 8: 20, adjustable). */
  readonly dailyLimit: number;
  /** Members per directory (the management account not counted), shared with CreateResourceAccount. */
  readonly memberQuota: number;
}

/** A handshake as one caller sees it: the status on the clock, and the real names for the invitee. */
export interface HandshakeView {
  readonly handshake: Handshake;
  readonly status: HandshakeStatus;
  readonly realNames?: { readonly invited: string; readonly master: string };
}

/** Invitations of existing accounts into a resource directory, and their answers. */
export class HandshakeService {
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly scope: DirectoryScope,
    private readonly settings: HandshakeSettings,
  ) {}

  async invite(
    tx: DomainStores,
    caller: Account,
    input: {
      targetEntity: string | undefined;
      targetType: string | undefined;
      note: string | undefined;
      parentFolderId?: string | undefined;
      tags?: readonly Tag[];
    },
  ): Promise<HandshakeView> {
    if (!input.targetEntity) throw new ApiError('MissingParameter.TargetEntity');
    if (!input.targetType) throw new ApiError('MissingParameter.TargetType');
    if (input.targetType !== 'Account' && input.targetType !== 'Email') throw new ApiError('InvalidParameter.TargetType');
    const targetType: HandshakeTargetType = input.targetType;
    const entity = input.targetEntity.trim();
    if (!(targetType === 'Account' ? ACCOUNT_ID : LOGIN_NAME).test(entity)) throw new ApiError('InvalidParameter.TargetEntity');
    const note = input.note ?? '';
    if ([...note].length > MAX_NOTE_LENGTH) throw new ApiError('InvalidParameter.Note.Length');
    const folderParam = input.parentFolderId || undefined;
    if (folderParam !== undefined && !FOLDER_ID.test(folderParam)) throw new ApiError('InvalidParameter.ParentFolderId');

    // Invitations of one directory take turns, so the daily count is exact across instances.
    const directory = await this.scope.managed(tx, caller, 'write');
    const folder = folderParam === undefined ? undefined : await folderIn(tx, directory, folderParam);
    const target =
      targetType === 'Account'
        ? await tx.accounts.get(entity)
        : ((await tx.accounts.findByName(entity.toLowerCase())) ?? (await tx.accounts.findByName(entity)));
    if (!target) throw new ApiError('InvalidParameter.TargetEntity');
    // The management account itself manages a directory, so it lands here too.
    if (await tx.directories.membership(target.id)) throw new ApiError('NotSupport.AccountInAnotherResourceDirectory');
    if (target.profileType !== 'standard') throw new ApiError('Invalid.AccountType');

    if ((await tx.directories.countMembers(directory.id)) >= this.settings.memberQuota) throw new ApiError('LimitExceeded.Account');
    const now = this.clock.now();
    await tx.handshakes.expirePending(directory.id, target.id, now);
    const sent = await tx.handshakes.countSentSince(directory.id, new Date(now.getTime() - DAY_MS));
    if (sent >= this.settings.dailyLimit) throw new ApiError('LimitExceeded.InvitationRate');

    // Kept to the millisecond so lists keep sending order; the wire shows seconds.
    const createdAt = now;
    const handshake: Handshake = {
      id: await uniqueId(
        () => `h-${alnum(this.random, 16)}`,
        async (id) => (await tx.handshakes.get(id)) !== undefined,
      ),
      directoryId: directory.id,
      masterAccountId: caller.id,
      masterAccountName: caller.name,
      targetEntity: entity,
      targetType,
      targetAccountId: target.id,
      parentFolderId: folder?.id ?? null,
      note,
      tags: input.tags ?? [],
      status: 'Pending',
      createdAt,
      modifiedAt: createdAt,
      expiresAt: new Date(createdAt.getTime() + HANDSHAKE_VALIDITY_MS),
    };
    if (!(await tx.handshakes.insert(handshake))) throw new ApiError('EntityAlreadyExists.Handshake');
    return { handshake, status: 'Pending' };
  }

  /**
   * The invitee joins the directory as an invited cloud account, in the folder the invitation names
   * (Root when none, or when that folder is gone). Its account name becomes its display name in the
   * directory, as the API documents.
   */
  async accept(tx: DomainStores, caller: Account, handshakeId: string | undefined): Promise<HandshakeView> {
    const handshake = await this.pending(tx, handshakeId, (h) => h.targetAccountId === caller.id);
    const found = await tx.directories.get(handshake.directoryId);
    if (!found) throw new ApiError('SpecifiedResourceDirectoryNotExists');
    if (caller.profileType !== 'standard') throw new ApiError('Invalid.AccountType');
    if (!caller.enterpriseVerified) throw new ApiError('NotSupport.Account.RealNameType');
    // The conditional update comes first: a concurrent accept of the same invitation loses here
    // (HandshakeStatusMismatch), and a throw below undoes it with the transaction.
    const accepted = await this.transition(tx, handshake, 'Accepted');
    if (await tx.directories.membership(caller.id)) throw new ApiError('NotSupport.AccountInAnotherResourceDirectory');
    // Several invitations may be pending; the quota is checked again when one is taken up.
    const directory = await this.scope.enter(tx, found, 'write');
    if ((await tx.directories.countMembers(directory.id)) >= this.settings.memberQuota) throw new ApiError('LimitExceeded.Account');
    const folder = handshake.parentFolderId === null ? undefined : await tx.folders.get(handshake.parentFolderId);
    const membership: Membership = {
      accountId: caller.id,
      directoryId: directory.id,
      folderId: folder?.directoryId === directory.id ? folder.id : directory.rootFolderId,
      role: 'member',
      type: 'CloudAccount',
      joinMethod: 'invited',
      status: 'InviteSuccess',
      joinedAt: accepted.handshake.modifiedAt,
      modifiedAt: accepted.handshake.modifiedAt,
    };
    // Display names are unique among all members, invited ones included (the unique index decides).
    if ((await tx.members.displayNameTaken(directory.id, caller.name)) || !(await tx.members.insert(membership, caller.name))) {
      throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');
    }
    await tx.tags.put(directory.id, 'Account', caller.id, handshake.tags);
    await attachDefaultPolicy(tx, directory, { id: caller.id, type: 'Account' }, membership.joinedAt);
    return accepted;
  }

  async decline(tx: DomainStores, caller: Account, handshakeId: string | undefined): Promise<HandshakeView> {
    const handshake = await this.pending(tx, handshakeId, (h) => h.targetAccountId === caller.id);
    return this.transition(tx, handshake, 'Declined');
  }

  async cancel(tx: DomainStores, caller: Account, handshakeId: string | undefined): Promise<HandshakeView> {
    const handshake = await this.pending(tx, handshakeId, (h) => h.masterAccountId === caller.id);
    return this.transition(tx, handshake, 'Cancelled');
  }

  /** Either party may read an invitation; the invitee also sees both enterprise names. */
  async get(tx: DomainStores, caller: Account, handshakeId: string | undefined): Promise<HandshakeView> {
    const handshake = await this.find(tx, handshakeId, (h) => h.targetAccountId === caller.id || h.masterAccountId === caller.id);
    const view = this.view(handshake);
    if (handshake.targetAccountId !== caller.id) return view;
    const master = await tx.accounts.get(handshake.masterAccountId);
    return Object.assign({}, view, { realNames: { invited: caller.enterpriseName, master: master?.enterpriseName ?? '' } });
  }

  /** Sent invitations for a management account, received ones for anyone else. */
  async listForAccount(tx: DomainStores, caller: Account, request: PageRequest): Promise<Page<HandshakeView>> {
    const membership = await tx.directories.membership(caller.id);
    const filter: HandshakeFilter = membership?.role === 'master' ? { masterAccountId: caller.id } : { targetAccountId: caller.id };
    return this.list(tx, filter, request);
  }

  async listForDirectory(tx: DomainStores, caller: Account, request: PageRequest): Promise<Page<HandshakeView>> {
    const directory = await this.scope.managed(tx, caller, 'read');
    return this.list(tx, { directoryId: directory.id }, request);
  }

  private async list(tx: DomainStores, filter: HandshakeFilter, request: PageRequest): Promise<Page<HandshakeView>> {
    const found = await page(
      request,
      () => tx.handshakes.count(filter),
      (offset, limit) => tx.handshakes.list(filter, offset, limit),
    );
    return { items: found.items.map((h) => this.view(h)), total: found.total };
  }

  private view(handshake: Handshake): HandshakeView {
    return { handshake, status: this.statusOf(handshake) };
  }

  /** Pending past its expiry reads as Expired, whether or not a write has recorded it yet. */
  private statusOf(h: Handshake): HandshakeStatus {
    return h.status === 'Pending' && this.clock.now().getTime() >= h.expiresAt.getTime() ? 'Expired' : h.status;
  }

  private async find(tx: DomainStores, handshakeId: string | undefined, visible: (h: Handshake) => boolean): Promise<Handshake> {
    if (!handshakeId) throw new ApiError('MissingParameter.HandshakeId');
    if (!HANDSHAKE_ID.test(handshakeId)) throw new ApiError('InvalidParameter.HandshakeId');
    const handshake = await tx.handshakes.get(handshakeId);
    // An invitation of other parties does not exist for this caller.
    if (!handshake || !visible(handshake)) throw new ApiError('EntityNotExists.Handshake');
    return handshake;
  }

  private async pending(tx: DomainStores, handshakeId: string | undefined, visible: (h: Handshake) => boolean): Promise<Handshake> {
    const handshake = await this.find(tx, handshakeId, visible);
    if (this.statusOf(handshake) !== 'Pending') throw new ApiError('HandshakeStatusMismatch');
    return handshake;
  }

  private async transition(tx: DomainStores, handshake: Handshake, status: 'Accepted' | 'Declined' | 'Cancelled'): Promise<HandshakeView> {
    const now = this.clock.now();
    if (!(await tx.handshakes.transition(handshake.id, status, now))) throw new ApiError('HandshakeStatusMismatch');
    return { handshake: Object.assign({}, handshake, { status, modifiedAt: now }), status };
  }
}
