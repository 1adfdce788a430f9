// stand-in: replaced by the policy-language branch

/** A control policy Alibaba Cloud provides: present for every directory, never changed or deleted. */
export interface SystemPolicy {
  readonly id: string;
  readonly name: string;
  readonly type: 'System';
  readonly effectScope: 'All' | 'RAM';
  /** Its description per Language (`zh-CN`, `en`, `ja`). */
  readonly descriptions: Readonly<Record<'zh-CN' | 'en' | 'ja', string>>;
  readonly document: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * FullAliyunAccess: allows every operation; enabling the Control Policy feature attaches it to Root,
 * every folder and every member. Its ID, name, scope, dates and zh-CN description are the
 * ListControlPolicies example of the API metadata.
 */
export const FULL_ALIYUN_ACCESS: SystemPolicy = {
  id: 'cp-FullAliyunAccess',
  name: 'FullAliyunAccess',
  type: 'System',
  effectScope: 'All',
  descriptions: {
    'zh-CN': '支持阿里云所有操作的系统管控策略',
    en: 'System control policy that allows all operations on Alibaba Cloud',
    ja: 'すべての Alibaba Cloud 操作を許可するシステムアクセス制御ポリシー',
  },
  document: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  createdAt: new Date('2020-08-05T06:32:24Z'),
  updatedAt: new Date('2020-08-05T06:32:24Z'),
};

/** Every system policy, by ID. */
export const SYSTEM_POLICIES: ReadonlyMap<string, SystemPolicy> = new Map([[FULL_ALIYUN_ACCESS.id, FULL_ALIYUN_ACCESS]]);
