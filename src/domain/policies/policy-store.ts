/** Custom (a directory's own) or System (Alibaba Cloud's, the same for every directory). */
export type ControlPolicyType = 'System' | 'Custom';

/** What a control policy may be attached to: a folder (Root included) or a member account. */
export type ControlPolicyTargetType = 'Folder' | 'Account';

/** A directory's own control policy (CreateControlPolicy). */
export interface CustomControlPolicy {
  readonly id: string;
  readonly directoryId: string;
  readonly name: string;
  readonly description: string;
  readonly effectScope: string;
  readonly document: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One attachment of a policy to a target. */
export interface ControlPolicyAttachment {
  readonly policyId: string;
  readonly targetId: string;
  readonly directoryId: string;
  readonly targetType: ControlPolicyTargetType;
  readonly attachedAt: Date;
}

/** A policy as attached to a target, what enforcement evaluates: system policies included. */
export interface AttachedControlPolicy {
  readonly id: string;
  readonly name: string;
  readonly type: ControlPolicyType;
  readonly document: string;
  readonly description: string;
  readonly effectScope: string;
  readonly attachedAt: Date;
}

/** A target of a policy with its name (the folder's name, the member's display name). */
export interface TargetAttachment {
  readonly targetId: string;
  readonly targetName: string;
  readonly targetType: ControlPolicyTargetType;
  readonly attachedAt: Date;
}

export interface PolicyChanges {
  readonly name: string;
  readonly description: string;
  readonly document: string;
  readonly updatedAt: Date;
}

/**
 * Custom control policies and the attachments of every policy (system ones included). Writers hold
 * the directory lock (DirectoryScope.managed(…, 'write')), so counts read before a write hold when it
 * commits; name uniqueness is also kept by a unique index. Lists are in creation order.
 */
export interface ControlPolicyStore {
  /** Creates the policy; false when the directory already has one of that name (nothing written). */
  insert(policy: CustomControlPolicy): Promise<boolean>;
  get(id: string): Promise<CustomControlPolicy | undefined>;
  /** True when another policy of the directory (not `exceptId`) has this name. */
  nameTaken(directoryId: string, name: string, exceptId?: string): Promise<boolean>;
  update(id: string, changes: PolicyChanges): Promise<void>;
  /** Deletes the policy (its attachments must be gone). */
  remove(id: string): Promise<void>;
  /** Custom policies of the directory. */
  count(directoryId: string): Promise<number>;
  list(directoryId: string, offset: number, limit: number): Promise<CustomControlPolicy[]>;
  /** Targets each policy of the directory is attached to; policies without attachments are absent. */
  attachmentCounts(directoryId: string, policyIds: readonly string[]): Promise<Map<string, number>>;

  /** Attaches the policy; false when it already was (nothing written). */
  attach(attachment: ControlPolicyAttachment): Promise<boolean>;
  /**
   * Attaches the policy to every folder (Root included) and every member (the management account
   * included) of the directory that does not have it yet (EnableControlPolicy).
   */
  attachToAll(directoryId: string, policyId: string, attachedAt: Date): Promise<void>;
  /** Detaches the policy; false when it was not attached. */
  detach(policyId: string, targetId: string): Promise<boolean>;
  /** Every attachment of a target (a folder deleted, a member leaving or deleted). */
  detachTarget(targetId: string): Promise<void>;
  /** Every attachment in the directory (DisableControlPolicy). */
  detachAll(directoryId: string): Promise<void>;
  /** Every policy and attachment of the directory (when it is destroyed). */
  clear(directoryId: string): Promise<void>;
  /** Policies attached to the target. */
  countAttachedTo(targetId: string): Promise<number>;
  /**
   * For each target, the policies attached to it in attachment order, with what evaluating them
   * needs; targets without attachments are absent from the map.
   */
  attachedTo(targetIds: readonly string[]): Promise<Map<string, AttachedControlPolicy[]>>;
  /** Targets of a policy within its directory, in attachment order, named. */
  countTargets(directoryId: string, policyId: string): Promise<number>;
  listTargets(directoryId: string, policyId: string, offset: number, limit: number): Promise<TargetAttachment[]>;
}
