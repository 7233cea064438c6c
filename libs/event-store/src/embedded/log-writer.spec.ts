import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaleKnowledgeError } from '../event-store.port';
import { AppendRequest, LogWriter } from './log-writer';
import { openEventsDatabase } from './sqlite-schema';

const append = (streamId: string, expected: AppendRequest['expected'], decidedAt?: number): AppendRequest => ({
  streamId, expected, decidedAt, batch: [{ id: randomUUID(), type: 'ThingHappened', data: '{}', metadata: '{}' }],
});

describe('embedded SQLite log writer: the knowledge epoch', () => {
  let dir: string;
  let file: string;
  const writers: LogWriter[] = [];
  const open = () => {
    const writer = new LogWriter(openEventsDatabase(file), file);
    writers.push(writer);
    return writer;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-log-writer-'));
    file = join(dir, 'events.db');
  });
  afterEach(() => {
    for (const writer of writers.splice(0)) writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // groups are sent without waiting for the previous reply: group k+1 may carry a decision of the epoch group k ended
  it('refuses an append decided under an epoch that an earlier transaction ended by seeing a foreign commit', () => {
    const mine = open();
    const other = open(); // another connection on the file: another process
    const { epoch } = mine.write([append('market-1', 'no_stream')]);
    other.write([append('market-2', 'no_stream')]);

    const k = mine.write([append('market-3', 'no_stream')]); // decided on what was read: written
    const next = mine.write([append('market-1', 0n, epoch), append('market-4', 'no_stream'), append('market-5', 'no_stream', epoch + 1)]);

    expect(k.epoch).toBe(epoch + 1);
    expect('written' in k.outcomes[0]).toBe(true);
    expect(next.epoch).toBe(epoch + 1);
    const [stale, plain, fresh] = next.outcomes;
    expect('refused' in stale && stale.refused).toBeInstanceOf(StaleKnowledgeError);
    expect('written' in plain && 'written' in fresh).toBe(true);
    const db = openEventsDatabase(file);
    try {
      expect(db.prepare("SELECT count(*) FROM events WHERE stream_id = 'market-1'").raw().get()).toEqual([1n]);
    } finally {
      db.close();
    }
  });

  it('keeps its epoch while only its own connection writes', () => {
    const mine = open();
    mine.write([append('market-1', 'no_stream')]);
    expect(mine.write([append('market-1', 0n, 0)])).toMatchObject({ epoch: 0, outcomes: [{ head: true }] });
  });
});

describe('embedded SQLite log writer: what an append inserted', () => {
  let dir: string;
  let writer: LogWriter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-log-writer-'));
    writer = new LogWriter(openEventsDatabase(join(dir, 'events.db')), join(dir, 'events.db'));
  });
  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back each new event\'s position, hash and digest as written, and nothing for an append that wrote none', () => {
    const two: AppendRequest = { streamId: 'market-1', expected: 'no_stream', decidedAt: undefined, batch: [append('x', 'any').batch[0], append('x', 'any').batch[0]] };
    const refused = append('market-2', 5n);
    const { outcomes } = writer.write([two, refused, append('market-3', 'no_stream')]);
    const retry = writer.write([two]).outcomes[0];
    const db = openEventsDatabase(join(dir, 'events.db'));
    try {
      const rows = db.prepare('SELECT position, recorded_at, hash, digest FROM events ORDER BY position').raw().all() as [bigint, string, string, string][];
      const insertedOf = (from: number, to: number) => ({
        recordedAt: rows[from][1], positions: rows.slice(from, to).map((r) => r[0]), hashes: rows.slice(from, to).map((r) => r[2]), digests: rows.slice(from, to).map((r) => r[3]),
      });
      expect(outcomes[0]).toMatchObject({ head: true, inserted: insertedOf(0, 2) });
      expect('refused' in outcomes[1]).toBe(true);
      // the refused append's savepoint was rolled back: the next append's position follows
      expect(outcomes[2]).toMatchObject({ head: true, inserted: insertedOf(2, 3) });
      expect(rows.map((r) => r[0])).toEqual([1n, 2n, 3n]);
      // a retry recognised by its ids inserts nothing
      expect(retry).toMatchObject({ head: false });
      expect('inserted' in retry).toBe(false);
    } finally {
      db.close();
    }
  });
});
