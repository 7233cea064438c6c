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

  describe('when the store fails as EventStoreDB does', () => {
    const correct = (hours: number, reason: string, key?: string) =>
      api.post(`/placements/${story.placement.placementId}/hours/2026-04/corrections`, { hours, source: 'PAYSLIP', reason }, key ? { 'idempotency-key': key } : {});
    /** Events in the server's log whose payload carries this (unique) reason. */
    const written = (reason: string) => server.state.records.filter((r) => Buffer.from(r.data).toString('utf8').includes(reason)).length;

    it('a write committed but never confirmed is a 503 APPEND_OUTCOME_UNKNOWN; the retry with the same Idempotency-Key gets the first result, recorded once', async () => {
      server.faults.failNextAppends('commit-then-timeout', 2);
      const first = await correct(150, 'relevé reçu deux fois', 'correction-2026-04-a');
      expect(first.body).toMatchObject({ statusCode: 503, code: 'APPEND_OUTCOME_UNKNOWN', message: expect.stringMatching(/may or may not have been recorded; retry with the same Idempotency-Key/) });
      expect(written('relevé reçu deux fois')).toBe(1);
      const retry = await correct(150, 'relevé reçu deux fois', 'correction-2026-04-a');
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(written('relevé reçu deux fois')).toBe(1);
    });

    it('"Server Is Busy" is retried by the adapter; when it lasts, the command is a 503 that wrote nothing, never a 500', async () => {
      server.faults.failNextAppends('busy');
      expect((await correct(149, 'serveur occupé une fois')).status).toBe(201);
      server.faults.failNextAppends('busy', 4);
      const refused = await correct(148, 'serveur occupé longtemps');
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'EVENT_STORE_UNAVAILABLE' });
      expect(written('serveur occupé longtemps')).toBe(0);
    });

    it('a command on a tombstoned stream answers 410 STREAM_DELETED', async () => {
      const companyStream = server.state.records.find((r) => r.type === 'CompanyRegistered')!.streamId;
      server.state.tombstone(companyStream);
      const reply = await api.post('/companies', story.company);
      expect(reply.body).toMatchObject({ statusCode: 410, code: 'STREAM_DELETED' });
    });
  });

  it('an unreachable EventStoreDB stops the start with a clear message', async () => {
    await expect(TestApi.start({ dataDir: dir.path, env: { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' } })).rejects.toThrow(/127\.0\.0\.1:1/);
  });
});
