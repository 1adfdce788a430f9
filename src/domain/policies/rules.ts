import { invalidParameter, missingParameter } from '../../errors/api-error.js';
import type { PolicyLanguage } from './system-policies.js';

/**
 * Limits and formats of custom control policies, as documented: the Resource Management limits page
 * (1,500 custom policies per directory; 10 custom policies attached to each folder or member; 4,096
 * characters per document) and the CreateControlPolicy reference (name 1-128 characters, letters,
 * digits and hyphens, starting with a letter; description 1-1,024 characters, letters, digits,
 * underscores and hyphens, starting with a letter; EffectScope `RAM`).
 */
export const MAX_CUSTOM_POLICIES = 1500;
export const MAX_CUSTOM_POLICIES_PER_TARGET = 10;

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const DESCRIPTION = /^[A-Za-z][A-Za-z0-9_-]{0,1023}$/;
/** The only scope a custom policy may have; FullAliyunAccess has `All`. */
const EFFECT_SCOPES = new Set(['RAM']);

/** `cp-` and 16 letters or digits, as the examples show (`cp-jExXAqIYkwHN****`). */
export const POLICY_ID_LENGTH = 16;

const LANGUAGES: readonly string[] = ['zh-CN', 'en', 'ja'];

export function checkName(value: string | undefined, param: 'PolicyName' | 'NewPolicyName'): string {
  if (value === undefined || value === '') throw missingParameter(param);
  if (!NAME.test(value)) throw invalidParameter(param);
  return value;
}

/** A description: absent or empty means none. */
export function checkDescription(value: string | undefined, param: 'Description' | 'NewDescription'): string {
  if (value === undefined || value === '') return '';
  if (!DESCRIPTION.test(value)) throw invalidParameter(param);
  return value;
}

export function checkEffectScope(value: string | undefined): string {
  if (value === undefined || value === '') throw missingParameter('EffectScope');
  if (!EFFECT_SCOPES.has(value)) throw invalidParameter('EffectScope');
  return value;
}

export function checkLanguage(value: string | undefined): PolicyLanguage {
  if (value === undefined || value === '') return 'zh-CN';
  if (!LANGUAGES.includes(value)) throw invalidParameter('Language');
  return value as PolicyLanguage;
}

/** `PolicyType` of ListControlPolicies: System, Custom, or both when absent. */
export function checkPolicyType(value: string | undefined): 'System' | 'Custom' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'System' && value !== 'Custom') throw invalidParameter('PolicyType');
  return value;
}

export function requireParam(value: string | undefined, param: string): string {
  if (value === undefined || value === '') throw missingParameter(param);
  return value;
}
