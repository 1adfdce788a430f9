export type Site = 'international' | 'china';
/** Ordinary accounts may run a resource directory; reseller and virtual-operator accounts may not. */
export type ProfileType = 'standard' | 'reseller' | 'virtual-operator';

export interface Account {
  readonly id: string;
  /** Login name, e.g. `alice@example.com` or `ops@rdadmin.aliyunid.com`. */
  readonly name: string;
  readonly displayName: string;
  /** `<country code>-<number>`, or null when no secure phone is bound. */
  readonly securePhone: string | null;
  /** The security email, once a change of the primary email was confirmed; null until then. */
  readonly secureEmail: string | null;
  readonly enterpriseVerified: boolean;
  /** Name from the enterprise real-name verification; empty when none was given. */
  readonly enterpriseName: string;
  readonly site: Site;
  readonly profileType: ProfileType;
  readonly createdAt: Date;
}

export interface AccessKey {
  readonly id: string;
  readonly accountId: string;
  readonly secret: string;
  /** The RAM user of the account the key belongs to; null for the account's own (root) key. */
  readonly ramUser: string | null;
  readonly createdAt: Date;
}

/** Who signed a request: the account, and the RAM user when the key is a RAM user's. */
export interface Caller extends Account {
  readonly ramUser: string | null;
}
