import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/** Concurrency, idempotency and every kind of bad input, over real HTTP on a temp-dir store. */
describe('commands over HTTP', () => {
  const dir = tempDir('commands');
  let api: TestApi;
  const placementId = story.placement.placementId;
  const marketId = story.market.marketId;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    for (const [path, body] of [
      ['/companies', story.company],
      ['/companies', story.siaeCompany],
      ['/markets', story.market],
    ] as const) expect((await api.post(path, body)).status).toBe(201);
    expect((await api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1)).status).toBe(200);
    expect((await api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 833 })).status).toBe(201);
    expect((await api.post('/beneficiaries', story.beneficiary)).status).toBe(201);
    expect((await api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility)).status).toBe(201);
    expect((await api.post('/placements', story.placement)).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  async function placementEvents() {
    return (await api.get(`/placements/${placementId}`)).body;
  }

  describe('concurrency', () => {
    it('two concurrent declarations for the same placement and month: exactly one succeeds, the other is a 409', async () => {
      const replies = await Promise.all([
        api.post(`/placements/${placementId}/hours`, { month: '2026-03', hours: 140, source: 'PAYSLIP' }),
        api.post(`/placements/${placementId}/hours`, { month: '2026-03', hours: 120, source: 'TIMESHEET' }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = replies.find((r) => r.status === 409)!;
      expect(refused.body).toMatchObject({ code: 'HOURS_ALREADY_DECLARED', field: 'month' });
      const kept = replies.find((r) => r.status === 201)!;
      expect((await placementEvents()).hoursByMonth).toEqual({ '2026-03': kept === replies[0] ? 140 : 120 });
    });

    it('concurrent declarations for different months all succeed (re-decided on fresh state, never overwritten)', async () => {
      const months = ['2026-04', '2026-05', '2026-06'];
      const replies = await Promise.all(months.map((month) => api.post(`/placements/${placementId}/hours`, { month, hours: 100, source: 'PAYSLIP' })));
      expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(Object.keys((await placementEvents()).hoursByMonth).sort()).toEqual(['2026-03', ...months]);
    });

    it('a command pinned to a stale revision with If-Match is a 409 and writes nothing', async () => {
      const stale = await api.post(`/placements/${placementId}/hours/2026-04/corrections`, { hours: 90, source: 'PAYSLIP', reason: 'bulletin rectificatif' }, { 'If-Match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'CONCURRENT_CHANGE' });
      expect((await placementEvents()).hoursByMonth['2026-04']).toBe(100);
    });
  });

  describe('idempotency', () => {
    it('a retried command with the same Idempotency-Key returns the first result and appends nothing', async () => {
      const headers = { 'Idempotency-Key': 'decl-2026-03-retry-0001' };
      const correction = { hours: 141.5, source: 'PAYSLIP', reason: 'heures supplémentaires oubliées' };
      const first = await api.post(`/placements/${placementId}/hours/2026-03/corrections`, correction, headers);
      const retry = await api.post(`/placements/${placementId}/hours/2026-03/corrections`, correction, headers);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const after = await api.post(`/placements/${placementId}/hours/2026-03/corrections`, { ...correction, hours: 141.5 }, { 'Idempotency-Key': 'another-key-0002' });
      expect(after.body).toMatchObject({ code: 'CORRECTION_CHANGES_NOTHING' });
      expect(after.status).toBe(422);
    });

    it('a creation retried without an id creates one entity, not two', async () => {
      const headers = { 'Idempotency-Key': 'register-beneficiary-0003' };
      const { beneficiaryId: _id, ...withoutId } = story.beneficiary;
      const first = await api.post('/beneficiaries', withoutId, headers);
      const retry = await api.post('/beneficiaries', withoutId, headers);
      expect(first.status).toBe(201);
      expect(retry.body.beneficiaryId).toBe(first.body.beneficiaryId);
      expect(retry.body.revision).toBe('0');
      expect(retry.body.replayed).toBe(true);
    });

    it('the same Idempotency-Key with a different request is a 409', async () => {
      const headers = { 'Idempotency-Key': 'decl-reuse-key-0004' };
      expect((await api.post(`/placements/${placementId}/hours/2026-05/corrections`, { hours: 99, source: 'PAYSLIP', reason: 'x' }, headers)).status).toBe(201);
      const reused = await api.post(`/placements/${placementId}/hours/2026-05/corrections`, { hours: 98, source: 'PAYSLIP', reason: 'x' }, headers);
      expect(reused.status).toBe(409);
      expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });

  describe('bad input', () => {
    const hours = (body: unknown) => api.post(`/placements/${placementId}/hours`, body);
    it.each([
      ['negative hours', { month: '2026-02', hours: -1, source: 'PAYSLIP' }, 'hours', 'min'],
      ['more than 2 decimals', { month: '2026-02', hours: 1.234, source: 'PAYSLIP' }, 'hours', 'hundredths'],
      ['hours as text', { month: '2026-02', hours: 'ten', source: 'PAYSLIP' }, 'hours', 'isNumber'],
      ['a malformed month', { month: '2026-13', hours: 10, source: 'PAYSLIP' }, 'month', 'matches'],
      ['an unknown source', { month: '2026-02', hours: 10, source: 'GUESS' }, 'source', 'isIn'],
      ['an unknown field', { month: '2026-02', hours: 10, source: 'PAYSLIP', bonus: 3 }, 'bonus', 'whitelistValidation'],
    ])('%s is a 400 naming the field and the rule', async (_name, body, field, rule) => {
      const r = await hours(body);
      expect(r.status).toBe(400);
      expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(r.body.message).toContain(field);
    });

    it.each([
      ['a future month', { month: '2026-07', hours: 10, source: 'PAYSLIP' }, 'FUTURE_MONTH', 'month'],
      ['a month before the placement', { month: '2026-02', hours: 10, source: 'PAYSLIP' }, 'OUTSIDE_PLACEMENT_PERIOD', 'month'],
      ['above the monthly legal maximum', { month: '2026-06', hours: 208.01, source: 'PAYSLIP' }, 'ABOVE_MONTHLY_LEGAL_MAXIMUM', 'hours'],
    ])('%s is a 422 with the rule\'s code', async (_name, body, code, field) => {
      const r = await hours(body);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code, field });
    });

    it.each([
      ['a market without its buyer', '/markets', { ...story.market, marketId: 'no-buyer', buyer: undefined }, 'buyer', 'isDefined'],
      ['a market whose buyer is a list', '/markets', { ...story.market, marketId: 'list-buyer', buyer: [] }, 'buyer', 'isObject'],
      ['a market whose buyer is a string', '/markets', { ...story.market, marketId: 'text-buyer', buyer: 'Cotentin Habitat' }, 'buyer', 'isObject'],
      ['a market whose lots are not objects', '/markets', { ...story.market, marketId: 'bad-lots', lots: [1, 'lot'] }, 'lots', 'isObject'],
      ['a clause without target', `/markets/${marketId}/lots/lot-2/clause`, { ...story.clauseLot1, target: undefined }, 'target', 'isDefined'],
      ['a closure without its qualitative bilan', `/markets/${marketId}/closure`, {}, 'qualitative', 'isDefined'],
      ['a closure whose qualitative bilan is a list', `/markets/${marketId}/closure`, { qualitative: [{ summary: 'x', writtenBy: 'y' }] }, 'qualitative', 'isObject'],
      ['a prescriber opinion given as a list', `/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, { ...story.eligibility, prescriberOpinion: [] }, 'prescriberOpinion', 'isObject'],
    ])('%s is a 400 naming the field and the rule, and nothing is stored', async (_name, path, body, field, rule) => {
      const before = await api.storeHead();
      const r = path.endsWith('/clause') ? await api.put(path, body) : await api.post(path, body);
      expect(r.status).toBe(400);
      expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(await api.storeHead()).toBe(before);
    });

    it('hours on a placement that does not exist are a 404', async () => {
      const r = await api.post('/placements/nope/hours', { month: '2026-03', hours: 10, source: 'PAYSLIP' });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'PLACEMENT_NOT_FOUND' });
    });

    it('an invalid SIRET checksum is a 422 naming siret', async () => {
      const r = await api.post('/companies', { ...story.company, siret: '73282932000075' });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'INVALID_SIRET', field: 'siret' });
    });

    it('registering the same company twice is a 409', async () => {
      const r = await api.post('/companies', story.company);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'COMPANY_ALREADY_REGISTERED' });
    });

    it('a negative estimated amount is a 400 naming the lot field', async () => {
      const r = await api.post('/markets', { ...story.market, marketId: 'mkt-neg', lots: [{ lotId: 'l1', title: 'Voirie', estimatedAmountCents: -5 }] });
      expect(r.status).toBe(400);
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'lots[0].estimatedAmountCents', rule: 'min' })]);
    });

    it('placing with the wrong company for the lot is a 422', async () => {
      const r = await api.post('/placements', { ...story.placement, placementId: 'plc-wrong-co', companyId: story.siaeCompany.siret });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'NOT_THE_LOT_COMPANY', field: 'companyId' });
    });

    it('placing on a lot whose clause is not accepted is a 422', async () => {
      const r = await api.post('/placements', { ...story.placement, placementId: 'plc-lot2', lotId: 'lot-2' });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'CLAUSE_NOT_ACCEPTED' });
    });

    it('placing a beneficiary not eligible at the placement start is a 422', async () => {
      const r = await api.post('/placements', { ...story.placement, placementId: 'plc-early', startDate: '2026-01-20' });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
    });

    it('a commitment below the target is a 422', async () => {
      await api.put(`/markets/${marketId}/lots/lot-2/clause`, { ...story.clauseLot1, target: { mode: 'FIXED', hours: 200, basis: 'WHOLE_MARKET' } });
      const r = await api.post(`/markets/${marketId}/lots/lot-2/acceptance`, { companyId: story.siaeCompany.siret, committedHours: 199 });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'COMMITMENT_BELOW_TARGET', field: 'committedHours' });
    });

    it('redefining an accepted clause is a 409', async () => {
      const r = await api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'CLAUSE_ALREADY_ACCEPTED' });
    });

    it('an unknown market is a 404 on commands and queries', async () => {
      expect((await api.put('/markets/unknown/lots/lot-1/clause', story.clauseLot1)).body).toMatchObject({ statusCode: 404, code: 'MARKET_NOT_FOUND' });
      expect((await api.get('/markets/unknown/tracking')).status).toBe(404);
    });

    it('malformed JSON is a 400', async () => {
      const r = await api.request('POST', '/companies', '{"siret": ', { 'content-type': 'application/json' });
      expect(r.status).toBe(400);
    });
  });
});
