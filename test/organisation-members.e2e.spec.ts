import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

const PROCONNECT = 'http://127.0.0.1/api/v2';

/** ProConnect's key set over loopback HTTP. */
async function serveJwks(jwks: object): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/jwks`, server };
}

describe('users linked to organisations by the admin (ProConnect: organisationFrom "links")', () => {
  const dir = tempDir('organisation-members');
  let api: TestApi;
  let admin: TestApi;
  let provider: { url: string; server: Server };
  let key: KeyLike;

  /** A ProConnect token: the agent's identity, none of our organisation ids or roles. */
  const agent = (sub: string, email = `${sub}@manche.gouv.fr`) =>
    new SignJWT({ email, given_name: 'Claire', usual_name: 'Dupont', siret: '22500001400014' })
      .setProtectedHeader({ alg: 'ES256', kid: 'pc-1' }).setIssuer(PROCONNECT).setAudience('clause-ledger').setSubject(sub).setIssuedAt().setExpirationTime('5m').sign(key)
      .then((token) => api.withToken(token));

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    key = privateKey as KeyLike;
    provider = await serveJwks({ keys: [{ ...(await exportJWK(publicKey)), kid: 'pc-1', alg: 'ES256', use: 'sig' }] });
    const issuers = [{ preset: 'proconnect', issuer: PROCONNECT, audience: 'clause-ledger', jwksUrl: provider.url, organisationFrom: 'links' }];
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { AUTH_ISSUERS: JSON.stringify(issuers) } });
    admin = await api.as({ role: 'ADMIN', organisation: 'ops' });
    expect((await admin.post('/organisations', { organisationId: 'mef-cotentin', kind: 'FACILITATOR', name: 'MEF du Cotentin' })).status).toBe(201);
    expect((await admin.post('/organisations', { organisationId: 'cotentin-habitat', kind: 'BUYER', name: 'Cotentin Habitat' })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    provider?.server.close();
    dir.remove();
  });

  it('lets a linked agent act in its organisation with the link\'s role, recorded as the actor', async () => {
    const linked = await admin.post('/organisations/mef-cotentin/members', { memberId: 'claire', issuer: PROCONNECT, subject: 'pc-claire', role: 'FACILITATOR' });
    expect(linked).toMatchObject({ status: 201, body: { organisationId: 'mef-cotentin', memberId: 'claire' } });
    const claire = await agent('pc-claire');
    const created = await claire.post('/markets', { ...story.market, marketId: 'mkt-linked' });
    expect(created.status).toBe(201);
    const tracking = await claire.get(`/markets/mkt-linked/tracking?waitForPosition=${created.body.position}`);
    expect(tracking.status).toBe(200);
    expect((await api.get('/markets/mkt-linked/tracking')).status).toBe(200); // the demo facilitator of mef-cotentin sees it too
    expect((await (await api.as({ role: 'FACILITATOR', organisation: 'plie-manche' })).get('/markets/mkt-linked/tracking')).status).toBe(404);

    const members = await admin.get('/organisations/mef-cotentin/members');
    expect(members.body.members).toEqual([expect.objectContaining({ memberId: 'claire', issuer: PROCONNECT, subject: 'pc-claire', role: 'FACILITATOR' })]);
    expect(members.body.history[0]).toMatchObject({ type: 'MemberLinked', actor: { userId: 'admin-user', organisationId: 'ops', role: 'ADMIN' } });
    expect((await api.get('/organisations/mef-cotentin/members')).status).toBe(403);
  });

  it('links by e-mail claim too (case-insensitive)', async () => {
    expect((await admin.post('/organisations/cotentin-habitat/members', { memberId: 'bruno', issuer: PROCONNECT, email: 'Bruno.Leroy@cotentin-habitat.fr', role: 'BUYER' })).status).toBe(201);
    const bruno = await agent('pc-bruno', 'bruno.leroy@cotentin-habitat.fr');
    expect((await bruno.get('/markets/mkt-linked/tracking')).status).toBe(404); // another buyer's market
    expect((await bruno.post('/markets', { ...story.market, marketId: 'mkt-by-buyer' })).status).toBe(403);
  });

  it('refuses an agent nobody linked: 403 NOT_A_MEMBER', async () => {
    const r = await (await agent('pc-stranger')).get('/markets');
    expect(r).toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } });
    expect(r.body.message).toMatch(/pc-stranger .* linked to no organisation/);
  });

  it('refuses a removed link from the next request, and records who removed it', async () => {
    await admin.post('/organisations/mef-cotentin/members', { memberId: 'paul', issuer: PROCONNECT, subject: 'pc-paul', role: 'FACILITATOR' });
    const paul = await agent('pc-paul');
    expect((await paul.get('/markets')).status).toBe(200);
    expect((await admin.request('DELETE', '/organisations/mef-cotentin/members/paul')).status).toBe(200);
    expect(await paul.get('/markets')).toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } });
    const members = (await admin.get('/organisations/mef-cotentin/members')).body;
    expect(members.members.map((m: { memberId: string }) => m.memberId)).toEqual(['claire']);
    expect(members.history.map((h: { type: string }) => h.type)).toEqual(['MemberLinked', 'MemberLinked', 'MemberUnlinked']);
    expect(await admin.request('DELETE', '/organisations/mef-cotentin/members/paul')).toMatchObject({ status: 404, body: { code: 'MEMBER_NOT_FOUND' } });
    expect(await admin.request('DELETE', '/organisations/cotentin-habitat/members/claire')).toMatchObject({ status: 404, body: { code: 'MEMBER_NOT_FOUND' } });
  });

  it('refuses links that break a rule, naming the field', async () => {
    const link = (organisationId: string, body: object) => admin.post(`/organisations/${organisationId}/members`, { memberId: 'x1', issuer: PROCONNECT, subject: 'pc-x', role: 'FACILITATOR', ...body });
    expect(await link('cotentin-habitat', {})).toMatchObject({ status: 422, body: { code: 'MEMBER_ROLE_NOT_OF_ORGANISATION_KIND', field: 'role' } });
    expect(await link('mef-cotentin', { email: 'x@y.fr' })).toMatchObject({ status: 422, body: { code: 'MEMBER_NEEDS_SUBJECT_OR_EMAIL' } });
    expect(await link('mef-cotentin', { subject: undefined })).toMatchObject({ status: 422, body: { code: 'MEMBER_NEEDS_SUBJECT_OR_EMAIL' } });
    expect(await link('nowhere', {})).toMatchObject({ status: 404, body: { code: 'ORGANISATION_NOT_FOUND' } });
    expect(await link('mef-cotentin', { memberId: 'claire', subject: 'pc-other' })).toMatchObject({ status: 409, body: { code: 'MEMBER_ALREADY_LINKED' } });
    expect(await link('mef-cotentin', { subject: 'pc-claire' })).toMatchObject({ status: 409, body: { code: 'USER_ALREADY_LINKED' } });
    expect(await link('mef-cotentin', { role: 'ADMIN' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await link('mef-cotentin', { email: 'not-an-email', subject: undefined })).toMatchObject({ status: 400, body: { problems: [expect.objectContaining({ field: 'email' })] } });
  });

  it('refuses a token whose role is not its registered organisation\'s kind, and keeps demo tokens of unregistered organisations', async () => {
    const r = await (await api.as({ role: 'FACILITATOR', organisation: 'cotentin-habitat' })).get('/markets');
    expect(r).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_OF_ORGANISATION_KIND' } });
    expect(r.body.message).toMatch(/cotentin-habitat is registered as a BUYER/);
    expect((await (await api.as({ role: 'BUYER', organisation: 'cotentin-habitat' })).get('/markets')).status).toBe(200);
    expect((await (await api.as({ role: 'FACILITATOR', organisation: 'plie-manche' })).get('/markets')).status).toBe(200);
    expect((await (await api.as({ role: 'BUYER', organisation: 'mef-cotentin' })).get('/markets')).body.code).toBe('ROLE_NOT_OF_ORGANISATION_KIND');
  });
});
