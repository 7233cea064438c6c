import { randomUUID } from 'node:crypto';
import { EventStore } from '@clause-ledger/event-store';
import { placementStreamId } from '@clause-ledger/domain';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';
import { seedMarketStory } from './support/seed-story';

/**
 * Commands decide from folded states kept between requests: whatever another writer appended to the
 * stream since (another process on the same file, another API instance on EventStoreDB) is seen first.
 */
describe('commands decide on the stream as it stands, not on a kept state', () => {
  const dir = tempDir('command-state');
  let api: TestApi;
  let store: EventStore;
  const placementId = story.placement.placementId;
  const stream = placementStreamId(placementId);

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    store = api.app.get<EventStore>(EVENT_STORE);
    await seedMarketStory(api);
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  /** Appends, behind the API's back, a copy of the stream's last event with `change` applied to its data and metadata. */
  async function appendBehindTheApi(change: (data: Record<string, unknown>, metadata: Record<string, unknown>) => void): Promise<void> {
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const data = structuredClone(last.data) as Record<string, unknown>;
    const metadata = structuredClone(last.metadata);
    change(data, metadata);
    await store.appendToStream(stream, [{ id: randomUUID(), type: last.type, data, metadata }], { expectedRevision: last.revision });
  }

  it('a month declared by another writer since the last command is a 409, not a second declaration', async () => {
    expect(story.monthlyHours[0].month).not.toBe('2026-04');
    await appendBehindTheApi((data) => { data.month = '2026-04'; });
    const second = await api.post(`/placements/${placementId}/hours`, { month: '2026-04', hours: 100, source: 'PAYSLIP' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'HOURS_ALREADY_DECLARED', field: 'month' });
  });

  it('an Idempotency-Key written by another writer since the last command is known: reused for another request, a 409', async () => {
    await appendBehindTheApi((data, metadata) => {
      data.month = '2026-05';
      Object.assign(metadata, { idempotencyKey: 'written-elsewhere' });
    });
    // the copied event carries another request's hash: the key is recognised as reused, not taken as new
    const reused = await api.post(`/placements/${placementId}/hours`, { month: '2026-06', hours: 140, source: 'PAYSLIP' }, { 'Idempotency-Key': 'written-elsewhere' });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
