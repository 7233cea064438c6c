import { join } from 'node:path';
import { JWK, KeyLike, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { readOrCreateOwnerOnlyJson } from '../embedded/owner-only-file';

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
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'audit-signing-key.json');
  // another process may create it at the same moment: both use the first one written
  const privateJwk = await readOrCreateOwnerOnlyJson(file, async (): Promise<JWK> => {
    const { privateKey } = await generateKeyPair(AUDIT_ALG, { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    return jwk;
  });
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey: await importJWK(privateJwk, AUDIT_ALG), keyId: privateJwk.kid!, jwks: { keys: [{ ...publicJwk, alg: AUDIT_ALG, use: 'sig' }] } };
}
