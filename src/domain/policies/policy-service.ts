import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { PolicyStatus, ResourceDirectory } from '../directory/resource-directory.js';
import type { DirectoryScope } from '../directory/scope.js';
import { type Page, type PageRequest, page } from '../paging.js';
import { alnum, type Random, uniqueId } from '../random.js';
import type { DomainStores } from '../store.js';
import { parsePolicyDocument } from './document.js';
import { attachmentsAllowed, enablementStatus } from './enablement.js';
import type { AttachedControlPolicy, ControlPolicyTargetType, CustomControlPolicy, TargetAttachment } from './policy-store.js';
import {
  MAX_CUSTOM_POLICIES,
  MAX_CUSTOM_POLICIES_PER_TARGET,
  POLICY_ID_LENGTH,
  checkDescription,
  checkEffectScope,
  checkLanguage,
  checkName,
  checkPolicyType,
  requireParam,
} from './rules.js';
import { type ControlPolicyView, customView, type Policy, policyId, render, systemPolicy } from './policy-view.js';
import { fullAliyunAccess, type PolicyLanguage, systemPolicies } from './system-policies.js';

/**
 * Control policies of a directory, managed by its management account (members and standalone
 * accounts get EntityNotExists.ResourceDirectory, as for folders and members). Every write takes the
 * directory lock, so the policy and attachment limits hold under any concurrency, on any number of
 * instances; folder and member changes take the same lock, so a target cannot vanish mid-attach.
 */
