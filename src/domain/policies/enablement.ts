import type { PolicyStatus, ResourceDirectory } from '../directory/resource-directory.js';
import type { DomainStores } from '../store.js';
import type { ControlPolicyTargetType } from './policy-store.js';
import { fullAliyunAccess } from './system-policies.js';

/**
 * How long the Control Policy switch shows PendingEnable / PendingDisable after it changed, on the
 * emulator clock. Alibaba Cloud documents the pending states (EnableControlPolicy answers
 * `PendingEnable`, DisableControlPolicy `PendingDisable`) but not how long they last; 10 seconds is
 * Canopy's choice (docs/api.md), short enough for tests and Terraform's 5-second polls.
 */
export const CONTROL_POLICY_SETTLE_MS = 10_000;

/**
 * The switch as the API shows it at `now`: the stored Enabled or Disabled, pending until it has
 * settled. Derived at read time, so nothing runs in the background.
 */
export function enablementStatus(directory: ResourceDirectory, now: Date): PolicyStatus {
  const stored = directory.controlPolicyStatus === 'Enabled' || directory.controlPolicyStatus === 'PendingEnable' ? 'Enabled' : 'Disabled';
  const changedAt = directory.controlPolicyChangedAt;
  const settling = changedAt !== null && now.getTime() < changedAt.getTime() + CONTROL_POLICY_SETTLE_MS;
  if (!settling) return stored;
  return stored === 'Enabled' ? 'PendingEnable' : 'PendingDisable';
}

/** True when the directory's control policies bound its members' RAM identities now (status `Enabled`). */
export const controlPoliciesInForce = (directory: ResourceDirectory, now: Date): boolean => enablementStatus(directory, now) === 'Enabled';

/** True while the feature is on or being turned on: policies can be attached and new targets get FullAliyunAccess. */
export const attachmentsAllowed = (directory: ResourceDirectory): boolean =>
  directory.controlPolicyStatus === 'Enabled' || directory.controlPolicyStatus === 'PendingEnable';

/**
 * A folder created or a member added while the feature is on gets FullAliyunAccess, as documented
 * ("When you create a folder or member … When an invited Alibaba Cloud account joins …"). Callers hold
 * the directory lock and give the directory as it stands under it (DirectoryScope), so this cannot
 * interleave with EnableControlPolicy or DisableControlPolicy.
 */
export async function attachDefaultPolicy(
  tx: DomainStores,
  directory: ResourceDirectory,
  target: { id: string; type: ControlPolicyTargetType },
  now: Date,
): Promise<void> {
  if (!attachmentsAllowed(directory)) return;
  await tx.controlPolicies.attach({
    policyId: fullAliyunAccess.policyId,
    targetId: target.id,
    directoryId: directory.id,
    targetType: target.type,
    attachedAt: now,
  });
}
