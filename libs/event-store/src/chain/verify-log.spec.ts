import Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../embedded/sqlite-event-store';
import { EventData } from '../event-store.port';
import { verifyLog } from './verify-log';

const anEvent = (n: number): EventData => ({ id: randomUUID(), type: 'HoursDeclared', data: { n, hours: 15167 }, metadata: { actor: 'c.lefevre' } });

/** Positions 1..6: a0 a1 b0 c0 a2 c1 — b0 and c0 open their streams, so swapping them keeps each stream's chain whole. */
async function aStore(dir: string): Promise<SqliteEventStore> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  await store.appendToStream('a', [anEvent(0), anEvent(1)], { expectedRevision: 'no_stream' });
  await store.appendToStream('b', [anEvent(2)], { expectedRevision: 'no_stream' });
  await store.appendToStream('c', [anEvent(3)], { expectedRevision: 'no_stream' });
  await store.appendToStream('a', [anEvent(4)], { expectedRevision: 1n });
  await store.appendToStream('c', [anEvent(5)], { expectedRevision: 0n });
  return store;
}

describe('verifyLog on the embedded store: what it names, by position', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: InstanceType<typeof Database>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-verify-'));
    store = await aStore(dir);
    db = new Database(join(dir, 'events.db')); // behind the store's back, as someone with the file would
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a clean log verifies: every event read, nothing found, the digest of its head given', async () => {
    const progress: number[] = [];
    const report = await verifyLog(store, { pageSize: 4, onProgress: (n) => progress.push(n) });
    expect(report).toMatchObject({ ok: true, events: 6, unhashed: 0, head: '6/6', findings: [] });
    expect(report.digest).toBe((await store.readAll({ after: { commit: 5n, prepare: 5n } }))[0].digest);
    expect(progress).toEqual([4, 6]);
  });

  it('one changed byte in an event\'s data in the file: that event, and only it, is named as altered', async () => {
    const { changes } = db.prepare(`UPDATE events SET data = replace(data, '"hours":15167', '"hours":15168') WHERE position = 4`).run();
    expect(changes).toBe(1);
    const report = await verifyLog(store);
    expect(report.ok).toBe(false);
    expect(report.findings.map(({ position, kind, streamId }) => ({ position, kind, streamId }))).toEqual([{ position: '4/4', kind: 'altered', streamId: 'c' }]);
  });

  it('a deleted event is named as missing at its position, and its stream\'s gap where the stream resumes', async () => {
    db.prepare('DELETE FROM events WHERE position = 2').run();
    const report = await verifyLog(store);
    expect(report.findings.map(({ position, kind }) => ({ position, kind }))).toEqual([
      { position: '2/2', kind: 'missing' },
      { position: '5/5', kind: 'missing' }, // a2 follows a0: revision 1 of a is gone
    ]);
  });

  it('two swapped events are both named, at their positions, as reordered', async () => {
    const columns = ['stream_id', 'revision', 'event_id', 'type', 'data', 'metadata', 'recorded_at', 'hash'];
    const row = (p: number) => db.prepare(`SELECT ${columns.join(', ')} FROM events WHERE position = ?`).raw().get(p) as unknown[];
    const [three, four] = [row(3), row(4)];
    const set = columns.map((c) => `${c} = ?`).join(', ');
    db.exec('BEGIN');
    db.prepare(`UPDATE events SET stream_id = 'x', event_id = 'x' WHERE position = 3`).run(); // out of the unique indexes' way
    db.prepare(`UPDATE events SET ${set} WHERE position = 4`).run(...three);
    db.prepare(`UPDATE events SET ${set} WHERE position = 3`).run(...four);
    db.exec('COMMIT');
    const report = await verifyLog(store);
    expect(report.findings.map(({ position, kind }) => ({ position, kind }))).toEqual([
      { position: '3/3', kind: 'reordered' },
      { position: '4/4', kind: 'reordered' },
    ]);
  });

  it('a hash removed from an event written after hashing began is altered, not "unhashed"', async () => {
    db.prepare('UPDATE events SET hash = NULL WHERE position = 5').run();
    const report = await verifyLog(store);
    expect(report.findings.map(({ position, kind }) => ({ position, kind }))).toEqual([{ position: '5/5', kind: 'altered' }]);
  });
});

describe('verifyLog over events written before hashing existed', () => {
  it('reports them as unhashed before a position, not as tampering, and checks the events after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-verify-'));
    const file = join(dir, 'events.db');
    try {
      (await SqliteEventStore.open(file)).close();
      const db = new Database(file);
      const insert = db.prepare("INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ('old', ?, ?, 'Legacy', '{}', '{}', '2025-01-01T00:00:00.000Z')");
      insert.run(0, randomUUID());
      insert.run(1, randomUUID());
      db.close();
      const store = await SqliteEventStore.open(file);
      await store.appendToStream('old', [anEvent(2)], { expectedRevision: 1n });
      await store.appendToStream('new', [anEvent(3)], { expectedRevision: 'no_stream' });
      const report = await verifyLog(store);
      expect(report).toMatchObject({ ok: true, events: 4, unhashed: 2, unhashedUpTo: '2/2', findings: [] });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
