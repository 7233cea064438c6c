import { EventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, supportCasesProjection } from '@clause-ledger/projections';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/support-case-story';
import * as market from './support/market-story';
import { pdfText } from './support/pdf-text';

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
    // the market's clause keeps the inputs the proposal was computed from, so the bilan shows the same computation
    const bilan = (await api.get(`/markets/${story.marketFromCase.marketId}/bilan?waitForPosition=${registered.position}`)).body;
    expect(bilan.lots.find((l: { lotId: string }) => l.lotId === 'lot-1').target.computation).toEqual(
      { mode: 'COMPUTED', estimatedAmountCents: 120_000_000, labourSharePercent: 40, insertionRatePercent: 7, hourlyCostCents: 3200, rounding: 'NEAREST_HOUR' });
  });

  it('follows the execution at level 3: launch meeting, company support, promotion, hours', async () => {
    const marketId = story.marketFromCase.marketId;
    await expectOk(api.post(`${base}/actions`, story.launchMeeting));
    await expectOk(api.post('/company-support-actions', story.companySupport));
    await expectOk(api.post('/promotion-actions', story.promotion));
    await expectOk(api.post('/companies', market.company));
    await expectOk(api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: market.company.siret, committedHours: 1100 }));
    await expectOk(api.post('/beneficiaries', market.beneficiary));
    await expectOk(api.post(`/beneficiaries/${market.beneficiary.beneficiaryId}/eligibilities`, market.eligibility));
    await expectOk(api.post('/placements', { ...market.placement, placementId: 'plc-saint-lo', marketId, startDate: '2026-05-04', plannedEndDate: '2026-12-18' }));
    const declared = await expectOk(api.post('/placements/plc-saint-lo/hours', { month: '2026-05', hours: 120.5, source: 'PAYSLIP' }));
    const tracking = (await api.get(`/markets/${marketId}/tracking?waitForPosition=${declared.position}`)).body;
    expect(tracking.hoursDone).toBe(120.5);
  });

  it('shows exactly what happened in the caseload, the funnel and the yearly activity report', async () => {
    // every command so far is in the read models before they are read
    const head = await api.storeHead();
    const caseload = (await api.get(`/caseload?asOf=2026-06-15&staleAfterDays=45&waitForPosition=${head}`)).body;
    expect(caseload).toMatchObject({ openCases: 1, byLevel: { '1': 0, '2': 0, '3': 1, none: 0 }, byStage: { MARKET: 1 }, alerts: [] });
    expect(caseload.cases[0]).toMatchObject({ caseId: story.caseId, stage: 'MARKET', lastActionOn: '2026-05-12', daysSinceLastAction: 34, nextAction: story.launchMeeting.nextAction });
    const later = (await api.get(`/caseload?asOf=2026-08-01`)).body;
    expect(later.alerts).toEqual([{ caseId: story.caseId, code: 'CASE_WITHOUT_ACTION', severity: 'WARNING', daysSinceLastAction: 81,
      message: 'Aucune action sur la demande de Commune de Saint-Lô (« Requalification de la place du marché ») depuis 81 jours.' }]);

    const expectedFunnel = { requests: 1, withOpportunityAnalysis: 1, withProposal: 1, withAdoptedProposal: 1, marketsWithClause: 1, closedWithoutClause: 0,
      hoursProposed: 2336, hoursAdopted: 2336, hoursContracted: 2336, hoursDone: 120.5 };
    expect((await api.get(`/funnel?year=2026`)).body).toEqual(expectedFunnel);

    const report = (await api.get(`/activity-report?year=2026`)).body;
    expect(report).toEqual({
      facilitatorOrganisationId: 'mef-cotentin', year: 2026,
      buyersSupported: { total: 1, byLevel: { '1': 0, '2': 0, '3': 1, none: 0 } },
      cases: { requested: 1, openAtYearEnd: 1, becameMarkets: 1, closedWithoutClause: 0 },
      actionsByAxis: {
        buyerSupport: { total: 2, byKind: { FIRST_CONTACT: 1, LAUNCH_MEETING: 1 } },
        companySupport: { total: 1, byKind: { HIRING_AID_ADVICE: 1 }, companiesSupported: 1 },
        promotion: { total: 1, byKind: { ACTORS_MEETING: 1 } },
      },
      meetings: { launchMeetings: 1, promotionMeetings: 1, attendeesByKind: { BUYER: 6, COMPANY: 9, EMPLOYMENT_PARTNER: 4 }, attendees: 19 },
      clauses: { proposed: 2, adopted: 2, declined: 0 },
      funnel: expectedFunnel,
    });
    const csv = await api.fetch(`/activity-report.csv?year=2026`);
    expect(await csv.text()).toContain('funnel.hoursDone;120.5;');
    const pdf = await api.fetch(`/activity-report.pdf?year=2026`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { text } = pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Rapport d\'activité 2026');
    expect(text).toContain('Acheteurs accompagnés');
    expect(text).toContain('2 336 h');
  });

  it('rebuilds the support-case documents from zero exactly as they were folded live', async () => {
    const live = api.app.get(ProjectionsService).readModels;
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(api.app.get<EventStore>(EVENT_STORE), rebuilt, supportCasesProjection).rebuild();
    expect(rebuilt.list('support-cases')).toEqual(live.list('support-cases'));
    expect(rebuilt.list('support-cases')).toHaveLength(2);
    rebuilt.close();
  });

  it('counts in the key figures the buyers supported through their requests, even those that never became a market', async () => {
    const other = { ...story.request, caseId: 'case-coutances', buyer: { name: 'Coutances mer et bocage', kind: 'EPCI' }, requestedOn: '2026-03-02' };
    const requested = await expectOk(api.post('/support-cases', other));
    await expectOk(api.post('/support-cases/case-coutances/closure', { reasonCode: 'NOT_LABOUR_INTENSIVE', reason: 'fournitures de bureau : pas d\'heures à réserver', closedOn: '2026-03-20' }));
    const figures = (await api.get(`/key-figures?year=2026&waitForPosition=${requested.position}`)).body;
    expect(figures.marketsFollowed.value).toBe(1);
    expect(figures.buyersSupported.value).toBe(2);
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
