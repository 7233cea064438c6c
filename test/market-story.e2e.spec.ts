import { ReadModelStore, ProjectionRunner, executionTrackingProjection, isMarketTrackingKey } from '@clause-ledger/projections';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { join } from 'node:path';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { TestApi, tempDir } from './support/test-api';
import { ok, lastPosition } from './support/ok';
import * as story from './support/market-story';

/** The whole story over HTTP, on the real embedded store, through a restart. */
describe('a market followed from registration to three months of hours', () => {
  const dir = tempDir('story');
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });


  it('registers the company, the market and its clause, and the company accepts it', async () => {
    await ok(api.post('/companies', story.company), 201);
    await ok(api.post('/markets', story.market), 201);
    const clause = await ok(api.put(`/markets/${story.market.marketId}/lots/lot-1/clause`, story.clauseLot1), 200);
    expect(clause).toMatchObject({ marketId: story.market.marketId, lotId: 'lot-1', revision: '1' });
    await ok(api.post(`/markets/${story.market.marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }), 201);
  });

  it('registers an eligible beneficiary and places her on lot 1', async () => {
    await ok(api.post('/beneficiaries', story.beneficiary), 201);
    await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility), 201);
    await ok(api.post('/placements', story.placement), 201);
  });

  it('declares three months of hours and the tracking gives the exact figures', async () => {
    for (const month of story.monthlyHours) {
      await ok(api.post(`/placements/${story.placement.placementId}/hours`, month), 201);
    }
    const { body } = await api.get(`/markets/${story.market.marketId}/tracking?at=2026-06-15&waitForPosition=${lastPosition()}`);
    expect(body).toMatchObject(expectedTracking);
  });

  it('gives the same figures after the app restarts on the same data directory', async () => {
    await api.close();
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    const { body } = await api.get(`/markets/${story.market.marketId}/tracking?at=2026-06-15&waitForPosition=${lastPosition()}`);
    expect(body).toMatchObject(expectedTracking);
  });

  it('rebuilds the read model from zero deep-equal to the live one', async () => {
    const live = api.app.get(ProjectionsService).readModels.list(executionTrackingProjection.name);
    await api.close();
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(store, rebuilt, executionTrackingProjection).rebuild();
    expect(rebuilt.list(executionTrackingProjection.name)).toEqual(live);
    expect(live.filter(({ key }) => isMarketTrackingKey(key))).toHaveLength(1);
    rebuilt.close();
    await store.close();
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
  });
});

// 140 + 151.67 + 120.5 = 412.17 h of a 833 h target; 2026-01-05 -> 2027-06-30 is 542 days, 162 elapsed at 2026-06-15
const expectedTracking = {
  marketId: story.market.marketId,
  at: '2026-06-15',
  targetHours: 833,
  hoursDone: 412.17,
  remainingHours: 420.83,
  percentDone: 49.5,
  proRataExpectedHours: 248.98,
  beneficiariesCounted: 1,
  lastDeclaredMonth: '2026-05',
  lots: [
    { lotId: 'lot-1', companyId: story.company.siret, committedHours: 850, targetHours: 833, hoursDone: 412.17, remainingHours: 420.83, percentDone: 49.5, beneficiariesCounted: 1, lastDeclaredMonth: '2026-05' },
    { lotId: 'lot-2', companyId: null, targetHours: 0, hoursDone: 0, beneficiariesCounted: 0, lastDeclaredMonth: null },
  ],
  companies: [{ companyId: story.company.siret, lotIds: ['lot-1'], targetHours: 833, hoursDone: 412.17, beneficiariesCounted: 1 }],
};
