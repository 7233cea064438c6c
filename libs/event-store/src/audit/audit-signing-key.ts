import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JWK, KeyLike, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';

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
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair(AUDIT_ALG, { crv: 'Ed25519', extractable: true });
    privateJwk = await exportJWK(privateKey);
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use that one
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey: await importJWK(privateJwk, AUDIT_ALG), keyId: privateJwk.kid!, jwks: { keys: [{ ...publicJwk, alg: AUDIT_ALG, use: 'sig' }] } };
}