export class ControlPolicyService {
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly scope: DirectoryScope,
  ) {}

  async create(
    tx: DomainStores,
    caller: Account,
    input: { name?: string | undefined; description?: string | undefined; effectScope?: string | undefined; document?: string | undefined },
  ): Promise<ControlPolicyView> {
    const name = checkName(input.name, 'PolicyName');
    const description = checkDescription(input.description, 'Description');
    const effectScope = checkEffectScope(input.effectScope);
    const document = requireParam(input.document, 'PolicyDocument');
    parsePolicyDocument(document, 'PolicyDocument');
    const directory = await this.scope.managed(tx, caller, 'write');
    if (await tx.controlPolicies.nameTaken(directory.id, name)) throw new ApiError('EntityAlreadyExists.ControlPolicy');
    if ((await tx.controlPolicies.count(directory.id)) >= MAX_CUSTOM_POLICIES) throw new ApiError('LimitExceeded.ControlPolicy');
    const id = await uniqueId(
      () => `cp-${alnum(this.random, POLICY_ID_LENGTH)}`,
      async (candidate) => (await tx.controlPolicies.get(candidate)) !== undefined,
    );
    const now = this.clock.now();
    const policy: CustomControlPolicy = {
      id,
      directoryId: directory.id,
      name,
      description,
      effectScope,
      document,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await tx.controlPolicies.insert(policy))) throw new ApiError('EntityAlreadyExists.ControlPolicy');
    return customView(policy, 0);
  }

  /** GetControlPolicy: a custom policy of the caller's directory, or a system policy (its description in `language`). */
  async get(tx: DomainStores, caller: Account, input: { policyId?: string | undefined; language?: string | undefined }) {
    const policyId = requireParam(input.policyId, 'PolicyId');
    const language = checkLanguage(input.language);
    const directory = await this.scope.managed(tx, caller, 'read');
    return this.view(tx, directory, await this.policy(tx, directory, policyId), language);
  }

  /** UpdateControlPolicy: what is given changes (an empty NewDescription clears it); the document is checked like on create. */
  async update(
    tx: DomainStores,
    caller: Account,
    input: { policyId?: string | undefined; name?: string | undefined; description?: string | undefined; document?: string | undefined },
  ): Promise<ControlPolicyView> {
    const policyId = requireParam(input.policyId, 'PolicyId');
    const name = input.name === undefined || input.name === '' ? undefined : checkName(input.name, 'NewPolicyName');
    const description = input.description === undefined ? undefined : checkDescription(input.description, 'NewDescription');
    const document = input.document === undefined || input.document === '' ? undefined : input.document;
    if (document !== undefined) parsePolicyDocument(document, 'NewPolicyDocument');
    const directory = await this.scope.managed(tx, caller, 'write');
    const found = await this.policy(tx, directory, policyId);
    if ('system' in found) throw new ApiError('NotSupport.UpdateSystemControlPolicy');
    const current = found.custom;
    if (name !== undefined && name !== current.name && (await tx.controlPolicies.nameTaken(directory.id, name, current.id))) {
      throw new ApiError('EntityAlreadyExists.ControlPolicy');
    }
    const changes = {
      name: name ?? current.name,
      description: description ?? current.description,
      document: document ?? current.document,
      updatedAt: this.clock.now(),
    };
    await tx.controlPolicies.update(current.id, changes);
    return this.view(tx, directory, { custom: Object.assign({}, current, changes) }, 'zh-CN');
  }

  /** DeleteControlPolicy: a custom policy attached nowhere; its tags go with it. */
  async delete(tx: DomainStores, caller: Account, policyId: string | undefined): Promise<void> {
    const id = requireParam(policyId, 'PolicyId');
    const directory = await this.scope.managed(tx, caller, 'write');
    const found = await this.policy(tx, directory, id);
    if ('system' in found) throw new ApiError('DeleteConflict.SystemControlPolicy');
    if ((await tx.controlPolicies.countTargets(directory.id, id)) > 0) throw new ApiError('DeleteConflict.ControlPolicy.Attachment');
    await tx.tags.remove('ControlPolicy', id, 'all');
    await tx.controlPolicies.remove(id);
  }

  /** ListControlPolicies: the system policies first, then the custom ones in creation order. */
  async list(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { policyType?: string | undefined; language?: string | undefined },
  ): Promise<Page<ControlPolicyView>> {
    const type = checkPolicyType(input.policyType);
    const language = checkLanguage(input.language);
    const directory = await this.scope.managed(tx, caller, 'read');
    const systems = type === 'Custom' ? [] : [...systemPolicies];
    const customs = type === 'System' ? 0 : await tx.controlPolicies.count(directory.id);
    const result = await page(
      input,
      async () => systems.length + customs,
      async (offset, limit) => {
        const policies: Policy[] = systems.slice(offset, offset + limit).map((system) => ({ system }));
        const from = Math.max(0, offset - systems.length);
        const left = limit - policies.length;
        if (customs > 0 && left > 0) {
          for (const custom of await tx.controlPolicies.list(directory.id, from, left)) policies.push({ custom });
        }
        return policies;
      },
    );
    const counts = await tx.controlPolicies.attachmentCounts(directory.id, result.items.map(policyId));
    return { total: result.total, items: result.items.map((p) => render(p, counts.get(policyId(p)) ?? 0, language)) };
  }

  /** AttachControlPolicy: while the feature is on; at most 10 custom policies on one target. */
  async attach(tx: DomainStores, caller: Account, input: { policyId?: string | undefined; targetId?: string | undefined }): Promise<void> {
    const id = requireParam(input.policyId, 'PolicyId');
    const targetId = requireParam(input.targetId, 'TargetId');
    const directory = await this.scope.managed(tx, caller, 'write');
    if (!attachmentsAllowed(directory)) throw new ApiError('InvalidControlPolicyEnablementStatus');
    const found = await this.policy(tx, directory, id);
    const target = await targetIn(tx, directory, targetId);
    const attached = (await tx.controlPolicies.attachedTo([target.id])).get(target.id) ?? [];
    if (attached.some((p) => p.id === id)) throw new ApiError('EntityAlreadyExists.ControlPolicyAttachment');
    if ('custom' in found && attached.filter((p) => p.type === 'Custom').length >= MAX_CUSTOM_POLICIES_PER_TARGET) {
      throw new ApiError('LimitExceeded.ControlPolicyAttachment');
    }
    const attachment = {
      policyId: id,
      targetId: target.id,
      directoryId: directory.id,
      targetType: target.type,
      attachedAt: this.clock.now(),
    };
    if (!(await tx.controlPolicies.attach(attachment))) throw new ApiError('EntityAlreadyExists.ControlPolicyAttachment');
  }

  /** DetachControlPolicy: never a target's last policy while the feature is on (the documented NotSupport.DetachLastControlPolicy). */
  async detach(tx: DomainStores, caller: Account, input: { policyId?: string | undefined; targetId?: string | undefined }): Promise<void> {
    const id = requireParam(input.policyId, 'PolicyId');
    const targetId = requireParam(input.targetId, 'TargetId');
    const directory = await this.scope.managed(tx, caller, 'write');
    await this.policy(tx, directory, id);
    const target = await targetIn(tx, directory, targetId);
    const attached = (await tx.controlPolicies.attachedTo([target.id])).get(target.id) ?? [];
    if (!attached.some((p) => p.id === id)) throw new ApiError('EntityNotExists.ControlPolicyAttachment');
    if (attached.length === 1 && attachmentsAllowed(directory)) throw new ApiError('NotSupport.DetachLastControlPolicy');
    await tx.controlPolicies.detach(id, target.id);
  }

  /** ListControlPolicyAttachmentsForTarget: every policy on the target, in attachment order. */
  async attachmentsFor(
    tx: DomainStores,
    caller: Account,
    input: { targetId?: string | undefined; language?: string | undefined },
  ): Promise<AttachedControlPolicy[]> {
    const targetId = requireParam(input.targetId, 'TargetId');
    const language = checkLanguage(input.language);
    const directory = await this.scope.managed(tx, caller, 'read');
    const target = await targetIn(tx, directory, targetId);
    const attached = (await tx.controlPolicies.attachedTo([target.id])).get(target.id) ?? [];
    return attached.map((p) => {
      const system = systemPolicy(p.id);
      return system && p.type === 'System' ? Object.assign({}, p, { description: system.descriptions[language] }) : p;
    });
  }

  /** ListTargetAttachmentsForControlPolicy: the folders and members the policy is attached to, in attachment order. */
  async targetsOf(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { policyId?: string | undefined },
  ): Promise<Page<TargetAttachment>> {
    const id = requireParam(input.policyId, 'PolicyId');
    const directory = await this.scope.managed(tx, caller, 'read');
    await this.policy(tx, directory, id);
    return page(
      input,
      () => tx.controlPolicies.countTargets(directory.id, id),
      (offset, limit) => tx.controlPolicies.listTargets(directory.id, id, offset, limit),
    );
  }

  /**
   * EnableControlPolicy: attaches FullAliyunAccess to Root, every folder and every member and answers
   * PendingEnable; the status is Enabled once it has settled. Asking again while enabled or enabling
   * answers the current status and changes nothing; asking while the feature is being disabled is
   * refused with InvalidControlPolicyEnablementStatus (docs/api.md).
   */
  async enable(tx: DomainStores, caller: Account): Promise<PolicyStatus> {
    const directory = await this.scope.managed(tx, caller, 'write');
    const now = this.clock.now();
    const status = enablementStatus(directory, now);
    if (status === 'PendingDisable') throw new ApiError('InvalidControlPolicyEnablementStatus');
    if (status !== 'Disabled') return status;
    await tx.controlPolicies.attachToAll(directory.id, fullAliyunAccess.policyId, now);
    await tx.directories.setControlPolicyStatus(directory.id, 'Enabled', now);
    return 'PendingEnable';
  }

  /**
   * DisableControlPolicy: detaches every policy from every target (custom policies stay) and answers
   * PendingDisable; Disabled once settled. The mirror image of enable for repeated and crossing calls.
   */
  async disable(tx: DomainStores, caller: Account): Promise<PolicyStatus> {
    const directory = await this.scope.managed(tx, caller, 'write');
    const now = this.clock.now();
    const status = enablementStatus(directory, now);
    if (status === 'PendingEnable') throw new ApiError('InvalidControlPolicyEnablementStatus');
    if (status !== 'Enabled') return status;
    await tx.controlPolicies.detachAll(directory.id);
    await tx.directories.setControlPolicyStatus(directory.id, 'Disabled', now);
    return 'PendingDisable';
  }

  /** GetControlPolicyEnablementStatus. */
  async status(tx: DomainStores, caller: Account): Promise<PolicyStatus> {
    const directory = await this.scope.managed(tx, caller, 'read');
    return enablementStatus(directory, this.clock.now());
  }

  /** A system policy, or a custom policy of this directory; anything else does not exist for the caller. */
  private async policy(tx: DomainStores, directory: ResourceDirectory, id: string): Promise<Policy> {
    const system = systemPolicy(id);
    if (system) return { system };
    const custom = await tx.controlPolicies.get(id);
    if (!custom || custom.directoryId !== directory.id) throw new ApiError('EntityNotExists.ControlPolicy');
    return { custom };
  }

  private async view(tx: DomainStores, directory: ResourceDirectory, p: Policy, language: PolicyLanguage): Promise<ControlPolicyView> {
    return render(p, await tx.controlPolicies.countTargets(directory.id, policyId(p)), language);
  }
}

/** A folder (Root included) or a member (the management account included) of the directory; anything else is EntityNotExists.Target. */
async function targetIn(
  tx: DomainStores,
  directory: ResourceDirectory,
  id: string,
): Promise<{ id: string; type: ControlPolicyTargetType }> {
  const folder = await tx.folders.get(id);
  if (folder?.directoryId === directory.id) return { id, type: 'Folder' };
  const member = await tx.members.get(id);
  if (member?.membership.directoryId === directory.id) return { id, type: 'Account' };
  throw new ApiError('EntityNotExists.Target');
}
