import { join } from 'node:path';
import { JWK, KeyLike, importJWK } from 'jose';
import { readOrCreateOwnerOnlyJson } from '../embedded/owner-only-file';
import { newEd25519PrivateJwk } from '../signing-key';

export const AUDIT_ALG = 'EdDSA';

export interface AuditSigningKey {
  readonly privateKey: KeyLike | Uint8Array;
  readonly keyId: string;
  /** The public half as a JWK set: what anyone needs to check a checkpoint. */
  readonly jwks: { keys: JWK[] };
}

/**
 * The organisation's checkpoint signing key (Ed25519), its own rather than the badges' so that the
 * two can be rotated apart. Created on first use under DATA_DIR/keys, owner-only (0600).
 */
export async function loadAuditSigningKey(dataDir: string): Promise<AuditSigningKey> {
  // another process may create it at the same moment: both use the first one written
  const privateJwk = await readOrCreateOwnerOnlyJson(join(dataDir, 'keys', 'audit-signing-key.json'), newEd25519PrivateJwk);
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey: await importJWK(privateJwk, AUDIT_ALG), keyId: privateJwk.kid!, jwks: { keys: [{ ...publicJwk, alg: AUDIT_ALG, use: 'sig' }] } };
}
