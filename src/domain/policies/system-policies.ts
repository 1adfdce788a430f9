import { type PolicyDocument, parsePolicyDocument } from './document.js';

/** The languages ListControlPolicies and GetControlPolicy describe system policies in (`Language`). */
export type PolicyLanguage = 'zh-CN' | 'en' | 'ja';

/** A control policy Alibaba defines: every directory has it, nobody can create, change or delete it. */
export interface SystemPolicy {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: 'System';
  readonly effectScope: 'All';
  /** By `Language`; zh-CN is the API's default. */
  readonly descriptions: Readonly<Record<PolicyLanguage, string>>;
  /** The document as GetControlPolicy returns it (PolicyDocument). */
  readonly documentText: string;
  readonly document: PolicyDocument;
  /** The documented sample's CreateDate and UpdateDate. */
  readonly createDate: string;
  readonly updateDate: string;
}

const fullAccessText = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/**
 * FullAliyunAccess: "System access control policy available for all operations on the cloud", attached
 * to Root, every folder and every member while the feature is enabled. ID, name, type, scope, the zh-CN
 * and en descriptions and the dates are the ListControlPolicies sample's; the document (Allow `*` on
 * `*`) is what "allows all operations on all cloud resources" means, its exact text is not published.
 * The Japanese description is not published either, so `ja` gives the English one.
 */
export const fullAliyunAccess: SystemPolicy = Object.freeze({
  policyId: 'cp-FullAliyunAccess',
  policyName: 'FullAliyunAccess',
  policyType: 'System',
  effectScope: 'All',
  descriptions: Object.freeze({
    'zh-CN': '支持阿里云所有操作的系统管控策略',
    en: 'System access control policy available for all operations on the cloud',
    ja: 'System access control policy available for all operations on the cloud',
  }),
  documentText: fullAccessText,
  document: parsePolicyDocument(fullAccessText, 'PolicyDocument'),
  createDate: '2020-08-05T06:32:24Z',
  updateDate: '2020-08-05T06:32:24Z',
});

/** Every system control policy, by ID. */
export const systemPolicies: readonly SystemPolicy[] = Object.freeze([fullAliyunAccess]);

export function isSystemPolicyId(policyId: string): boolean {
  return systemPolicies.some((p) => p.policyId === policyId);
}

/** The same object under the policy's own name, for code that reads better with it. */
export const FullAliyunAccess = fullAliyunAccess;
