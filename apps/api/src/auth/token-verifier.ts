import { Inject, Injectable } from '@nestjs/common';
import { JWTPayload, JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import { ClaimMapping, IssuerSettings } from '../config/auth-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { Actor, ROLES, Role } from './actor';
import { ForbiddenRoleError, UnauthenticatedError } from './access-errors';
import { LOCAL_AUDIENCE, LOCAL_CLAIMS, LOCAL_ISSUER, publishedIssuerKeys } from './local-issuer';
import { MemberDirectory } from './member-directory';

/** A verified token is trusted again without a signature check until its expiry, and at most this long (key rotation). */
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;
const VERIFIED_TOKENS_CAPACITY = 10_000;

interface TrustedIssuer {
  readonly settings: Pick<IssuerSettings, 'issuer' | 'audience' | 'claims' | 'defaultRole' | 'organisationFrom'>;
  readonly keys: () => Promise<JWTVerifyGetKey>;
  /** The embedded issuer bounds a token's life (iat to now), which is how long a rotated-out key stays published. */
  readonly maxTokenAge?: number;
}

/** Turns a bearer JWT into an actor: the issuer must be trusted, the signature, audience and expiry valid. */
@Injectable()
export class TokenVerifier {
  private readonly issuers = new Map<string, TrustedIssuer>();
  private localKeys?: Promise<{ keySet: JWTVerifyGetKey; nextChange?: Date }>;
  /**
   * Token -> its actor: a signature is verified once per token, not once per request. Keyed by the
   * token itself (an exact match, as cheap as any digest of it, which cost ~2 % of a command's thread);
   * the process already holds every token it is sent.
   */
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly members: MemberDirectory) {
    if (config.auth.localIssuer) {
      this.issuers.set(LOCAL_ISSUER, {
        settings: { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, claims: LOCAL_CLAIMS },
        keys: () => this.localKeySet(),
        maxTokenAge: config.auth.localTokenMaxSeconds,
      });
    }
    for (const issuer of config.auth.issuers) {
      const keySet = 'jwksUrl' in issuer.keys ? createRemoteJWKSet(new URL(issuer.keys.jwksUrl)) : createLocalJWKSet(issuer.keys.jwks as never);
      this.issuers.set(issuer.issuer, { settings: issuer, keys: async () => keySet });
    }
  }

  /** The embedded issuer's public keys: its signing key (created on first start) and the rotated-out keys still published. */
  async localJwks(): Promise<{ keys: object[] }> {
    return { keys: this.config.auth.localIssuer ? (await publishedIssuerKeys(this.config.dataDir, new Date())).keys : [] };
  }

  /** After a rotation: the next token is checked against the new key set. */
  localKeysChanged(): void {
    this.localKeys = undefined;
    this.verified.clear();
  }

  async actorOf(authorization: string | undefined): Promise<Actor> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthenticatedError('TOKEN_MISSING');
    const known = this.verified.get(token);
    if (known && Date.now() < known.until) return known.actor;
    this.verified.delete(token);
    const actor = await this.verify(token);
    this.remember(token, actor, decodeJwt(token));
    return actor;
  }

  private remember(token: string, actor: Actor, claims: JWTPayload): void {
    const trusted = claims.iss ? this.issuers.get(claims.iss) : undefined;
    // a token without expiry is verified every time; so is a linked user's (a removed link stops it at the next request)
    if (claims.exp === undefined || !trusted || trusted.settings.organisationFrom === 'links') return;
    const ageLimit = trusted.maxTokenAge && claims.iat !== undefined ? (claims.iat + trusted.maxTokenAge) * 1000 : Infinity;
    if (this.verified.size >= VERIFIED_TOKENS_CAPACITY) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, until: Math.min(claims.exp * 1000, ageLimit, Date.now() + VERIFIED_TOKEN_TTL_MS) });
  }

  private async verify(token: string): Promise<Actor> {
    let claimed: JWTPayload;
    try {
      claimed = decodeJwt(token);
    } catch {
      throw new UnauthenticatedError('MALFORMED_TOKEN');
    }
    const trusted = claimed.iss ? this.issuers.get(claimed.iss) : undefined;
    if (!trusted) throw new UnauthenticatedError('UNKNOWN_ISSUER', `iss "${claimed.iss ?? ''}"`);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await trusted.keys(), {
        issuer: trusted.settings.issuer, audience: trusted.settings.audience, ...(trusted.maxTokenAge ? { maxTokenAge: trusted.maxTokenAge } : {}),
      }));
    } catch (error) {
      throw verificationError(error);
    }
    if (trusted.settings.organisationFrom === 'links') return this.linkedActor(payload, trusted.settings);
    return actorFromClaims(payload, trusted.settings.claims, trusted.settings.defaultRole);
  }

  /** ProConnect and the like: the token names the agent, the admin's link gives its organisation and role. */
  private async linkedActor(payload: JWTPayload, settings: TrustedIssuer['settings']): Promise<Actor> {
    const userId = claimAt(payload, settings.claims.userId);
    const email = settings.claims.email ? claimAt(payload, settings.claims.email) : undefined;
    if (typeof userId !== 'string' || !userId) throw new UnauthenticatedError('INVALID_CLAIMS', `no user id in claim ${settings.claims.userId}`);
    const link = await this.members.linkOf({ issuer: settings.issuer, subject: userId, ...(typeof email === 'string' && email ? { email } : {}) });
    if (!link) throw new ForbiddenRoleError(`user ${userId} of ${settings.issuer} is linked to no organisation: an admin links it with POST /organisations/{organisationId}/members`, 'not-a-member');
    return { userId, organisationId: link.organisationId, role: link.role };
  }

  /** Cached until a rotation or until a rotated-out key's publication ends. */
  private async localKeySet(): Promise<JWTVerifyGetKey> {
    const cached = await (this.localKeys ??= this.loadLocalKeySet());
    if (cached.nextChange && cached.nextChange <= new Date()) {
      // a rotated-out key stops being published: tokens it signed are checked again
      this.localKeysChanged();
      return this.localKeySet();
    }
    return cached.keySet;
  }

  private async loadLocalKeySet(): Promise<{ keySet: JWTVerifyGetKey; nextChange?: Date }> {
    const { keys, nextChange } = await publishedIssuerKeys(this.config.dataDir, new Date());
    return { keySet: createLocalJWKSet({ keys } as never), ...(nextChange ? { nextChange } : {}) };
  }
}

