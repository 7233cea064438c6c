import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, SqliteEventStore, positionToString } from '@clause-ledger/event-store';
import { ReadModelStore } from '@clause-ledger/projections';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { ok } from './support/ok';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/**
 * Issue 9: a MarketRegistered stored without its buyer (as the API once let in) made the execution
 * tracking throw, stopped it for every later market and kept the app from starting. Now the event
 * is parked, everything else stays live, and an operator's correction brings the market back.
 */
describe('a poisoned event in the log', () => {
  const dir = tempDir('poisoned');
  const POISONED = 'mkt-sans-acheteur';
  const poisonedId = randomUUID();
  const { buyer, ...withoutBuyer } = { ...story.market, marketId: POISONED, registeredOn: '2026-01-02', facilitatorOrganisationId: 'mef-cotentin' };
  let api: TestApi;
  /** The operator who lists parked events and corrects them. */
  let admin: TestApi;
  let poisonedPosition: string;
  /** The operator's correction, and the tracking the live API answered right after it. */
  let corrected: { position: string; tracking: unknown };

  beforeAll(async () => {
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    const written = await store.appendToStream(`market-${POISONED}`, [{
      id: poisonedId, type: 'MarketRegistered', data: withoutBuyer, metadata: { schemaVersion: 1, commandType: 'RegisterMarket', commandId: randomUUID() },
    }], { expectedRevision: 'no_stream' });
    poisonedPosition = positionToString(written.position);
    await store.close();
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    admin = await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops', user: 'ops' });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const parkedIn = async (projection: string) => (await api.get('/health')).body.projections.find((p: { projection: string }) => p.projection === projection);

  it('starts, and /health shows the parked event with its error', async () => {
    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(await parkedIn('execution-tracking')).toMatchObject({
      state: 'live', parked: 1,
      firstParked: [{ position: poisonedPosition, eventId: poisonedId, type: 'MarketRegistered', error: expect.stringContaining("reading 'name'") }],
    });
    const parked = await ok(admin.get('/operations/parked-events'), 200);
    expect(parked).toEqual([expect.objectContaining({ projection: 'execution-tracking', eventId: poisonedId, blockedDocuments: [POISONED], data: withoutBuyer })]);
  });

  it('keeps every other market live: tracking, key figures and bilan PDF', async () => {
    await ok(api.post('/companies', story.company));
    await ok(api.post('/markets', story.market));
    const clause = await ok(api.put(`/markets/${story.market.marketId}/lots/lot-1/clause`, story.clauseLot1), 200);
    const tracking = await api.get(`/markets/${story.market.marketId}/tracking?waitForPosition=${clause.position}`);
    expect(tracking).toMatchObject({ status: 200, body: { marketId: story.market.marketId, targetHours: 833, buyer: { name: buyer.name } } });
    expect((await api.get('/markets')).body.map((m: { marketId: string }) => m.marketId)).toEqual([story.market.marketId]);
    expect((await api.get('/key-figures?year=2026')).status).toBe(200);
    const pdf = await api.fetch(`/markets/${story.market.marketId}/bilan.pdf?waitForPosition=${clause.position}`);
    expect({ status: pdf.status, type: pdf.headers.get('content-type') }).toEqual({ status: 200, type: 'application/pdf' });
  });

  it('answers 503 READ_MODEL_BLOCKED naming the parked event for the poisoned market, and holds back its later events', async () => {
    const clause = await ok(api.put(`/markets/${POISONED}/lots/lot-1/clause`, story.clauseLot1), 200);
    for (const path of [`/markets/${POISONED}/tracking?waitForPosition=${clause.position}`, `/markets/${POISONED}/alerts`, `/markets/${POISONED}/bilan`, `/markets/${POISONED}/bilan.pdf`]) {
      const r = await api.get(path);
      expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 503, code: 'READ_MODEL_BLOCKED' });
      expect(r.body.message).toContain(`position ${poisonedPosition}`);
      expect(r.body.message).toContain("reading 'name'");
    }
    expect(await parkedIn('execution-tracking')).toMatchObject({ parked: 2 });
  });

  it('starts again on the same data directory with the event still parked', async () => {
    await api.close();
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    admin = await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops', user: 'ops' });
    expect(await parkedIn('execution-tracking')).toMatchObject({ state: 'live', parked: 2 });
    expect((await api.get(`/markets/${story.market.marketId}/tracking`)).status).toBe(200);
  });

  it('refuses a correction of an unknown event, of a payload that is not an object, and without a reason; a retry alone changes nothing', async () => {
    const unknown = await admin.post('/operations/event-corrections', { correctedEventId: randomUUID(), correctedData: {}, reason: 'x' });
    expect({ status: unknown.status, code: unknown.body.code, field: unknown.body.field }).toEqual({ status: 404, code: 'EVENT_NOT_FOUND', field: 'correctedEventId' });
    const notObject = await admin.post('/operations/event-corrections', { correctedEventId: poisonedId, correctedData: [], reason: 'x' });
    expect({ status: notObject.status, code: notObject.body.code }).toEqual({ status: 422, code: 'CORRECTED_DATA_NOT_AN_OBJECT' });
    const noReason = await admin.post('/operations/event-corrections', { correctedEventId: poisonedId, correctedData: {} });
    expect({ status: noReason.status, fields: new Set(noReason.body.problems.map((p: { field: string }) => p.field)) }).toEqual({ status: 400, fields: new Set(['reason']) });
    const retry = await admin.post('/operations/projections/execution-tracking/parked-events/retry', {});
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 200, body: { projection: 'execution-tracking', unparked: 0, stillParked: 2 } });
    expect((await admin.post('/operations/projections/nothing/parked-events/retry', {})).status).toBe(404);
    expect(await parkedIn('execution-tracking')).toMatchObject({ parked: 2 });
  });

  it('brings the market back once the operator corrects the event, once even if the correction is retried', async () => {
    const correction = { correctedEventId: poisonedId, correctedData: { ...withoutBuyer, buyer }, reason: 'registered without its buyer (issue 9)' };
    const key = { 'Idempotency-Key': 'correction-poisoned-1' };
    const first = await ok(admin.post('/operations/event-corrections', correction, key));
    const retried = await admin.post('/operations/event-corrections', correction, key);
    expect({ status: retried.status, position: retried.body.position, replayed: retried.headers.get('idempotent-replayed') }).toEqual({ status: 201, position: first.position, replayed: 'true' });

    const tracking = await api.get(`/markets/${POISONED}/tracking?waitForPosition=${first.position}`);
    expect(tracking).toMatchObject({ status: 200, body: { marketId: POISONED, targetHours: 833, buyer: { name: buyer.name } } });
    corrected = { position: first.position, tracking: tracking.body };
    const bilan = await api.get(`/markets/${POISONED}/bilan?waitForPosition=${first.position}`);
    expect(bilan).toMatchObject({ status: 200, body: { market: { buyer: { name: buyer.name } }, totals: { targetHours: { value: 833 } } } });
    const health = (await api.get('/health')).body;
    expect({ status: health.status, parked: health.projections.filter((p: { parked: number }) => p.parked > 0) }).toEqual({ status: 'ok', parked: [] });
    expect((await api.get('/markets')).body).toHaveLength(2);
    // the original stays in the log, untouched, next to its correction
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    expect((await store.readStream(`market-${POISONED}`))[0].data).toEqual(withoutBuyer);
  });

  it('shows the market as it was known (audit as-of): unreadable before the correction, as the live API answered from it on', async () => {
    const auditor = api; // the facilitator organisation's own view of its audit trail
    const after = await ok(auditor.get(`/markets/${POISONED}/as-of?at=${corrected.position}&date=${story.TODAY}`));
    expect(after.tracking).toEqual(corrected.tracking);
    const before = await auditor.get(`/markets/${POISONED}/as-of?at=${poisonedPosition}`);
    expect({ status: before.status, code: before.body.code }).toEqual({ status: 409, code: 'EVENT_UNREADABLE_AT_INSTANT' });
    expect(before.body.message).toContain(`event ${poisonedId} (MarketRegistered, position ${poisonedPosition})`);
    expect(before.body.message).toContain(`corrected it at position ${corrected.position}`);
    // what the whole log says about a month reads every correction
    expect(await ok(auditor.get(`/markets/${POISONED}/as-of?month=2026-05`))).toMatchObject({ marketId: POISONED, month: '2026-05', hours: 0 });
  });

  it('gives the same documents when the read models are rebuilt from zero', async () => {
    await api.close();
    const live = readModels(dir.path);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir.path, `read-models.db${suffix}`), { force: true });
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await api.close();
    expect(readModels(dir.path)).toEqual(live);
    expect(live['execution-tracking'].map((d) => d.key).sort()).toEqual([story.market.marketId, POISONED].sort());
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
  });
});

function readModels(dataDir: string): Record<string, { key: string; doc: unknown }[]> {
  const store = ReadModelStore.open(join(dataDir, 'read-models.db'));
  const docs = Object.fromEntries(['execution-tracking', 'alerts', 'bilans'].map((p) => [p, store.list(p)]));
  store.close();
  return docs;
}
