import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENT_CORRECTIONS_STREAM } from '@clause-ledger/domain';
import { Position, SqliteEventStore, comparePositions } from '@clause-ledger/event-store';
import { until } from '../../../../test/support/until';
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

  it('an outbox ack is written behind, after what was sent before it: the entries acked are left out at once, and gone from the file once written', async () => {
    await Promise.all([1, 2, 3].map((n) => live(n, `m-${n}`)));
    const published = store.outboxBatch(2);
    expect(published.map((e) => e.doc)).toEqual([{ n: 1 }, { n: 2 }]);
    const inFlight = live(4, 'm-4');
    store.outboxAck(published[1].seq);
    // this thread did not wait for the writer: the transaction sent before the ack is still on its way
    expect(told).toEqual([1, 2, 3]);
    // the acked entries are left out at once (the one in flight may be on disk already, or not)
    expect(store.outboxBatch(10)[0].doc).toEqual({ n: 3 });
    expect(store.outboxPending().oldestPosition).toBe('3/3');
    await inFlight;
    expect(store.outboxBatch(10).map((e) => e.doc)).toEqual([{ n: 3 }, { n: 4 }]);
    expect(store.outboxPending()).toEqual({ messages: 2, oldestPosition: '3/3' });
    store.close();
    // another connection (a restart) finds the acked entries deleted
    store = ReadModelStore.open(file, { writeBehind: true, outboxFor: ['tracking'] });
    expect(store.outboxBatch(10).map((e) => e.doc)).toEqual([{ n: 3 }, { n: 4 }]);
    expect(store.outboxPending().messages).toBe(2);
  });

  it('an outbox delete that fails refuses no read model: the next ack deletes what the failed one left', async () => {
    await Promise.all([1, 2].map((n) => live(n, `m-${n}`)));
    const db = new Database(file);
    db.exec("CREATE TRIGGER refuse_ack BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    const refusals: Error[] = [];
    store.onWriteRefused((error) => refusals.push(error));
    store.outboxAck(store.outboxBatch(1)[0].seq);
    await live(3, 'm-3'); // in the writer's next transaction, or in the same one as the ack
    expect(refusals).toEqual([]);
    expect(store.get('tracking', 'm-3')).toEqual({ n: 3 });
    db.exec('DROP TRIGGER refuse_ack');
    store.outboxAck(store.outboxBatch(1)[0].seq);
    await live(4, 'm-4');
    db.close();
    store.close();
    store = ReadModelStore.open(file, { writeBehind: true, outboxFor: ['tracking'] });
    expect(store.outboxBatch(10).map((e) => e.doc)).toEqual([{ n: 3 }, { n: 4 }]);
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

  it('refuses a batch folded before a refusal it hears of while it commits (it may stand on documents never written)', async () => {
    const allow = refuseDocuments(file, "NEW.key = 'm-poison'");
    const refusedBefore = store.writeRefusals;
    const refused = live(1, 'm-poison');
    // a batch begun now, committed on this thread: its drain hears of the refusal
    expect(() => store.commit('tracking', 1, [{ key: 'm-1', doc: { n: 2 } }], at(2), undefined, refusedBefore)).toThrow(/read models not written: a transaction this batch was folded after was refused/);
    await expect(refused).rejects.toThrow(/refused by the test/);
    expect(store.writeRefusals).toBe(refusedBefore + 1);
    expect(store.checkpoint('tracking')).toBeUndefined();
    allow();
  });

  it('hears at once of a writer thread that ended, instead of waiting for its answer', async () => {
    await live(1);
    // a message the thread cannot handle ends it (an uncaught error), as a bug in it would
    (store as unknown as { writer: { worker: { postMessage(message: unknown): void } } }).writer.worker.postMessage(5);
    const lost = live(2);
    store.parked('tracking'); // drains
    await expect(lost).rejects.toThrow(/read models not written: the read models' writer thread stopped/);
    expect(store.checkpoint('tracking')?.position).toEqual(at(1));
    await live(3);
    expect(store.checkpoint('tracking')?.position).toEqual(at(3));
  });

  it('settles a transaction whose afterCommit effect throws (rejected, as a failed commit is), and goes on writing', async () => {
    const written = store.liveTransaction(() => {
      store.commit('tracking', 1, [{ key: 'm-1', doc: { n: 1 } }], at(1));
      store.afterCommit(() => {
        throw new Error('a listener failed');
      });
    });
    await expect(written).rejects.toThrow('a listener failed');
    expect(store.get('tracking', 'm-1')).toEqual({ n: 1 });
    await live(2);
    expect(told).toEqual([2]);
  });
});

describe('projection runner whose live batch could not be written', () => {
  /** Counts each stream's events; cannot fold a 'Bad' one (it is parked). */
  const counts: Projection<{ n: number }> = {
    name: 'counts', version: 1, keysOf: (e) => [e.streamId],
    evolve: (doc, e) => {
      if (e.type === 'Bad') throw new Error('cannot fold Bad');
      return { n: (doc?.n ?? 0) + 1 };
    },
  };
  let dir: string;
  let store: SqliteEventStore;
  let file: string;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner<{ n: number }>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-write-behind-runner-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    file = join(dir, 'rm.db');
    readModels = ReadModelStore.open(file, { writeBehind: true });
    runner = new ProjectionRunner(store, readModels, counts);
  });
  afterEach(async () => {
    await runner.stop();
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const append = async (type = 'Counted', streamId = 's', data: object = {}) => {
    const id = randomUUID();
    return { id, ...(await store.appendToStream(streamId, [{ id, type, data, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' })) };
  };
  /** The checkpoint never stands past an event whose document is not written. */
  const expectCheckpointWithItsDocuments = (second: Position) => {
    if (comparePositions(readModels.checkpoint('counts')!.position, second) >= 0) expect(readModels.get('counts', 's')).toEqual({ n: 2 });
  };

  it("an operator's retry of parked events, heard of the refusal in its drain, retries from the checkpoint, not past the refused events", async () => {
    await runner.start();
    await append('Bad', 'p');
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    const allow = refuseDocuments(file, `NEW.doc = '{"n":2}'`);
    // the retry comes while the batch folding the second event is on its way to the writer
    const send = readModels.liveTransaction.bind(readModels);
    jest.spyOn(readModels, 'liveTransaction').mockImplementationOnce((work) => {
      const sent = send(work);
      runner.retryParked();
      return sent;
    });
    const second = (await append()).position;
    expect(await runner.waitFor(second, 10_000)).toBe(false);
    expect(runner.status().state).toBe('failed');
    expectCheckpointWithItsDocuments(second);
    allow();
    await runner.start();
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    expect(readModels.get('counts', 's')).toEqual({ n: 3 });
  });

  it('a correction folded on this thread while a refused transaction is in flight is not written past it', async () => {
    await runner.start();
    const bad = await append('Bad', 'p');
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    // another connection holds the write lock: the writer waits for it, and gives up (busy) once this thread drains
    const lock = new Database(file);
    lock.exec('BEGIN IMMEDIATE');
    try {
      const second = (await append()).position;
      await until(() => comparePositions(runner.position, second) >= 0, 10_000, 'the second event folded and sent to the writer');
      const correction = await append('StoredEventCorrected', EVENT_CORRECTIONS_STREAM, { correctedEventId: bad.id, correctedData: {}, reason: 'test' });
      expect(await runner.waitFor(correction.position, 30_000)).toBe(false);
      expect(runner.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/read models not written/) });
      expectCheckpointWithItsDocuments(second);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    await runner.start();
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    expect(readModels.get('counts', 's')).toEqual({ n: 3 });
  }, 60_000);

  it('fails, forgets what it folded past its checkpoint, and started again counts every event once', async () => {
    await runner.start();
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    const allow = refuseDocuments(file, `NEW.doc = '{"n":2}'`);
    // the second event is folded (n: 2), its batch is refused: the runner fails, the waiter is told it was not reached
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(false);
    expect(runner.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/refused by the test/) });
    allow();
    await runner.start();
    expect(await runner.waitFor((await append()).position, 10_000)).toBe(true);
    expect(readModels.get('counts', 's')).toEqual({ n: 3 });
  });
});
