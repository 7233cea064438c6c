import { ForbiddenRoleError, UnauthenticatedError } from './access-errors';
import { actorFromClaims } from './token-verifier';

const keycloak = { userId: 'preferred_username', organisationId: 'organisation_id', roles: 'realm_access.roles' };

describe('claims to actor', () => {
  it('reads dotted claim paths and matches role names case-insensitively, skipping foreign roles', () => {
    const claims = { preferred_username: 'm.martin', organisation_id: 'mef-cotentin', realm_access: { roles: ['offline_access', 'uma_authorization', 'facilitator'] } };
    expect(actorFromClaims(claims, keycloak)).toEqual({ userId: 'm.martin', organisationId: 'mef-cotentin', role: 'FACILITATOR' });
  });

  it('takes a single role given as a string, and the issuer\'s default when the token has none', () => {
    expect(actorFromClaims({ sub: 'u', siret: '21500129800013', roles: 'buyer' }, { userId: 'sub', organisationId: 'siret', roles: 'roles' }).role).toBe('BUYER');
    expect(actorFromClaims({ sub: 'u', siret: '21500129800013' }, { userId: 'sub', organisationId: 'siret', roles: 'roles' }, 'BUYER').role).toBe('BUYER');
  });

  it('refuses a token without a known role (403) and one without a user or an organisation (401)', () => {
    expect(() => actorFromClaims({ preferred_username: 'u', organisation_id: 'o', realm_access: { roles: ['offline_access'] } }, keycloak)).toThrow(ForbiddenRoleError);
    expect(() => actorFromClaims({ preferred_username: 'u', realm_access: { roles: ['ADMIN'] } }, keycloak)).toThrow(UnauthenticatedError);
    expect(() => actorFromClaims({ organisation_id: 'o', realm_access: { roles: ['ADMIN'] } }, keycloak)).toThrow(/no user id in claim preferred_username/);
  });
});
