import type { CustomControlPolicy } from './policy-store.js';
import { type PolicyLanguage, type SystemPolicy, systemPolicies } from './system-policies.js';

/** A control policy as the API shows it, custom or system, with the number of targets it is attached to in the caller's directory. */
export interface ControlPolicyView {
  readonly id: string;
  readonly name: string;
  readonly type: 'System' | 'Custom';
  readonly description: string;
  readonly effectScope: string;
  readonly document: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly attachmentCount: number;
}

export type Policy = { readonly system: SystemPolicy } | { readonly custom: CustomControlPolicy };

export const policyId = (p: Policy) => ('system' in p ? p.system.policyId : p.custom.id);

export const systemPolicy = (id: string) => systemPolicies.find((p) => p.policyId === id);

export function render(p: Policy, attachmentCount: number, language: PolicyLanguage): ControlPolicyView {
  if ('custom' in p) return customView(p.custom, attachmentCount);
  const s = p.system;
  return {
    id: s.policyId,
    name: s.policyName,
    type: 'System',
    description: s.descriptions[language],
    effectScope: s.effectScope,
    document: s.documentText,
    createdAt: new Date(s.createDate),
    updatedAt: new Date(s.updateDate),
    attachmentCount,
  };
}

export const customView = (p: CustomControlPolicy, attachmentCount: number): ControlPolicyView => ({
  id: p.id,
  name: p.name,
  type: 'Custom',
  description: p.description,
  effectScope: p.effectScope,
  document: p.document,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  attachmentCount,
});
