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
