/** Why a request could not be tied to anyone: each answer says which (RFC 6750 invalid_token). */
export const UNAUTHENTICATED_REASONS = {
  TOKEN_MISSING: 'no bearer token: send Authorization: Bearer <token> (npm run token mints one with the embedded issuer)',
  MALFORMED_TOKEN: 'the bearer token is not a JWT',
  UNKNOWN_ISSUER: 'the bearer token was issued by an issuer this API does not trust',
  TOKEN_EXPIRED: 'the bearer token has expired: sign in again',
  BAD_SIGNATURE: 'the bearer token\'s signature does not match the issuer\'s keys',
  INVALID_CLAIMS: 'the bearer token\'s claims are not accepted',
} as const;
export type UnauthenticatedReason = keyof typeof UNAUTHENTICATED_REASONS;

export class UnauthenticatedError extends Error {
  constructor(readonly reason: UnauthenticatedReason, detail?: string) {
    super(detail ? `${UNAUTHENTICATED_REASONS[reason]} (${detail})` : UNAUTHENTICATED_REASONS[reason]);
    this.name = 'UnauthenticatedError';
  }
}

/** Why a known actor is refused (403): its role may never do this, it is linked to no organisation, or its role is not its organisation's kind. */
export type ForbiddenReason = 'role' | 'not-a-member' | 'role-not-of-organisation-kind';

export class ForbiddenRoleError extends Error {
  constructor(message: string, readonly reason: ForbiddenReason = 'role') {
    super(message);
    this.name = 'ForbiddenRoleError';
  }
}
