import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Position, SqliteEventStore } from '@clause-ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

/** A write the database itself refuses (as a full disk or a broken file would), on the writer's connection as on any other. */
function refuseDocuments(file: string, when: string): () => void {
  const db = new Database(file);
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN ${when} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
  return () => {
    db.exec('DROP TRIGGER refuse');
    db.close();
  };
}

describe('read-model store, live transactions written behind (writer thread)', () => {
  let dir: string;
  let file: string;
  let store: ReadModelStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-write-behind-'));
    file = join(dir, 'rm.db');
    store = ReadModelStore.open(file, { writeBehind: true, outboxFor: ['tracking'] });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const live = (n: number, key = 'm-1') => store.liveTransaction(() => {
    store.commit('tracking', 1, [{ key, doc: { n } }], at(n));
    store.afterCommit(() => told.push(n));
  });
  let told: number[];
  beforeEach(() => {
    told = [];
  });

  it('folds the next batch from what the last one left, and tells (afterCommit) only once it is written', async () => {
    const written = live(1);
    // the runners fold from it at once; nobody is told before the writer answered
    expect(store.folded('tracking', 'm-1')).toEqual({ n: 1 });
    expect(told).toEqual([]);
    await written;
    expect(told).toEqual([1]);
    expect(store.get('tracking', 'm-1')).toEqual({ n: 1 });
    expect(store.checkpoint('tracking')).toEqual({ position: at(1), version: 1, generation: 0 });
    expect(store.outboxBatch(10).map((e) => e.doc)).toEqual([{ n: 1 }]);
  });

  it('writes transactions in flight in order, with the generations it announced; a write of this thread waits for them', async () => {
    const generations: number[] = [];
    const inFlight = Array.from({ length: 40 }, (_, i) => store.liveTransaction(() => {
      generations.push(store.commit('tracking', 1, [{ key: `m-${i % 3}`, doc: { n: i } }], at(i + 1)));
    }));
    expect(generations).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(store.folded('tracking', 'm-0')).toEqual({ n: 39 });
    // a commit outside a live transaction (a retried parked event, a reset) is written after them, on this thread
    expect(store.commit('tracking', 1, [{ key: 'm-9', doc: { n: 99 } }], at(41))).toBe(40);
    expect(store.list('tracking').map((d) => d.doc)).toEqual([{ n: 39 }, { n: 37 }, { n: 38 }, { n: 99 }]);
    expect(store.checkpoint('tracking')).toEqual({ position: at(41), version: 1, generation: 40 });
    await Promise.all(inFlight);
  });

  it('writes what is in flight before it closes', () => {
    for (let n = 1; n <= 20; n++) void live(n, `m-${n}`);
    store.close();
    store = ReadModelStore.open(file);
    expect(store.list('tracking')).toHaveLength(20);
    expect(store.checkpoint('tracking')?.position).toEqual(at(20));
    expect(told).toHaveLength(20);
  });

  it('refuses the transaction it cannot write and every one after it (they were folded from it), then writes on this thread', async () => {
    await live(1);
    const allow = refuseDocuments(file, "NEW.key = 'm-poison'");
    const refused = live(2, 'm-poison');
    const after = live(3, 'm-2');
    await expect(refused).rejects.toThrow(/read models not written: .*refused by the test/);
    await expect(after).rejects.toThrow(/read models not written/);
    expect(told).toEqual([1]);
    // nothing of them is folded from any more, nor written
    expect(store.folded('tracking', 'm-2')).toBeUndefined();
    expect(store.checkpoint('tracking')).toEqual({ position: at(1), version: 1, generation: 0 });
    allow();
    await live(4, 'm-2');
    expect(store.get('tracking', 'm-2')).toEqual({ n: 4 });
    expect(store.checkpoint('tracking')).toEqual({ position: at(4), version: 1, generation: 1 });
  });
});

describe('projection runner whose live batch could not be written', () => {
  const counts: Projection<{ n: number }> = { name: 'counts', version: 1, keysOf: (e) => [e.streamId], evolve: (doc) => ({ n: (doc?.n ?? 0) + 1 }) };
  let dir: string;

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails, forgets what it folded past its checkpoint, and started again counts every event once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-write-behind-runner-'));
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const file = join(dir, 'rm.db');
    const readModels = ReadModelStore.open(file, { writeBehind: true });
    const runner = new ProjectionRunner(store, readModels, counts);
    const append = async () => (await store.appendToStream('s', [{ id: randomUUID(), type: 'Counted', data: {}, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' })).position;
    try {
      await runner.start();
      expect(await runner.waitFor(await append(), 10_000)).toBe(true);
      const allow = refuseDocuments(file, `NEW.doc = '{"n":2}'`);
      // the second event is folded (n: 2), its batch is refused: the runner fails, the waiter is told it was not reached
      expect(await runner.waitFor(await append(), 10_000)).toBe(false);
      expect(runner.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/refused by the test/) });
      allow();
      await runner.start();
      expect(await runner.waitFor(await append(), 10_000)).toBe(true);
      expect(readModels.get('counts', 's')).toEqual({ n: 3 });
    } finally {
      await runner.stop();
      readModels.close();
      await store.close();
    }
  });
});
