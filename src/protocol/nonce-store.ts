/** Replay protection: a nonce is accepted once per AccessKey while its timestamp could still pass. */
export interface NonceStore {
  /** Records the nonce; false when it was already recorded (a replay). Atomic across instances. */
  claim(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  /** Forgets nonces whose window has passed. */
  prune(now: Date): Promise<number>;
}
