import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a box seals; each purpose has its own key, derived from the server secret under its own HKDF label. */
export type SealedPurpose = 'access-key secrets' | 'outbox contents';

const PREFIX = 'v1:';
const IV_BYTES = 12;
/**
 * IVs are cut from random bytes drawn this many at a time: a call of randomBytes costs the same for
 * 12 bytes as for 4 KiB, and drawing 12 per seal was 2 % of a send's CPU. Each IV is still 96 fresh
 * random bits used once; IVs are public (each sealed text begins with its own), so the bytes waiting
 * here guard nothing.
 */
const IV_POOL_BYTES = IV_BYTES * 340;

/**
 * Seals values at rest with AES-256-GCM under a key derived from the server secret, so a copy of the
 * database alone gives away neither working credentials nor codes waiting in the outbox.
 */
export class SecretBox {
  private readonly key: Buffer;
  // Every signed request opens its key's secret: keep recent ones, keyed by the sealed text so a
  // changed row can never return a stale secret. Outbox codes are opened once or twice each and
  // must not linger in memory, so that box keeps none.
  private readonly opened: Map<string, string> | undefined;
  private ivs = Buffer.alloc(0);
  private ivAt = 0;

  constructor(serverSecret: string, purpose: SealedPurpose) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, 'canopy', purpose, 32));
    this.opened = purpose === 'access-key secrets' ? new Map() : undefined;
  }

  /** True for text this class sealed (any key); anything else was stored in clear by an earlier release. */
  static isSealed(text: string): boolean {
    return text.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivs.length) {
      this.ivs = randomBytes(IV_POOL_BYTES);
      this.ivAt = 0;
    }
    this.ivAt += IV_BYTES;
    return this.ivs.subarray(this.ivAt - IV_BYTES, this.ivAt);
  }

  /** The plain value; throws when the text was sealed under another key (GCM authentication fails). */
  open(sealed: string): string {
    const cached = this.opened?.get(sealed);
    if (cached !== undefined) return cached;
    const plain = this.decrypt(sealed);
    if (this.opened) {
      if (this.opened.size >= 10_000) this.opened.delete(this.opened.keys().next().value!);
      this.opened.set(sealed, plain);
    }
    return plain;
  }

  private decrypt(sealed: string): string {
    if (!SecretBox.isSealed(sealed)) throw new Error('unknown sealed secret format');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + 16));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + 16)), decipher.final()]).toString('utf8');
  }
}

/** The boxes of one server secret, one per sealed purpose. */
export interface SealingKeys {
  readonly accessKeys: SecretBox;
  readonly outbox: SecretBox;
}

export function sealingKeys(serverSecret: string): SealingKeys {
  return { accessKeys: new SecretBox(serverSecret, 'access-key secrets'), outbox: new SecretBox(serverSecret, 'outbox contents') };
}
