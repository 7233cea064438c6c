import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Position, RecordedEvent, SqliteEventStore, START, comparePositions } from '@clause-ledger/event-store';
import { LiveFeed, LiveFolder } from './live-feed';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';
import { until } from '../../../../test/support/until';

/** Far longer than any test may take: an event folded before it was not held back by the interval. */
const NEVER_MS = 600_000;

/** Counts the events of each stream. */
const counts: Projection<{ n: number }> = {
  name: 'counts',
  version: 1,
  keysOf: (e) => [e.streamId],
  evolve: (doc) => ({ n: (doc?.n ?? 0) + 1 }),
};

/** A member that records its batches; `during` runs inside the fold of the first batch. */
class RecordingFolder implements LiveFolder {
  readonly batches: string[][] = [];
  position: Position = START;
  awaited = false;
  constructor(private readonly during: () => void = () => undefined) {}
  foldLiveEvents(events: readonly RecordedEvent[]): 'done' {
    this.batches.push(events.map((e) => e.id));
    this.position = events[events.length - 1].position;
    if (this.batches.length === 1) this.during();
    return 'done';
  }
  rebuildLive(): Promise<void> {
    return Promise.resolve();
  }
  failLive(error: unknown): void {
    throw error;
  }
}

describe('live feed cadence', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-feed-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    readModels = ReadModelStore.open(join(dir, 'read-models.db'));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const event = () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: { schemaVersion: 1 } });
  async function append(streamId: string, n = 1): Promise<{ ids: string[]; position: Position }> {
    const events = Array.from({ length: n }, event);
    const { position } = await store.appendToStream(streamId, events, { expectedRevision: 'any' });
    return { ids: events.map((e) => e.id), position };
  }
  function feedOf(member: RecordingFolder, cadence: { minIntervalMs: number; maxBatch: number }): LiveFeed {
    const feed = new LiveFeed(store, (fold) => readModels.liveTransaction(fold), cadence);
    feed.start([member]);
    stops.push(() => feed.leave(member));
    return feed;
  }
  async function liveRunner(minIntervalMs: number) {
    const runner = new ProjectionRunner(store, readModels, counts, { liveCadence: { minIntervalMs, maxBatch: 2_000 } });
    await runner.start();
    stops.push(() => runner.stop());
    return runner;
  }

  it('folds a lone event after a quiet spell at once, without waiting for the interval', async () => {
    const member = new RecordingFolder();
    feedOf(member, { minIntervalMs: NEVER_MS, maxBatch: 2_000 });
    const { ids } = await append('s');
    await until(() => member.batches.length === 1, 10_000, 'the lone event folded');
    expect(member.batches).toEqual([ids]);
  });

  it('folds the events that arrive during a fold in the next batch, each once and in order', async () => {
    let later: Promise<{ ids: string[] }> | undefined;
    const member = new RecordingFolder(() => {
      later = append('s', 3);
    });
    feedOf(member, { minIntervalMs: 20, maxBatch: 2_000 });
    const first = await append('s');
    await until(() => later !== undefined, 10_000, 'the first fold');
    const { ids } = await later!;
    await until(() => member.batches.flat().length === 4, 10_000, 'the events appended during the first fold');
    expect(member.batches[0]).toEqual(first.ids);
    expect(member.batches.slice(1).flat()).toEqual(ids);
  });

  it('folds a full batch at once instead of waiting for the interval', async () => {
    const member = new RecordingFolder();
    feedOf(member, { minIntervalMs: NEVER_MS, maxBatch: 3 });
    await append('s');
    await until(() => member.batches.length === 1, 10_000, 'the first event folded');
    const { ids } = await append('s', 3);
    await until(() => member.batches.length === 2, 10_000, 'the full batch folded');
    expect(member.batches[1]).toEqual(ids);
  });

  it('answers a waiter at once, and only once its event is committed (another connection reads it)', async () => {
    const runner = await liveRunner(NEVER_MS);
    const first = await append('a');
    expect(await runner.waitFor(first.position, 10_000)).toBe(true);
    // folded at once after a quiet spell; the next event would wait for the interval but for the waiter
    const second = await append('a');
    const waited = runner.waitFor(second.position, 10_000);
    const third = await append('b');
    expect(await waited).toBe(true);
    const other = ReadModelStore.open(join(dir, 'read-models.db'));
    try {
      expect(other.get('counts', 'a')).toEqual({ n: 2 });
      expect(comparePositions(other.checkpoint('counts')!.position, second.position)).toBeGreaterThanOrEqual(0);
    } finally {
      other.close();
    }
    expect(await runner.waitFor(third.position, 10_000)).toBe(true);
    expect(readModels.get('counts', 'b')).toEqual({ n: 1 });
  });
});
