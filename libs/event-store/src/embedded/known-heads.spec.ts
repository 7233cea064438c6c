import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, EventStoreUnavailableError, StaleKnowledgeError } from '../event-store.port';
import { appendFromOtherProcess } from '../testing/append-from-other-process';
import { KnownHeads } from './known-heads';
import { SqliteEventStore } from './sqlite-event-store';
import { openEventsDatabase } from './sqlite-schema';

const anEvent = (n = 0): EventData => ({ id: randomUUID(), type: 'ThingHappened', data: { n } });
const revisionsOf = async (store: SqliteEventStore, streamId: string) => (await store.readStream(streamId)).map((e) => e.revision);

describe('embedded SQLite event store: what it knows of its streams without reading', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = async () => {
    const store = await SqliteEventStore.open(file);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-heads-'));
    file = join(dir, 'events.db');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows the streams it wrote and those it read to their end; a partial read or another instance teaches nothing', async () => {
    const a = await open();
    const b = await open();
    await a.appendToStream('market-1', [anEvent(0), anEvent(1)], { expectedRevision: 'no_stream' });
    expect(a.knownHeads.revisionOf('market-1')).toBe(1n);
    expect(b.knownHeads.revisionOf('market-1')).toBeUndefined();

    await b.readStream('market-1', { maxCount: 1 });
    expect(b.knownHeads.revisionOf('market-1')).toBeUndefined();
    await b.readStream('market-1', { fromRevision: 2n }); // nothing new: the read still reached the end
    expect(b.knownHeads.revisionOf('market-1')).toBe(1n);
    await expect(b.readStream('market-2')).rejects.toThrow('does not exist');
    expect(b.knownHeads.revisionOf('market-2')).toBe(-1n);
  });

  it('with no other writer, an append decided on what it knows is written, and the new head is known', async () => {
    const a = await open();
    await a.appendToStream('market-1', [anEvent()], { expectedRevision: 'no_stream' });
    const epoch = a.knownHeads.epoch;

    const result = await a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: epoch });

    expect(result.nextExpectedRevision).toBe(1n);
    expect(a.knownHeads.wrote(result)).toBe(true);
    expect(a.knownHeads.revisionOf('market-1')).toBe(1n);
    expect(a.knownHeads.epoch).toBe(epoch);
    expect(await revisionsOf(a, 'market-1')).toEqual([0n, 1n]);
  });

  it('a retry recognised by its event ids wrote nothing now: not reported as written, and the stream is no longer known', async () => {
    const a = await open();
    const batch = [anEvent()];
    await a.appendToStream('market-1', batch, { expectedRevision: 'no_stream' });
    await a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n });

    const retry = await a.appendToStream('market-1', batch, { expectedRevision: 'no_stream' });

    expect(retry.nextExpectedRevision).toBe(0n);
    expect(a.knownHeads.wrote(retry)).toBe(false);
    expect(a.knownHeads.revisionOf('market-1')).toBeUndefined();
  });

  /**
   * Store A writes market-1 (and knows it), then another instance on the same file writes another
   * stream: only that foreign commit itself tells A that what it knows may be stale.
   */
  async function knownThenWrittenElsewhere() {
    const a = await open();
    const b = await open();
    await a.appendToStream('market-1', [anEvent()], { expectedRevision: 'no_stream' });
    const epoch = a.knownHeads.epoch;
    await b.appendToStream('market-2', [anEvent()], { expectedRevision: 'no_stream' });
    return { a, epoch };
  }

  it('after another instance wrote to the file, an append decided on what it knew is refused, nothing written, and it knows nothing any more', async () => {
    const { a, epoch } = await knownThenWrittenElsewhere();

    const [decided, plain] = await Promise.allSettled([
      a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: epoch }),
      a.appendToStream('market-3', [anEvent()], { expectedRevision: 'no_stream' }),
    ]);

    expect(decided.status === 'rejected' && decided.reason).toBeInstanceOf(StaleKnowledgeError);
    expect(decided.status === 'rejected' && decided.reason).toBeInstanceOf(EventStoreUnavailableError);
    expect(plain.status).toBe('fulfilled'); // an append that read nothing from memory goes through as before
    expect(a.knownHeads.epoch).not.toBe(epoch);
    expect(a.knownHeads.revisionOf('market-1')).toBeUndefined();
    expect(await revisionsOf(a, 'market-1')).toEqual([0n]);
    // decided again on a fresh epoch: written
    await a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: a.knownHeads.epoch });
    expect(await revisionsOf(a, 'market-1')).toEqual([0n, 1n]);
  });

  it('an append decided before its store learnt of a foreign write is refused even in a later group', async () => {
    const { a, epoch } = await knownThenWrittenElsewhere();
    await a.appendToStream('market-3', [anEvent()], { expectedRevision: 'no_stream' }); // this group sees the foreign commit

    await expect(a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: epoch })).rejects.toBeInstanceOf(StaleKnowledgeError);
    expect(await revisionsOf(a, 'market-1')).toEqual([0n]);
  });

  it('an append decided before a foreign write is refused when its group was sent before the reply that tells of that write', async () => {
    const { a, epoch } = await knownThenWrittenElsewhere();
    const lock = openEventsDatabase(file); // a third connection holds the write lock: A's group k cannot commit, so cannot reply
    lock.exec('BEGIN IMMEDIATE');
    const turn = () => new Promise((resolve) => setImmediate(resolve));

    const k = a.appendToStream('market-3', [anEvent()], { expectedRevision: 'no_stream' }); // will see B's commit
    await turn();
    const next = a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: epoch }); // group k+1, sent before k's reply
    await turn();
    lock.exec('ROLLBACK'); // wrote nothing: not a foreign commit
    lock.close();

    await expect(next).rejects.toBeInstanceOf(StaleKnowledgeError);
    await expect(k).resolves.toMatchObject({ nextExpectedRevision: 0n });
    expect(a.knownHeads.epoch).not.toBe(epoch);
    expect(await revisionsOf(a, 'market-1')).toEqual([0n]);
  });

  it('what it knows of a stream never moves back: a reply may tell an older head than a read saw', () => {
    const heads = new KnownHeads(10);
    heads.learn('market-1', 6n); // a read saw the commit of a later group
    heads.learnWritten('market-1', { nextExpectedRevision: 5n, position: { commit: 6n, prepare: 6n } }); // the reply of an earlier one
    expect(heads.revisionOf('market-1')).toBe(6n);
    heads.enter(heads.epoch + 1);
    expect(heads.revisionOf('market-1')).toBeUndefined();
    heads.learn('market-1', 2n); // a new epoch: nothing known is kept
    expect(heads.revisionOf('market-1')).toBe(2n);
  });

  it('sees the appends of another process', async () => {
    const a = await open();
    await a.appendToStream('market-1', [anEvent()], { expectedRevision: 'no_stream' });
    const epoch = a.knownHeads.epoch;
    const other = await appendFromOtherProcess({ file, streamId: 'market-1', count: 1 });
    expect(other.acknowledged).toHaveLength(1);

    await expect(a.appendToStream('market-1', [anEvent(1)], { expectedRevision: 0n, decidedAt: epoch })).rejects.toBeInstanceOf(StaleKnowledgeError);
    expect(a.knownHeads.revisionOf('market-1')).toBeUndefined();
    expect(await revisionsOf(a, 'market-1')).toEqual([0n, 1n]);
  });
});
