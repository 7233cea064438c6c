import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';

const NEVER_MS = 600_000;
const counts: Projection<{ n: number }> = { name: 'counts', version: 1, keysOf: (e) => [e.streamId], evolve: (doc) => ({ n: (doc?.n ?? 0) + 1 }) };

describe("live feed: a waiter registered before its event reaches the feed (another process's append, seen by the poll)", () => {
  let dir: string;
  let store: SqliteEventStore;
  let other: SqliteEventStore;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner<{ n: number }>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-waiter-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    other = await SqliteEventStore.open(join(dir, 'events.db')); // another process on the same file: seen by the poll only
    readModels = ReadModelStore.open(join(dir, 'read-models.db'));
    runner = new ProjectionRunner(store, readModels, counts, { liveCadence: { minIntervalMs: NEVER_MS, maxBatch: 2_000 } });
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    readModels.close();
    await other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const event = () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: { schemaVersion: 1 } });

  it('is folded without waiting for the interval', async () => {
    const first = await store.appendToStream('a', [event()], { expectedRevision: 'any' });
    expect(await runner.waitFor(first.position, 10_000)).toBe(true); // after a quiet spell: at once
    const second = await other.appendToStream('a', [event()], { expectedRevision: 'any' });
    expect(await runner.waitFor(second.position, 5_000)).toBe(true); // registered before the poll delivers it
    expect(readModels.get('counts', 'a')).toEqual({ n: 2 });
  });
});
