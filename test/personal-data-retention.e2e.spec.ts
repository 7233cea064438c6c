import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/** CNIL: a person's data is kept 2 years after the last contact; the facilitator gets the list of people past it. */
describe('people due for erasure after the retention period', () => {
  const dir = tempDir('retention');
  let api: TestApi;
  const person = (beneficiaryId: string) => ({ ...story.beneficiary, beneficiaryId });
  const due = async (query: string) => {
    const r = await api.get(`/beneficiaries/retention-due?${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const restartOn = async (today: string, env: Record<string, string> = {}) => {
    await api?.close();
    api = await TestApi.start({ dataDir: dir.path, today, env });
  };

  beforeAll(async () => {
    // dated events: three people registered in 2023, one of them placed with hours in 2026
    await restartOn('2023-01-10');
    for (const id of ['ben-old', 'ben-worked', 'ben-erased']) expect((await api.post('/beneficiaries', person(id))).status).toBe(201);
    await restartOn(story.TODAY);
    expect((await api.post('/companies', story.company)).status).toBe(201);
    expect((await api.post('/markets', story.market)).status).toBe(201);
    expect((await api.put(`/markets/${story.market.marketId}/lots/lot-1/clause`, story.clauseLot1)).status).toBe(200);
    expect((await api.post(`/markets/${story.market.marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 })).status).toBe(201);
    expect((await api.post('/beneficiaries/ben-worked/eligibilities', story.eligibility)).status).toBe(201);
    expect((await api.post('/placements', { ...story.placement, beneficiaryId: 'ben-worked' })).status).toBe(201);
    expect((await api.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[0])).status).toBe(201);
    expect((await api.post('/beneficiaries/ben-erased/erasure', { reason: 'fin de la durée de conservation' })).status).toBe(201);
    expect((await api.post('/beneficiaries', person('ben-recent'))).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('lists who had no contact for 24 months, not people erased already nor people in contact since', async () => {
    const position = (await api.post('/beneficiaries', person('ben-last'))).body.position;
    expect(await due(`asOf=2026-06-15&waitForPosition=${position}`)).toEqual({
      asOf: '2026-06-15', retentionMonths: 24, due: [{ beneficiaryId: 'ben-old', lastContactOn: '2023-01-10', retentionEndedOn: '2025-01-10' }],
    });
  });

  it('counts from the last contact: the day the period ends is not yet past it', async () => {
    expect((await due('asOf=2025-01-10')).due).toEqual([]);
    expect((await due('asOf=2025-01-11')).due.map((d: { beneficiaryId: string }) => d.beneficiaryId)).toEqual(['ben-old']);
  });

  it('defaults to today', async () => {
    expect((await due('')).asOf).toBe(story.TODAY);
  });

  it('follows RETENTION_MONTHS', async () => {
    await restartOn(story.TODAY, { RETENTION_MONTHS: '3' });
    // ben-worked: placed today (2026-06-15) is their last contact; ben-recent registered today
    expect((await due('asOf=2026-09-16')).due.map((d: { beneficiaryId: string }) => d.beneficiaryId)).toEqual(['ben-old', 'ben-last', 'ben-recent', 'ben-worked']);
  });

  it('a bad date or a bad RETENTION_MONTHS is refused with the rule', async () => {
    const r = await api.get('/beneficiaries/retention-due?asOf=2026-02-30');
    expect([r.status, r.body.problems?.[0]?.field]).toEqual([400, 'asOf']);
    await expect(TestApi.start({ dataDir: dir.path, env: { RETENTION_MONTHS: '0' } })).rejects.toThrow('RETENTION_MONTHS must be at least 1');
  });
});
