import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { gunzipSync } from 'node:zlib';
import { TestApi, tempDir } from './support/test-api';
import { ok } from './support/ok';
import * as story from './support/market-story';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';

/** The « expérience réussie » badge: awarded for a fulfilled clause, verifiable by anyone, revocable. */
describe('badges « expérience réussie »', () => {
  const dir = tempDir('badges');
  let api: TestApi;
  const marketId = 'mkt-espaces-verts';
  let buyerBadge: { badgeId: string; credentialJwt: string };


  /** A market with one lot of `targetHours`, held by the SIAE, and one placement declaring `hours` month by month from March. */
  async function marketWithHours(id: string, tranche: number, targetHours: number, hours: number[]) {
    await ok(api.post('/markets', { ...story.market, marketId: id, title: `Entretien des espaces verts, tranche ${tranche}`, lots: [{ lotId: 'lot-1', title: 'Espaces verts', estimatedAmountCents: 9_000_000 }] }));
    await ok(api.put(`/markets/${id}/lots/lot-1/clause`, { clauseTypes: ['RESERVED_SIAE'], target: { mode: 'FIXED', hours: targetHours, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 }));
    await ok(api.post(`/markets/${id}/lots/lot-1/acceptance`, { companyId: story.siaeCompany.siret, committedHours: targetHours }));
    await ok(api.post('/placements', { ...story.placement, placementId: `plc-${id}`, marketId: id, companyId: story.siaeCompany.siret, modality: 'SIAE_COCONTRACT', contractType: 'FIXED_TERM_I' }));
    let last: { position: string } | undefined;
    for (const [i, h] of hours.entries()) last = await ok(api.post(`/placements/plc-${id}/hours`, { month: `2026-0${3 + i}`, hours: h, source: 'STRUCTURE_STATEMENT' }));
    return last!;
  }

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await ok(api.post('/companies', story.siaeCompany));
    await ok(api.post('/markets', { ...story.market, marketId, title: 'Entretien des espaces verts', lots: [{ lotId: 'lot-1', title: 'Espaces verts', estimatedAmountCents: 9_000_000 }] }));
    await ok(api.put(`/markets/${marketId}/lots/lot-1/clause`, { clauseTypes: ['RESERVED_SIAE'], target: { mode: 'FIXED', hours: 200, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 }));
    await ok(api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.siaeCompany.siret, committedHours: 200 }));
    await ok(api.post('/beneficiaries', story.beneficiary));
    await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility));
    await ok(api.post('/placements', { ...story.placement, placementId: 'plc-ev', marketId, companyId: story.siaeCompany.siret, modality: 'SIAE_COCONTRACT', contractType: 'FIXED_TERM_I' }));
    await ok(api.post('/placements/plc-ev/hours', { month: '2026-03', hours: 120, source: 'STRUCTURE_STATEMENT' }));
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('is refused while the market is open, then while the clause is not fulfilled', async () => {
    expect((await api.post(`/markets/${marketId}/badges`, { recipient: 'BUYER' })).body).toMatchObject({ statusCode: 422, code: 'MARKET_NOT_CLOSED' });
    await ok(api.post('/placements/plc-ev/hours', { month: '2026-04', hours: 79.5, source: 'STRUCTURE_STATEMENT' }));
    const closed = await ok(api.post(`/markets/${marketId}/closure`, { earlyClosureReason: 'fin anticipée des travaux', qualitative: { summary: 'Clause réalisée.', writtenBy: 'C. Lefèvre' } }));
    await api.get(`/markets/${marketId}/bilan?waitForPosition=${closed.position}`);
    expect((await api.post(`/markets/${marketId}/badges`, { recipient: 'BUYER' })).body).toMatchObject({ statusCode: 422, code: 'CLAUSE_NOT_FULFILLED' });
  });

  it('is awarded once the hours reach the target, as a signed Open Badges 3.0 credential', async () => {
    // the bilan is final: a correction is refused, so this market's badge can never be earned...
    expect((await api.post('/placements/plc-ev/hours/2026-04/corrections', { hours: 80, source: 'STRUCTURE_STATEMENT', reason: 'relevé complet' })).body).toMatchObject({ code: 'MARKET_CLOSED' });
    // ...so we use a second market whose hours reached the target before closing
    const m2 = 'mkt-espaces-verts-2';
    await marketWithHours(m2, 2, 150, [151.67]);
    const closed = await ok(api.post(`/markets/${m2}/closure`, { earlyClosureReason: 'objectif atteint, fin de tranche', qualitative: { summary: 'Objectif dépassé.', writtenBy: 'C. Lefèvre' } }));
    await api.get(`/markets/${m2}/bilan?waitForPosition=${closed.position}`);

    buyerBadge = await ok(api.post(`/markets/${m2}/badges`, { recipient: 'BUYER' }));
    const companyBadge = await ok(api.post(`/markets/${m2}/badges`, { recipient: 'COMPANY', companyId: story.siaeCompany.siret }));
    const jwks = createLocalJWKSet((await api.get('/.well-known/jwks.json')).body);
    const { payload, protectedHeader } = await jwtVerify(buyerBadge.credentialJwt, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    expect(payload).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Expérience réussie — clause sociale',
      credentialSubject: { type: ['AchievementSubject'], name: 'Cotentin Habitat', achievement: { type: ['Achievement'], name: 'Expérience réussie' } },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '0' },
    });
    expect(decodeJwt(companyBadge.credentialJwt)).toMatchObject({ credentialSubject: { name: `${story.siaeCompany.name} (SIRET ${story.siaeCompany.siret})` }, credentialStatus: { statusListIndex: '1' } });
    expect((await api.post(`/markets/${m2}/badges`, { recipient: 'BUYER' })).body).toMatchObject({ statusCode: 409, code: 'BADGE_ALREADY_AWARDED' });
    expect((await api.post('/badges/verification', { credentialJwt: buyerBadge.credentialJwt })).body).toMatchObject({ valid: true, revoked: false });
  });

  it('is decided on the streams: awarded right after closure while the bilan read model has not seen the closure', async () => {
    const m3 = 'mkt-espaces-verts-3';
    const lastHours = await marketWithHours(m3, 3, 100, [60.25, 39.75]);
    await ok(api.get(`/markets/${m3}/bilan?waitForPosition=${lastHours.position}`));
    const bilans = api.app.get(ProjectionsService).bilans;
    await bilans.stop();
    try {
      await ok(api.post(`/markets/${m3}/closure`, { earlyClosureReason: 'objectif atteint', qualitative: { summary: 'Objectif atteint.', writtenBy: 'C. Lefèvre' } }));
      expect((await api.get(`/markets/${m3}/bilan`)).body).toMatchObject({ status: 'INTERIM', totals: { hoursDone: { value: 100 } } });
      const badge = await ok(api.post(`/markets/${m3}/badges`, { recipient: 'COMPANY', companyId: story.siaeCompany.siret }));
      expect(decodeJwt(badge.credentialJwt)).toMatchObject({
        credentialSubject: { name: `${story.siaeCompany.name} (SIRET ${story.siaeCompany.siret})`, result: [{ value: '100 h réalisées pour un objectif de 100 h' }] },
      });
    } finally {
      await bilans.start();
    }
  });

  it('a tampered badge is rejected, by the public key and by the verification endpoint', async () => {
    const [header, payload, signature] = buyerBadge.credentialJwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.credentialSubject.name = 'Une autre collectivité';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const jwks = createLocalJWKSet((await api.get('/.well-known/jwks.json')).body);
    await expect(jwtVerify(tampered, jwks)).rejects.toThrow(/signature verification failed/);
    expect((await api.post('/badges/verification', { credentialJwt: tampered })).body).toMatchObject({ valid: false });
  });

  it('a revoked badge is marked in the public status list and no longer verifies', async () => {
    await ok(api.post(`/badges/${buyerBadge.badgeId}/revocation`, { reason: 'bilan rectifié' }));
    expect((await api.post('/badges/verification', { credentialJwt: buyerBadge.credentialJwt })).body).toMatchObject({ valid: false, revoked: true });
    const listJwt = await (await fetch(`${api.url}/badges/status-list`)).text();
    const jwks = createLocalJWKSet((await api.get('/.well-known/jwks.json')).body);
    const { payload } = await jwtVerify(listJwt, jwks);
    const bits = gunzipSync(Buffer.from((payload.credentialSubject as any).encodedList.slice(1), 'base64url'));
    expect(bits.length).toBe(16_384);
    expect([bits[0] & 0x80, bits[0] & 0x40]).toEqual([0x80, 0]); // badge 0 revoked, badge 1 not
    expect((await api.post(`/badges/${buyerBadge.badgeId}/revocation`, { reason: 'encore' })).body).toMatchObject({ statusCode: 409, code: 'BADGE_ALREADY_REVOKED' });
  });
});
