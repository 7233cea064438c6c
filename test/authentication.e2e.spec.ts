import { createServer, Server } from 'node:http';
import { statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ConfigError, loadConfig } from '../apps/api/src/config/app-config';
import { localIssuerKeyFile, mintLocalToken } from '../apps/api/src/auth/local-issuer';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

const KEYCLOAK = 'http://127.0.0.1/realms/clauses';

/** An OIDC provider's key set served over loopback HTTP, as Keycloak serves its certs. */
async function serveJwks(jwks: object): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/protocol/openid-connect/certs`, server };
}

describe('signing in with bearer tokens', () => {
  const dir = tempDir('authentication');
  let api: TestApi;
  let provider: { url: string; server: Server };
  let keycloakKey: KeyLike;

  const keycloakToken = (claims: Record<string, unknown>, key = keycloakKey, audience = 'clause-ledger') =>
    new SignJWT({ preferred_username: 'm.martin', organisation_id: 'mef-cotentin', realm_access: { roles: ['offline_access', 'facilitator'] }, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'kc-1' }).setIssuer(KEYCLOAK).setAudience(audience).setSubject('f6e1c0d2').setIssuedAt().setExpirationTime('5m').sign(key);

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    keycloakKey = privateKey as KeyLike;
    provider = await serveJwks({ keys: [{ ...(await exportJWK(publicKey)), kid: 'kc-1', alg: 'ES256', use: 'sig' }] });
    const issuers = [{ preset: 'keycloak', issuer: KEYCLOAK, audience: 'clause-ledger', jwksUrl: provider.url }];
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { AUTH_ISSUERS: JSON.stringify(issuers) } });
  });
  afterAll(async () => {
    await api?.close();
    provider?.server.close();
    dir.remove();
  });

  const rejection = async (token: string) => {
    const r = await api.withToken(token).get('/markets');
    return { status: r.status, code: r.body.code, reason: r.body.reason, challenge: r.headers.get('www-authenticate') };
  };

  it('says why a token is refused: missing, malformed, expired, forged, from an unknown issuer, for another audience', async () => {
    expect((await (await api.as('anonymous')).get('/markets')).headers.get('www-authenticate')).toBe('Bearer realm="clause-ledger"');
    expect(await rejection('not-a-jwt')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: 'MALFORMED_TOKEN' });
    const expired = await mintLocalToken(dir.path, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'c.lefevre', expiresIn: '-1m' });
    const r = await rejection(expired);
    expect(r).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect(r.challenge).toMatch(/^Bearer realm="clause-ledger", error="invalid_token", error_description=".*expired/);
    const { privateKey: otherKey } = await generateKeyPair('ES256');
    expect(await rejection(await keycloakToken({}, otherKey as KeyLike))).toMatchObject({ status: 401, reason: 'BAD_SIGNATURE' });
    const stranger = await new SignJWT({ org: 'mef-cotentin', role: 'ADMIN' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('https://evil.example').setAudience('clause-ledger').setSubject('x').setExpirationTime('5m').sign(otherKey);
    expect(await rejection(stranger)).toMatchObject({ status: 401, reason: 'UNKNOWN_ISSUER' });
    expect(await rejection(await keycloakToken({}, keycloakKey, 'another-app'))).toMatchObject({ status: 401, reason: 'INVALID_CLAIMS' });
  });

  it('refuses a token signed with another key in the embedded issuer\'s name', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ org: 'mef-cotentin', role: 'ADMIN' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('clause-ledger-local').setAudience('clause-ledger').setSubject('mallory').setExpirationTime('5m').sign(privateKey);
    expect(await rejection(forged)).toMatchObject({ status: 401, reason: 'BAD_SIGNATURE' });
  });

  it('accepts an OIDC provider\'s token (Keycloak preset: realm roles, organisation claim) fetched through its JWKS URL', async () => {
    const facilitator = api.withToken(await keycloakToken({}));
    const created = await facilitator.post('/companies', story.company);
    expect(created.status).toBe(201);
    const company = await facilitator.get(`/companies/${story.company.siret}`);
    expect(company.status).toBe(200);
    const noRole = await api.withToken(await keycloakToken({ realm_access: { roles: ['offline_access'] } })).get('/markets');
    expect(noRole).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('publishes the embedded issuer\'s key apart from the badges\' key, and keeps its private key owner-only', async () => {
    const anonymous = await api.as('anonymous');
    const auth = (await anonymous.get('/auth/jwks.json')).body.keys;
    const badges = (await anonymous.get('/.well-known/jwks.json')).body.keys;
    expect(auth).toHaveLength(1);
    expect(auth[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(auth[0].d).toBeUndefined();
    expect(auth[0].x).not.toBe(badges[0].x);
    expect(statSync(localIssuerKeyFile(dir.path)).mode & 0o777).toBe(0o600);
  });

  it('records who acted in every event and shows it in the placement\'s history; a company declares only its own hours', async () => {
    const admin = await api.as({ role: 'ADMIN', organisation: 'ops' });
    expect((await admin.post('/organisations', { organisationId: 'btp-cotentin', kind: 'COMPANY', name: 'Bâtiments du Cotentin', siret: story.company.siret })).status).toBe(201);
    await api.post('/markets', story.market);
    await api.put(`/markets/${story.market.marketId}/lots/lot-1/clause`, story.clauseLot1);
    await api.post(`/markets/${story.market.marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 900 });
    await api.post('/beneficiaries', story.beneficiary);
    await api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility);
    expect((await api.post('/placements', story.placement)).status).toBe(201);

    const company = await api.as({ role: 'COMPANY', organisation: 'btp-cotentin', user: 'rh@btp-cotentin' });
    expect((await company.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[0])).status).toBe(201);
    expect((await company.post(`/placements/${story.placement.placementId}/hours/2026-03/corrections`, { hours: 150, source: 'PAYSLIP', reason: 'x' })).status).toBe(403);
    expect((await api.post(`/placements/${story.placement.placementId}/hours/2026-03/corrections`, { hours: 138, source: 'PAYSLIP', reason: 'relevé rectifié' })).status).toBe(201);
    const stranger = await api.as({ role: 'COMPANY', organisation: 'aci-glacerie' });
    expect((await stranger.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[1])).status).toBe(404);
    expect((await (await api.as({ role: 'BUYER', organisation: 'cotentin-habitat' })).post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[1])).status).toBe(403);

    const history = (await api.get(`/placements/${story.placement.placementId}`)).body.history;
    expect(history.map((h: { type: string; actor: object }) => [h.type, h.actor])).toEqual([
      ['BeneficiaryPlaced', { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }],
      ['HoursDeclared', { userId: 'rh@btp-cotentin', organisationId: 'btp-cotentin', role: 'COMPANY' }],
      ['HoursCorrected', { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }],
    ]);
    const organisation = (await admin.get('/organisations/btp-cotentin')).body;
    expect(organisation.history[0].actor).toEqual({ userId: 'admin-user', organisationId: 'ops', role: 'ADMIN' });
  });

  it('records the facilitator\'s organisation from its token, not from the request body', async () => {
    const r = await api.post('/markets', { ...story.market, marketId: 'mkt-body', facilitatorOrganisation: 'PLIE de la Manche' });
    expect(r.status).toBe(201);
    expect((await (await api.as({ role: 'FACILITATOR', organisation: 'plie-manche' })).get('/markets/mkt-body/tracking')).status).toBe(404);
    expect((await api.get('/markets/mkt-body/tracking?waitForPosition=' + r.body.position)).status).toBe(200);
  });

  it('never replays one organisation\'s answer to another organisation reusing its Idempotency-Key', async () => {
    const body = { ...story.market, marketId: undefined };
    const key = { 'idempotency-key': 'shared-key-2026-0001' };
    const first = await api.post('/markets', body, key);
    expect(first.status).toBe(201);
    expect((await api.post('/markets', body, key)).body).toMatchObject({ marketId: first.body.marketId, replayed: true });
    const other = await (await api.as({ role: 'FACILITATOR', organisation: 'plie-manche' })).post('/markets', body, key);
    expect(other.body).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('sign-in configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('stops the start on a bad AUTH_ISSUERS, naming the variable and the field', () => {
    expect(problems({ AUTH_ISSUERS: 'not json' })[0]).toMatch(/^AUTH_ISSUERS: must be JSON/);
    expect(problems({ AUTH_ISSUERS: JSON.stringify([{ issuer: 'nope', audience: 'x' }]) })[0]).toMatch(/^AUTH_ISSUERS\[0\.issuer\]/);
    expect(problems({ AUTH_ISSUERS: JSON.stringify([{ issuer: 'https://a.example', audience: 'x', defaultRole: 'BOSS' }]) })[0]).toMatch(/^AUTH_ISSUERS\[0\.defaultRole\]/);
    expect(problems({ AUTH_LOCAL_ISSUER: 'maybe' })[0]).toMatch(/^AUTH_LOCAL_ISSUER/);
  });

  it('derives the JWKS URL and claim mapping from the preset (ProConnect, Keycloak)', () => {
    const config = loadConfig({ AUTH_ISSUERS: JSON.stringify([
      { preset: 'proconnect', issuer: 'https://proconnect.gouv.fr/api/v2', audience: 'clause-ledger', defaultRole: 'BUYER' },
      { preset: 'keycloak', issuer: 'https://sso.example.fr/realms/clauses', audience: 'clause-ledger', claims: { organisationId: 'org' } },
    ]) });
    expect(config.auth.issuers).toEqual([
      { issuer: 'https://proconnect.gouv.fr/api/v2', audience: 'clause-ledger', keys: { jwksUrl: 'https://proconnect.gouv.fr/api/v2/jwks' }, claims: { userId: 'sub', organisationId: 'siret', roles: 'roles', email: 'email' }, defaultRole: 'BUYER', organisationFrom: 'claims' },
      { issuer: 'https://sso.example.fr/realms/clauses', audience: 'clause-ledger', keys: { jwksUrl: 'https://sso.example.fr/realms/clauses/protocol/openid-connect/certs' }, claims: { userId: 'preferred_username', organisationId: 'org', roles: 'realm_access.roles', email: 'email' }, organisationFrom: 'claims' },
    ]);
  });
});
