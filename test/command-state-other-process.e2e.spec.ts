import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import {
  DomainEvent, EVENT_CORRECTIONS_STREAM, StoredEventReader, closeMarket, endPlacement, evolveMarket, evolvePlacement, marketStreamId,
  placementStreamId, storedEventCorrected,
} from '@clause-ledger/domain';
import { ok } from './support/ok';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';
import { seedMarketStory } from './support/seed-story';

/**
 * The API decides from the states it keeps while nothing else writes its event file. Another process
 * (a second API instance, an operator's tool) on the same file is seen before the next decision:
 * here a second store instance, with its own writer connection, plays that process.
 */
describe('commands decide on what another process wrote to the event file', () => {
  let dir: ReturnType<typeof tempDir>;
  let api: TestApi;
  let other: SqliteEventStore;
  const { placementId } = story.placement;
  const { marketId } = story.market;

  beforeEach(async () => {
    dir = tempDir('other-process');
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await seedMarketStory(api); // the API has folded the placement and the market, and knows their last revisions
    other = await SqliteEventStore.open(join(dir.path, 'events.db'));
  });
  afterEach(async () => {
    await other?.close();
    await api?.close();
    dir.remove();
  });

  /** What the other process decides on the stream as it reads it, appended at the revision it read. */
  async function decideElsewhere<S>(streamId: string, evolve: (state: S | undefined, e: never) => S | undefined, decide: (state: S | undefined) => DomainEvent[]) {
    const reader = new StoredEventReader();
    const stored = await other.readStream(streamId);
    const state = stored.reduce<S | undefined>((s, e) => evolve(s, reader.domainEvent(e) as never), undefined);
    const events = decide(state).map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } }));
    await other.appendToStream(streamId, events, { expectedRevision: stored[stored.length - 1].revision });
  }

  const ctx = () => ({ today: story.TODAY, policy: api.config.policy });
  const declare = (month: string) => api.post(`/placements/${placementId}/hours`, { month, hours: 100, source: 'PAYSLIP' });

  it('a market closed by another process refuses the next declaration, as if the API had closed it', async () => {
    await ok(declare('2026-04'));
    await decideElsewhere(marketStreamId(marketId), evolveMarket, (market) =>
      closeMarket({ marketId, qualitative: { summary: 'Clôture anticipée par un autre poste', writtenBy: 'C. Lefèvre' }, earlyClosureReason: 'fin du chantier' }, market as never, ctx()));

    const refused = await declare('2026-05');

    expect(refused.body).toMatchObject({ code: 'MARKET_CLOSED', field: 'marketId' });
    expect(refused.status).toBe(422);
    const hours = (await other.readStream(placementStreamId(placementId))).filter((e) => e.type === 'HoursDeclared').map((e) => (e.data as { month: string }).month);
    expect(hours).toEqual([story.monthlyHours[0].month, '2026-04']);
  });

  it('a placement ended by another process refuses hours after its end', async () => {
    await ok(declare('2026-04'));
    await decideElsewhere(placementStreamId(placementId), evolvePlacement, (placement) =>
      endPlacement({ placementId, endDate: '2026-04-30', reason: 'RESIGNATION' }, placement as never, ctx()));

    const refused = await declare('2026-05');

    expect(refused.body).toMatchObject({ code: 'OUTSIDE_PLACEMENT_PERIOD', field: 'month' });
    expect(refused.status).toBe(422);
  });

  it('a correction appended by another process is learnt before the next decision', async () => {
    await ok(declare('2026-04'));
    const [april] = await other.readStream(placementStreamId(placementId), { direction: 'backwards', maxCount: 1 });
    const correction = storedEventCorrected({ correctedEventId: april.id, correctedData: { ...(april.data as object), month: '2026-05' }, reason: 'month mistyped' });
    await other.appendToStream(EVENT_CORRECTIONS_STREAM, [{ id: randomUUID(), type: correction.type, data: correction.data, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' });

    const refused = await declare('2026-05');

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'HOURS_ALREADY_DECLARED', field: 'month' });
    // April is free again once the correction is read
    await ok(declare('2026-04'));
  });

  it('a correction by another process that frees a month is read before the API refuses it from memory', async () => {
    await ok(declare('2026-04'));
    const [april] = await other.readStream(placementStreamId(placementId), { direction: 'backwards', maxCount: 1 });
    const correction = storedEventCorrected({ correctedEventId: april.id, correctedData: { ...(april.data as object), month: '2026-05' }, reason: 'month mistyped' });
    await other.appendToStream(EVENT_CORRECTIONS_STREAM, [{ id: randomUUID(), type: correction.type, data: correction.data, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' });

    // nothing of the API's was written since: only the refusal's second look, on what is read, sees April free
    await ok(declare('2026-04'));
  });
});
