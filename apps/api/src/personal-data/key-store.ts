/** A person's data key: 256 bits for AES-256-GCM, named by `kid` in every ciphertext it sealed. */
export interface PersonalDataKey {
  readonly kid: string;
  readonly key: Buffer;
}

/**
 * Where per-person keys live, apart from the event log: destroying a key erases everything sealed
 * under it (crypto-shredding) while the log stays append-only. The embedded adapter is a SQLite file
 * under DATA_DIR; another store (a KMS or Vault transit engine wrapping the keys, an HSM) plugs in
 * by implementing this port and choosing it in `personalDataKeyStoreProvider`.
 */
export interface PersonalDataKeyStore {
  /**
   * The subject's key, created on the first call and the same on every later one, so a retried
   * command reuses it and a crash after creation leaves an unused key, never a blocked id.
   * Throws KeyDestroyedError once the key was destroyed.
   */
  keyFor(subjectId: string): Promise<PersonalDataKey>;
  /** The key named `kid`, or undefined when it never existed or was destroyed. */
  find(subjectId: string, kid: string): Promise<PersonalDataKey | undefined>;
  /** Destroys the subject's key for good; idempotent. */
  destroy(subjectId: string): Promise<void>;
  close(): Promise<void>;
}

export class KeyDestroyedError extends Error {
  constructor(readonly subjectId: string) {
    super(`the personal data key of ${subjectId} was destroyed`);
    this.name = 'KeyDestroyedError';
  }
}

export const PERSONAL_DATA_KEY_STORE = Symbol('PERSONAL_DATA_KEY_STORE');
