import { TestApi, tempDir } from './support/test-api';
import * as story from './support/support-case-story';

/** A Manche-style request walked from level 1 to the market it became, over real HTTP on a temp-dir store. */
describe('support cases over HTTP', () => {
  const dir = tempDir('support-cases');
  let api: TestApi;
  const base = `/support-cases/${story.caseId}`;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: '2026-06-15' });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const expectOk = async (reply: Promise<{ status: number; body: unknown }>, status = 201) => {
    const r = await reply;
    expect({ status: r.status, body: r.body }).toEqual({ status, body: expect.anything() });
    return r.body as Record<string, unknown>;
  };

  it('walks a request from level 1 to level 3: the market is registered from the adopted proposals', async () => {
    await expectOk(api.post('/support-cases', story.request));
    await expectOk(api.post(`${base}/level`, { level: 1, agreedOn: '2026-01-12' }));
    await expectOk(api.post(`${base}/actions`, story.firstCall));
    await expectOk(api.post(`${base}/level`, { level: 2, reason: 'le maître d\'ouvrage transmet le DCE', agreedOn: '2026-02-02' }));
    await expectOk(api.post(`${base}/documents`, story.cctpReceived));
    await expectOk(api.put(`${base}/lots`, story.lots), 200);
    await expectOk(api.post(`${base}/lots/lot-2/opportunity-analysis`, story.opportunityLot2));
    const p1 = await expectOk(api.put(`${base}/lots/lot-1/clause-proposal`, story.proposalLot1), 200);
    await expectOk(api.put(`${base}/lots/lot-2/clause-proposal`, story.proposalLot2), 200);
    expect(p1.lotId).toBe('lot-1');
    await expectOk(api.post(`${base}/lots/lot-1/clause-proposal/answer`, { adopted: true, answeredOn: '2026-02-20' }));
    await expectOk(api.post(`${base}/lots/lot-2/clause-proposal/answer`, { adopted: true, answeredOn: '2026-02-20' }));
    const scored = await expectOk(api.post(`${base}/lots/lot-2/offer-analysis`, story.offersLot2));
    expect(scored.lotId).toBe('lot-2');
    await expectOk(api.post(`${base}/level`, { level: 3, reason: 'marché attribué : suivi de l\'exécution', agreedOn: '2026-04-20' }));
    const registered = await expectOk(api.post(`${base}/market`, story.marketFromCase));
    expect(registered.marketId).toBe(story.marketFromCase.marketId);

    const supportCase = (await api.get(base)).body;
    expect(supportCase).toMatchObject({ stage: 'MARKET', level: 3, marketId: story.marketFromCase.marketId });
    expect(supportCase.lots['lot-2'].offers.bidders.map((b: { totalPoints: number }) => b.totalPoints)).toEqual([9.5, 7]);

    const tracking = (await api.get(`/markets/${story.marketFromCase.marketId}/tracking?waitForPosition=${registered.position}`)).body;
    expect(tracking).toMatchObject({ title: story.request.project.title, buyer: { name: 'Commune de Saint-Lô' }, targetHours: 2336 });
    const lotTargets = Object.fromEntries(tracking.lots.map((l: { lotId: string; targetHours: number }) => [l.lotId, l.targetHours]));
    expect(lotTargets).toEqual({ 'lot-1': 1050, 'lot-2': 1286 });
  });

  describe('bad input gets a clear 4xx and appends nothing', () => {
    it.each([
      ['a level 4', 'post', '/level', { level: 4, agreedOn: '2026-02-02' }, 400, 'level'],
      ['an action dated before the request', 'post', '/actions', { ...story.firstCall, actionId: 'act-early', date: '2026-01-11' }, 422, 'date'],
      ['a proposal on an unknown lot', 'put', '/lots/lot-9/clause-proposal', story.proposalLot1, 404, 'lotId'],
      ['linking the case to a second market', 'post', '/market', { ...story.marketFromCase, marketId: 'another-market' }, 409, 'marketId'],
    ])('%s', async (_name, method, path, body, status, field) => {
      const before = await api.storeHead();
      const r = method === 'put' ? await api.put(`${base}${path}`, body) : await api.post(`${base}${path}`, body);
      expect(r.status).toBe(status);
      expect(r.body.field ?? r.body.problems?.[0]?.field).toBe(field);
      expect(await api.storeHead()).toBe(before);
    });
  });
});
