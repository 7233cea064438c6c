import { EsdbTestServer, startEsdbTestServer } from './esdb-server';
import { TestApi, tempDir } from './support/test-api';
import { ok, lastPosition } from './support/ok';
import * as story from './support/market-story';

/**
 * The Foundation's story with the API configured on the EventStoreDB adapter, talking real gRPC to
 * the test server (tests only). Also: an unreachable store is a 503, and the API recovers by itself.
 */
describe('the market story on EventStoreDB', () => {
  const dir = tempDir('story-esdb');
  let server: EsdbTestServer;
  let api: TestApi;

  const start = () => TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString } });

  beforeAll(async () => {
    server = await startEsdbTestServer();
    api = await start();
  });
  afterAll(async () => {
    await api?.close();
    await server?.stop();
    dir.remove();
  });

  it('runs market → clause → acceptance → beneficiary → eligibility → placement → three months, with exact tracking', async () => {
    await ok(api.post('/companies', story.company));
    await ok(api.post('/markets', story.market));
    await ok(api.put(`/markets/${story.market.marketId}/lots/lot-1/clause`, story.clauseLot1));
    await ok(api.post(`/markets/${story.market.marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
    await ok(api.post('/beneficiaries', story.beneficiary));
    await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility));
    await ok(api.post('/placements', story.placement));
    for (const month of story.monthlyHours) await ok(api.post(`/placements/${story.placement.placementId}/hours`, month));
    const { body } = await api.get(`/markets/${story.market.marketId}/tracking?at=2026-06-15&waitForPosition=${lastPosition()}`);
    expect(body).toMatchObject({ targetHours: 833, hoursDone: 412.17, remainingHours: 420.83, percentDone: 49.5, proRataExpectedHours: 248.98, beneficiariesCounted: 1, lastDeclaredMonth: '2026-05' });
  });

  it('two concurrent declarations for the same month: one 201, one 409', async () => {
    const replies = await Promise.all([
      api.post(`/placements/${story.placement.placementId}/hours`, { month: '2026-06', hours: 10, source: 'PAYSLIP' }),
      api.post(`/placements/${story.placement.placementId}/hours`, { month: '2026-06', hours: 12, source: 'PAYSLIP' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('a command while the store is unreachable is a 503 that writes nothing, and the API recovers by itself', async () => {
    await server.stop();
    const down = await api.post(`/placements/${story.placement.placementId}/hours/2026-05/corrections`, { hours: 121, source: 'PAYSLIP', reason: 'relevé rectifié' });
    expect(down.body).toMatchObject({ statusCode: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    await server.start();
    const up = await api.post(`/placements/${story.placement.placementId}/hours/2026-05/corrections`, { hours: 121, source: 'PAYSLIP', reason: 'relevé rectifié' });
    expect(up.status).toBe(201);
    const { body } = await api.get(`/markets/${story.market.marketId}/tracking?waitForPosition=${up.body.position}`);
    expect(body.hoursDone).toBe(422.67);
  });

  it('gives the same figures after the app restarts on the same store', async () => {
    await api.close();
    api = await start();
    const { body } = await api.get(`/markets/${story.market.marketId}/tracking?at=2026-06-15&waitForPosition=${lastPosition()}`);
    expect(body).toMatchObject({ hoursDone: 422.67, lastDeclaredMonth: '2026-06' });
  });

  it('an unreachable EventStoreDB stops the start with a clear message', async () => {
    await expect(TestApi.start({ dataDir: dir.path, env: { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' } })).rejects.toThrow(/127\.0\.0\.1:1/);
  });
});
