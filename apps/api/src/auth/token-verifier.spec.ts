import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { ForbiddenRoleError, UnauthenticatedError } from './access-errors';
import { mintLocalToken } from './local-issuer';
import { MemberDirectory } from './member-directory';
import { TokenVerifier, actorFromClaims } from './token-verifier';

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

describe('verified tokens kept between requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-token-cache-'));
  // the embedded issuer takes the organisation from the token's claims: no member directory is consulted
  const verifier = new TokenVerifier({ dataDir: dir, auth: { localIssuer: true, issuers: [], localTokenMaxSeconds: 30 * 24 * 3600 } } as unknown as AppConfig, {} as MemberDirectory);
  afterAll(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: UnauthenticatedError) => e.reason);

  it('still refuses a token once it has expired, though it was verified while valid', async () => {
    const token = await mintLocalToken(dir, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'u', expiresIn: '1h' });
    await expect(verifier.actorOf(`Bearer ${token}`)).resolves.toEqual({ userId: 'u', organisationId: 'mef-cotentin', role: 'FACILITATOR' });
    // only the clock is faked: jose's crypto still runs on real ticks
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'clearImmediate', 'clearTimeout', 'clearInterval'] });
    jest.setSystemTime(Date.now() + 2 * 3600_000);
    expect(await reasonOf(verifier.actorOf(`Bearer ${token}`))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a tampered copy of a verified token', async () => {
    jest.useRealTimers();
    const token = await mintLocalToken(dir, { role: 'ADMIN', organisationId: 'ops', userId: 'a' });
    await verifier.actorOf(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await reasonOf(verifier.actorOf(`Bearer ${forged}`))).toBe('BAD_SIGNATURE');
  });
});
