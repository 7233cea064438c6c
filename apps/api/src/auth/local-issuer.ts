import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JWK, SignJWT, importJWK } from 'jose';
import { Role } from './actor';
import { newEd25519PrivateJwk, readOrCreateOwnerOnlyJson, writeOwnerOnlyJson } from '@clause-ledger/event-store';

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
/** Public keys rotated out, each published until the tokens it signed have all expired. */
export const retiredIssuerKeysFile = (dataDir: string) => join(dataDir, 'keys', 'auth-issuer-retired-keys.json');

interface RetiredKey {
  readonly publicJwk: JWK;
  readonly publishedUntil: string;
}

export interface LocalIssuerKeys {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function loadOrCreateLocalIssuerKeys(dataDir: string): Promise<LocalIssuerKeys> {
  // another process (the CLI, a second start) may create it at the same moment: both use the first one written
  const privateJwk = await readOrCreateOwnerOnlyJson(localIssuerKeyFile(dataDir), newEd25519PrivateJwk);
  return { privateJwk, publicJwk: publicOf(privateJwk) };
}

function publicOf(privateJwk: JWK): JWK {
  const { d: _d, ...publicJwk } = privateJwk;
  return { ...publicJwk, alg: ALG, use: 'sig' };
}

function retiredKeys(dataDir: string): RetiredKey[] {
  const file = retiredIssuerKeysFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RetiredKey[]) : [];
}

/** The keys tokens are verified with: the signing key and the rotated-out keys still within their publication. */
export async function publishedIssuerKeys(dataDir: string, now: Date): Promise<{ keys: JWK[]; nextChange?: Date }> {
  const current = (await loadOrCreateLocalIssuerKeys(dataDir)).publicJwk;
  const retired = retiredKeys(dataDir).filter((k) => new Date(k.publishedUntil) > now);
  const nextChange = retired.map((k) => new Date(k.publishedUntil)).sort((a, b) => a.getTime() - b.getTime())[0];
  return { keys: [current, ...retired.map((k) => k.publicJwk)], ...(nextChange ? { nextChange } : {}) };
}

export interface KeyRotation {
  readonly previousKeyId: string;
  readonly newKeyId: string;
  readonly previousKeyPublishedUntil: string;
}

/**
 * A new signing key. The previous public key is filed as retired before the new key replaces it,
 * so no moment publishes neither; it stays published `maxTokenSeconds`, the longest a token lives.
 */
export async function rotateLocalIssuerKey(dataDir: string, maxTokenSeconds: number, now: Date): Promise<KeyRotation> {
  const previous = (await loadOrCreateLocalIssuerKeys(dataDir)).privateJwk;
  const next = await newEd25519PrivateJwk();
  const previousKeyPublishedUntil = new Date(now.getTime() + maxTokenSeconds * 1000).toISOString();
  const stillPublished = retiredKeys(dataDir).filter((k) => new Date(k.publishedUntil) > now);
  writeOwnerOnlyJson(retiredIssuerKeysFile(dataDir), [...stillPublished, { publicJwk: publicOf(previous), publishedUntil: previousKeyPublishedUntil }]);
  writeOwnerOnlyJson(localIssuerKeyFile(dataDir), next);
  return { previousKeyId: previous.kid!, newKeyId: next.kid!, previousKeyPublishedUntil };
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
