import { readFileSync, statSync } from 'node:fs';
import { JWK, SignJWT, decodeProtectedHeader, importJWK } from 'jose';
import { localIssuerKeyFile, mintLocalToken, retiredIssuerKeysFile } from '../apps/api/src/auth/local-issuer';
import { EventStore } from '@clause-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/** A facilitator token signed with a key file of the embedded issuer, issued `ageSeconds` ago. */
const signedWith = async (key: JWK, ageSeconds = 0) => new SignJWT({ org: 'mef-cotentin', role: 'FACILITATOR' })
  .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' }).setIssuer('clause-ledger-local').setAudience('clause-ledger').setSubject('c.lefevre')
  .setIssuedAt(Math.floor(Date.now() / 1000) - ageSeconds).setExpirationTime('12h').sign(await importJWK(key, 'EdDSA'));

const kidsOf = async (api: TestApi) => ((await (await api.as('anonymous')).get('/auth/jwks.json')).body.keys as JWK[]).map((k) => k.kid);

describe('rotating the embedded issuer\'s signing key', () => {
  const dir = tempDir('key-rotation');
  const shortDir = tempDir('key-rotation-short');
  let api: TestApi;
  /** Tokens live at most 1.8 s here, so a rotated-out key is published for 1.8 s. */
  let shortLived: TestApi;

  beforeAll(async () => {
    [api, shortLived] = await Promise.all([
      TestApi.start({ dataDir: dir.path, today: story.TODAY }),
      TestApi.start({ dataDir: shortDir.path, today: story.TODAY, env: { AUTH_LOCAL_TOKEN_MAX_HOURS: '0.0005' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([api?.close(), shortLived?.close()]);
    dir.remove();
    shortDir.remove();
  });

  it('signs new tokens with the new kid and keeps tokens minted before the rotation working', async () => {
    const before = await mintLocalToken(dir.path, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'c.lefevre' });
    const oldKid = decodeProtectedHeader(before).kid;
    expect(await kidsOf(api)).toEqual([oldKid]);
    const admin = await api.as({ role: 'ADMIN', organisation: 'ops' });

    const rotated = await admin.post('/auth/keys/rotation', {});
    expect(rotated).toMatchObject({ status: 201, body: { previousKeyId: oldKid, newKeyId: expect.any(String) } });
    const newKid = rotated.body.newKeyId;
    expect(newKid).not.toBe(oldKid);
    expect(await kidsOf(api)).toEqual([newKid, oldKid]);

    expect((await api.withToken(before).get('/markets')).status).toBe(200);
    const after = await mintLocalToken(dir.path, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'c.lefevre' });
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect((await api.withToken(after).get('/markets')).status).toBe(200);
    expect(statSync(localIssuerKeyFile(dir.path)).mode & 0o777).toBe(0o600);
    expect(statSync(retiredIssuerKeysFile(dir.path)).mode & 0o777).toBe(0o600);
    expect(readFileSync(retiredIssuerKeysFile(dir.path), 'utf8')).not.toMatch(/"d"/);
  });

  it('records the rotation as an event (who, when, key ids) without any key material, and answers a retry without rotating again', async () => {
    const admin = await api.as({ role: 'ADMIN', organisation: 'ops' });
    const key = { 'idempotency-key': 'rotation-2026-03-01' };
    const first = await admin.post('/auth/keys/rotation', {}, key);
    const kids = await kidsOf(api);
    expect((await admin.post('/auth/keys/rotation', {}, key)).body).toMatchObject({ replayed: true, revision: first.body.revision });
    expect(await kidsOf(api)).toEqual(kids);
    expect((await api.post('/auth/keys/rotation', {})).status).toBe(403);

    const stored = await api.app.get<EventStore>(EVENT_STORE).readStream('auth-signing-keys');
    expect(stored.map((e) => e.type)).toEqual(['SigningKeyRotated', 'SigningKeyRotated']);
    expect(stored[1].metadata.actor).toEqual({ userId: 'admin-user', organisationId: 'ops', role: 'ADMIN' });
    expect(Object.keys(stored[1].data as object).sort()).toEqual(['newKeyId', 'previousKeyId', 'previousKeyPublishedUntil', 'rotatedOn']);
    const privateKey = JSON.parse(readFileSync(localIssuerKeyFile(dir.path), 'utf8')) as JWK;
    const recorded = JSON.stringify(stored.map((e) => [e.data, e.metadata]));
    expect(recorded).not.toContain(privateKey.d);
    expect(recorded).not.toContain(privateKey.x);
  });

  it('drops a rotated-out key from the JWKS once its publication ends; a token it signs is then refused as BAD_SIGNATURE', async () => {
    const [api, dir] = [shortLived, shortDir];
    const oldKey = JSON.parse(readFileSync(localIssuerKeyFile(dir.path), 'utf8')) as JWK;
    const admin = await api.as({ role: 'ADMIN', organisation: 'ops' });
    const rotatedAt = Date.now();
    const rotated = await admin.post('/auth/keys/rotation', {});
    expect(rotated).toMatchObject({ status: 201, body: { previousKeyId: oldKey.kid } });
    expect(Date.parse(rotated.body.previousKeyPublishedUntil) - rotatedAt).toBeGreaterThanOrEqual(1800);
    // waits for exactly what is asserted next: the old key gone from the published set
    while ((await kidsOf(api)).includes(oldKey.kid)) await new Promise((resolve) => setImmediate(resolve));
    expect(await api.withToken(await signedWith(oldKey)).get('/markets')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED', reason: 'BAD_SIGNATURE' } });
    // the bound the publication rests on: no token of the embedded issuer outlives it, whatever its exp says
    const currentKey = JSON.parse(readFileSync(localIssuerKeyFile(dir.path), 'utf8')) as JWK;
    expect((await api.withToken(await signedWith(currentKey)).get('/markets')).status).toBe(200);
    expect(await api.withToken(await signedWith(currentKey, 10)).get('/markets')).toMatchObject({ status: 401, body: { reason: 'TOKEN_EXPIRED' } });
  });
});
