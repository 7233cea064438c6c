import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { Role } from './actor';

/**
 * The embedded sign-in: an issuer whose Ed25519 key is created on first start under DATA_DIR/keys
 * (owner-only), so the API works out of the box; `npm run token` mints tokens with the same key.
 * It is separate from the badges' key: rotating one never invalidates the other.
 */
export const LOCAL_ISSUER = 'clause-ledger-local';
export const LOCAL_AUDIENCE = 'clause-ledger';
export const LOCAL_CLAIMS = { userId: 'sub', organisationId: 'org', roles: 'role' } as const;
const ALG = 'EdDSA';

export const localIssuerKeyFile = (dataDir: string) => join(dataDir, 'keys', 'auth-issuer-key.json');

export interface LocalIssuerKeys {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function loadOrCreateLocalIssuerKeys(dataDir: string): Promise<LocalIssuerKeys> {
  const file = localIssuerKeyFile(dataDir);
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process (the CLI, a second start) created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk: { ...publicJwk, alg: ALG, use: 'sig' } };
}

export interface TokenRequest {
  readonly role: Role;
  readonly organisationId: string;
  readonly userId: string;
  /** jose time span, e.g. "12h", "30d" */
  readonly expiresIn?: string;
}

export async function mintLocalToken(dataDir: string, request: TokenRequest): Promise<string> {
  const { privateJwk } = await loadOrCreateLocalIssuerKeys(dataDir);
  return new SignJWT({ [LOCAL_CLAIMS.organisationId]: request.organisationId, [LOCAL_CLAIMS.roles]: request.role })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(request.userId)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(await importJWK(privateJwk, ALG));
}
