import Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EventData, EventStoreUnavailableError, RecordedEvent, START, WrongExpectedRevisionError } from '../event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { describeEventChainContract } from '../testing/event-chain.contract';
import { appendFromOtherProcess } from '../testing/append-from-other-process';
import { EventIdConflictError } from './event-id-conflict-error';
import { SqliteEventStore } from './sqlite-event-store';
import { until } from '../../../../test/support/until';

const tempDir = () => mkdtempSync(join(tmpdir(), 'clause-ledger-store-'));
const anEvent = (n = 0): EventData => ({ id: randomUUID(), type: 'ThingHappened', data: { n } });
const events = (count: number) => Array.from({ length: count }, (_, n) => anEvent(n));
const idsOf = (list: readonly { id: string }[]) => list.map((e) => e.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


async function readWholeLog(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll(); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position })) all.push(...page);
  return all;
}

describeEventStoreContract('embedded SQLite', async () => {
  const dir = tempDir();
  const store = await SqliteEventStore.open(join(dir, 'nested', 'events.db'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describeEventChainContract('embedded SQLite', async () => {
  const dir = tempDir();
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe('embedded SQLite event store', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = async (path = file) => {
    const store = await SqliteEventStore.open(path);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'events.db');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('durability', () => {
    it('keeps every event through a close and a reopen; appends go on at the next revision and position', async () => {
      const first = await open();
      await first.appendToStream('market-1', events(2), { expectedRevision: 'no_stream' });
      const written = await first.appendToStream('placement-1', events(3), { expectedRevision: 'no_stream' });
      const before = await readWholeLog(first);
      await first.close();

      const reopened = await open();
      expect(await readWholeLog(reopened)).toEqual(before);
      expect(await reopened.headPosition()).toEqual(written.position);
      const next = await reopened.appendToStream('market-1', events(1), { expectedRevision: 1n });
      expect(next.nextExpectedRevision).toBe(2n);
      expect(next.position.commit).toBe(written.position.commit + 1n);
    });

    it('an append acknowledged before the process is killed is still there', async () => {
      const outcome = await appendFromOtherProcess({ file, streamId: 'placement-7', count: 20, crashAfter: true });
      expect(outcome).toMatchObject({ signal: 'SIGKILL' });
      expect(outcome.acknowledged).toHaveLength(20);
      const store = await open();
      expect(idsOf(await store.readStream('placement-7'))).toEqual(outcome.acknowledged);
    });
  });

  describe('several stores on one file', () => {
    it('a subscription sees, in order, the appends made through another store instance', async () => {
      const reader = await open();
      const writer = await open();
      const seen: string[] = [];
      const subscription = reader.subscribeToAll((e) => { seen.push(e.id); });
      const own = events(2);
      const other = events(3);
      await reader.appendToStream('market-1', own, { expectedRevision: 'no_stream' });
      await writer.appendToStream('market-2', other, { expectedRevision: 'no_stream' });
      await until(() => seen.length === 5);
      await subscription.stop();
      expect(seen).toEqual(idsOf([...own, ...other]));
    });

    it('a subscription sees the appends made by another process', async () => {
      const store = await open();
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll((e) => { seen.push(e); });
      const outcome = await appendFromOtherProcess({ file, streamId: 'market-9', count: 5 });
      expect({ code: outcome.code, stderr: outcome.stderr }).toMatchObject({ code: 0 });
      await until(() => seen.length === 5);
      await subscription.stop();
      expect(idsOf(seen)).toEqual(outcome.acknowledged);
    });

    it('two processes appending to one stream at once: every event written once, revisions without gap', async () => {
      const store = await open();
      const mine: string[] = [];
      const appendMine = async () => {
        const e = anEvent(mine.length);
        await store.appendToStream('market-shared', [e], { expectedRevision: 'any' });
        mine.push(e.id);
      };
      const writtenByOther = async () => (await store.readStream('market-shared')).some((e) => (e.data as { pid?: number }).pid);
      await appendMine();
      let otherDone = false;
      const other = appendFromOtherProcess({ file, streamId: 'market-shared', count: 100, pauseMs: 1 }).finally(() => { otherDone = true; });
      // the writers alternate at least this, other, this whatever the scheduler does: we wait for the other's first append
      while (!otherDone && !(await writtenByOther())) await sleep(5);
      do {
        await appendMine();
        await sleep(1); // let the other process take the lock between two of our appends
      } while (!otherDone);
      const outcome = await other;
      expect({ code: outcome.code, stderr: outcome.stderr }).toMatchObject({ code: 0 });
      const stream = await store.readStream('market-shared');
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
      expect(idsOf(stream).sort()).toEqual([...mine, ...outcome.acknowledged].sort());
      const writers = stream.map((e) => ((e.data as { pid?: number }).pid ? 'other' : 'this'));
      expect(writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length).toBeGreaterThanOrEqual(2); // the appends did interleave
    }, 60_000);
  });

  describe('subscriptions and this process\'s own appends', () => {
    /** Counts the events this store reads from its file (its subscriptions' reads, and readAll). */
    const readsFromFile = (store: SqliteEventStore) => {
      const source = (store as unknown as { readAfter(after: bigint, max: number): RecordedEvent[] });
      const read = source.readAfter.bind(store);
      const count = { events: 0 };
      source.readAfter = (after, max) => {
        const page = read(after, max);
        count.events += page.length;
        return page;
      };
      return count;
    };

    it('hands its own appends to a live subscription without reading them back, exactly as the file gives them', async () => {
      const store = await open();
      // no look at the file on a timer (for another process's appends): such a look may come between a commit and its answer
      (store as unknown as { catchUpSource: { pollMs: number } }).catchUpSource.pollMs = 3_600_000;
      await store.appendToStream('market-0', events(3), { expectedRevision: 'no_stream' });
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll((e) => { seen.push(e); });
      await until(() => seen.length === 3); // the catch-up reads the file
      const fromFile = readsFromFile(store);
      // one group of appends (same turn), batches of several events, a retry of a written batch, an empty append
      const batch = [anEvent(1), anEvent(2)];
      await Promise.all([
        store.appendToStream('market-1', batch, { expectedRevision: 'no_stream' }),
        store.appendToStream('market-2', events(1), { expectedRevision: 'no_stream' }),
        store.appendToStream('market-0', [{ id: randomUUID(), type: 'Other', data: { nested: { b: [1, 'é', null], a: true } }, metadata: { actor: 'x' } }], { expectedRevision: 2n }),
      ]);
      await store.appendToStream('market-1', batch, { expectedRevision: 'no_stream' }); // a retry: nothing new
      await store.appendToStream('market-3', [], { expectedRevision: 'any' });
      for (let n = 0; n < 20; n++) await store.appendToStream(`placement-${n % 3}`, events(1 + (n % 2)), { expectedRevision: 'any' });
      await until(() => seen.length === 3 + 4 + 30);
      const readBack = fromFile.events; // before readAll below reads the file itself
      await subscription.stop();
      expect(seen).toEqual(await readWholeLog(store));
      expect(readBack).toBe(0);
    });

    it('a subscription lagging behind, with another store writing in between, still gets every event once and in order', async () => {
      const store = await open();
      const other = await open();
      const seen: RecordedEvent[] = [];
      let slow = true;
      const subscription = store.subscribeToAll(async (e) => {
        seen.push(e);
        if (slow) await sleep(2);
      });
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          store.appendToStream(`mine-${round % 3}`, events(2), { expectedRevision: 'any' }),
          store.appendToStream(`mine-${3 + (round % 2)}`, events(1), { expectedRevision: 'any' }),
        ]);
        if (round % 3 === 1) await other.appendToStream(`theirs-${round}`, events(2), { expectedRevision: 'no_stream' });
      }
      slow = false;
      const log = await readWholeLog(store);
      expect(log).toHaveLength(36);
      await until(() => seen.length === log.length);
      await subscription.stop();
      expect(seen).toEqual(log);
    });

    it('each subscription gets events of its own: a handler that changes its event changes nothing for the others', async () => {
      const store = await open();
      const second: unknown[] = [];
      const one = store.subscribeToAll((e) => { (e.data as { n: number }).n = 999; (e.metadata as { tampered?: boolean }).tampered = true; });
      const two = store.subscribeToAll((e) => { second.push([e.data, e.metadata]); });
      await store.appendToStream('a', events(3), { expectedRevision: 'no_stream' });
      await until(() => second.length === 3);
      const third: unknown[] = [];
      const three = store.subscribeToAll((e) => { third.push([e.data, e.metadata]); }); // from the start: the file, then the run
      await store.appendToStream('a', events(1), { expectedRevision: 2n });
      await until(() => second.length === 4 && third.length === 4);
      await Promise.all([one.stop(), two.stop(), three.stop()]);
      const untouched = [0, 1, 2, 0].map((n) => [{ n }, {}]);
      expect(second).toEqual(untouched);
      expect(third).toEqual(untouched);
    });

    it('forgets its appends once no subscription is left to read them', async () => {
      const store = await open();
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll((e) => { seen.push(e); });
      await store.appendToStream('a', events(3), { expectedRevision: 'no_stream' });
      await until(() => seen.length === 3);
      await subscription.stop();
      expect((store as unknown as { recent: { size: number } }).recent.size).toBe(0);
    });

    it('two subscriptions at different places both get the whole log', async () => {
      const store = await open();
      const first: RecordedEvent[] = [];
      const second: RecordedEvent[] = [];
      const one = store.subscribeToAll((e) => { first.push(e); });
      for (let n = 0; n < 5; n++) await store.appendToStream('a', events(2), { expectedRevision: 'any' });
      const two = store.subscribeToAll(async (e) => { second.push(e); await sleep(1); });
      for (let n = 0; n < 5; n++) await store.appendToStream('b', events(2), { expectedRevision: 'any' });
      const log = await readWholeLog(store);
      await until(() => first.length === 20 && second.length === 20);
      await Promise.all([one.stop(), two.stop()]);
      expect(first).toEqual(log);
      expect(second).toEqual(log);
    });
  });

  describe('opening a file', () => {
    it('writes nothing to a file already current: a process on it does not take the opening for another writer', async () => {
      const running = await open();
      await running.appendToStream('market-1', [anEvent()], { expectedRevision: 'no_stream' });
      const knownSince = running.knownHeads.epoch;
      await open(); // an operator's command on the live file, reading nothing yet
      await expect(running.appendToStream('market-1', [anEvent()], { expectedRevision: 0n, decidedAt: knownSince })).resolves.toMatchObject({ nextExpectedRevision: 1n });
      expect(running.knownHeads.epoch).toBe(knownSince);
    });

    it('creates the missing folders', async () => {
      const store = await open(join(dir, 'a', 'b', 'events.db'));
      expect(await store.headPosition()).toEqual(START);
    });

    it('refuses a file that is not a database, naming the file', async () => {
      writeFileSync(file, 'this is not a database, just text that is long enough to be read as a header');
      await expect(SqliteEventStore.open(file)).rejects.toThrow(`cannot open the event store at ${file}: file is not a database`);
    });

    it('refuses the SQLite database of something else and leaves it untouched', async () => {
      const other = new Database(file);
      other.exec('CREATE TABLE documents (key TEXT PRIMARY KEY, doc TEXT)');
      other.close();
      await expect(SqliteEventStore.open(file)).rejects.toThrow(/SQLite database of something else \(application_id 0, tables: documents\)/);
      const check = new Database(file);
      expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").raw().all()).toEqual([['documents']]);
      check.close();
    });

    it('refuses a file written by a newer version of the program', async () => {
      await (await SqliteEventStore.open(file)).close();
      const db = new Database(file);
      db.exec('PRAGMA user_version = 99');
      db.close();
      await expect(SqliteEventStore.open(file)).rejects.toThrow(/schema version 99 is newer than this program's \(3\)/);
    });

    it('opens a file written before the application id was stamped, with its events', async () => {
      const legacy = new Database(file);
      legacy.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
        UNIQUE (stream_id, revision)); PRAGMA user_version = 1`);
      const id = randomUUID();
      legacy.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)')
        .run('market-1', id, 'MarketRegistered', '{"n":1}', '{}', '2026-01-05T08:00:00.000Z');
      legacy.close();
      const store = await open();
      expect(await store.readStream('market-1')).toMatchObject([{ id, revision: 0n, position: { commit: 1n, prepare: 1n }, data: { n: 1 } }]);
      expect(await store.storeIdentity()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('stamps a store identity at creation that stays with the file, and a new file gets another', async () => {
      const first = await SqliteEventStore.open(file);
      const identity = await first.storeIdentity();
      await first.close();
      const reopened = await SqliteEventStore.open(file);
      expect(await reopened.storeIdentity()).toBe(identity);
      await reopened.close();
      const other = await SqliteEventStore.open(join(dirname(file), 'other.db'));
      expect(await other.storeIdentity()).not.toBe(identity);
      await other.close();
    });
  });

  describe('event ids', () => {
    it('a retry of a written batch returns the first result whatever the expected revision', async () => {
      const store = await open();
      const batch = events(2);
      const first = await store.appendToStream('market-1', batch, { expectedRevision: 'no_stream' });
      await store.appendToStream('market-1', events(1), { expectedRevision: 1n });
      for (const expectedRevision of ['stream_exists', 'any', 7n, 1n] as const) {
        expect(await store.appendToStream('market-1', batch, { expectedRevision })).toEqual(first);
      }
      expect(await store.readStream('market-1')).toHaveLength(3);
    });

    it.each([
      ['some ids written, others not', 'market-1', (old: EventData[]) => [old[0], anEvent()], /some event ids of the batch are already written/],
      ['ids written in another stream', 'market-2', (old: EventData[]) => old, /already written in stream market-1/],
      ['ids written in another order', 'market-1', (old: EventData[]) => [old[1], old[0]], /not as one batch in this order/],
      ['an id twice in the batch', 'market-1', () => { const e = anEvent(); return [e, e]; }, /contains this event id twice/],
    ])('%s: EventIdConflictError, nothing written', async (_, streamId, batchFrom, message) => {
      const store = await open();
      const old = events(2);
      await store.appendToStream('market-1', old, { expectedRevision: 'no_stream' });
      const error = await store.appendToStream(streamId, batchFrom(old), { expectedRevision: 'any' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect((error as Error).message).toMatch(message);
      expect(await readWholeLog(store)).toHaveLength(2);
    });

    it('refuses an event id that is not a UUID (EventStoreDB would too)', async () => {
      const store = await open();
      await expect(store.appendToStream('market-1', [{ id: 'event-1', type: 'ThingHappened', data: {} }], { expectedRevision: 'any' }))
        .rejects.toThrow('event id "event-1" is not a UUID');
    });

    it('gives ids back in lower case, as EventStoreDB does', async () => {
      const store = await open();
      const id = randomUUID();
      await store.appendToStream('market-1', [{ id: id.toUpperCase(), type: 'ThingHappened', data: {} }], { expectedRevision: 'any' });
      expect((await store.readStream('market-1'))[0].id).toBe(id);
    });
  });

  describe('edge cases of the port', () => {
    it('an empty append checks the expectation: refused when wrong, -1 and START on a missing stream', async () => {
      const store = await open();
      expect(await store.appendToStream('market-1', [], { expectedRevision: 'no_stream' })).toEqual({ nextExpectedRevision: -1n, position: START });
      await expect(store.appendToStream('market-1', [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const written = await store.appendToStream('market-1', events(1), { expectedRevision: 'no_stream' });
      expect(await store.appendToStream('market-1', [], { expectedRevision: 0n })).toEqual(written);
    });

    it('refuses stream ids starting with "$", kept for system streams', async () => {
      const store = await open();
      await expect(store.appendToStream('$settings', events(1), { expectedRevision: 'any' })).rejects.toThrow(/reserved for system streams/);
    });

    it('readAll gives at most 1000 events when no maxCount is given', async () => {
      const store = await open();
      for (let i = 0; i < 3; i++) await store.appendToStream(`market-${i}`, events(500), { expectedRevision: 'no_stream' });
      expect(await store.readAll()).toHaveLength(1000);
      expect(await store.readAll({ maxCount: 1200 })).toHaveLength(1200);
    });

    it('refuses a negative or fractional maxCount', async () => {
      const store = await open();
      await expect(store.readAll({ maxCount: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(store.readStream('market-1', { maxCount: 1.5 })).rejects.toBeInstanceOf(RangeError);
    });

    it('close() ends the subscriptions (`done` resolves); the closed store answers EventStoreUnavailableError', async () => {
      const store = await SqliteEventStore.open(file);
      const subscription = store.subscribeToAll(() => undefined);
      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
      await expect(store.appendToStream('market-1', events(1), { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('close() writes the appends already accepted before the file closes, and refuses those asked after', async () => {
      const store = await SqliteEventStore.open(file);
      const accepted = events(3).map((e, i) => store.appendToStream(`market-${i}`, [e], { expectedRevision: 'no_stream' }));
      const closing = store.close();
      await expect(store.appendToStream('market-9', events(1), { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await closing;
      const written = await Promise.all(accepted);
      const reopened = await open();
      expect((await readWholeLog(reopened)).map((e) => e.position)).toEqual(written.map((w) => w.position));
    });

    it('delivers nothing before subscribeToAll has returned', async () => {
      const store = await open();
      await store.appendToStream('market-1', events(1), { expectedRevision: 'no_stream' });
      let returned = false;
      let deliveredEarly = false;
      let delivered = 0;
      const subscription = store.subscribeToAll(() => { deliveredEarly ||= !returned; delivered++; });
      returned = true;
      await until(() => delivered === 1);
      await subscription.stop();
      expect(deliveredEarly).toBe(false);
    });
  });
});