function verificationError(error: unknown): UnauthenticatedError {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('TOKEN_EXPIRED');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return new UnauthenticatedError('BAD_SIGNATURE');
  if (error instanceof errors.JWTClaimValidationFailed) return new UnauthenticatedError('INVALID_CLAIMS', `${error.claim}: ${error.reason}`);
  if (error instanceof errors.JOSEError) return new UnauthenticatedError('MALFORMED_TOKEN', error.code);
  throw error;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/** The first Clause Ledger role the token lists (case-insensitive), else the issuer's default. */
export function actorFromClaims(payload: JWTPayload, claims: ClaimMapping, defaultRole?: Role): Actor {
  const userId = claimAt(payload, claims.userId);
  const organisationId = claimAt(payload, claims.organisationId);
  if (typeof userId !== 'string' || !userId) throw new UnauthenticatedError('INVALID_CLAIMS', `no user id in claim ${claims.userId}`);
  if (typeof organisationId !== 'string' || !organisationId) throw new UnauthenticatedError('INVALID_CLAIMS', `no organisation in claim ${claims.organisationId}`);
  const listed = ([] as unknown[]).concat(claimAt(payload, claims.roles) ?? []).map((r) => String(r).toUpperCase());
  const role = (listed.find((r) => (ROLES as readonly string[]).includes(r)) as Role | undefined) ?? defaultRole;
  if (!role) throw new ForbiddenRoleError(`the token grants none of the roles ${ROLES.join(', ')} (claim ${claims.roles})`);
  return { userId, organisationId, role };
}
