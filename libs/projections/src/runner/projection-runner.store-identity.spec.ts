import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore } from '@clause-ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';

/** Counts the events of each stream: a read model fed by the wrong positions shows wrong counts. */
const counts: Projection<number> = {
  name: 'counts',
  version: 1,
  keysOf: (event) => [event.streamId],
  evolve: (count) => (count ?? 0) + 1,
};
const someEvents = (n: number): EventData[] => Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Counted', data: {} }));

describe('ProjectionRunner and the identity of the event store', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'runner-identity-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function runOnce(store: SqliteEventStore, readModels: ReadModelStore, notices: string[]): Promise<void> {
    const runner = new ProjectionRunner(store, readModels, counts, { onNotice: (m) => notices.push(m) });
    await runner.start();
    await runner.stop();
  }

  it('never uses a checkpoint recorded against another store: it rebuilds the read model from the new store and says so', async () => {
    const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
    const notices: string[] = [];
    const first = await SqliteEventStore.open(join(dir, 'first.db'));
    await first.appendToStream('a', someEvents(5), { expectedRevision: 'no_stream' });
    await runOnce(first, readModels, notices);
    expect(readModels.get('counts', 'a')).toBe(5);
    await first.close();

    // a recreated store: its positions 1..3 lie before the old checkpoint (5)
    const second = await SqliteEventStore.open(join(dir, 'second.db'));
    await second.appendToStream('b', someEvents(3), { expectedRevision: 'no_stream' });
    await runOnce(second, readModels, notices);
    expect(readModels.list('counts')).toEqual([{ key: 'b', doc: 3 }]);
    expect(readModels.checkpointStoreIdentity('counts')).toBe(await second.storeIdentity());
    expect(notices).toEqual([expect.stringMatching(/^checkpoint 5\/5 was recorded against event store [0-9a-f-]{36}, this one is [0-9a-f-]{36}: rebuilding counts$/)]);

    // the same store again: the checkpoint is used, nothing rebuilt
    await second.appendToStream('b', someEvents(1), { expectedRevision: 2n });
    await runOnce(second, readModels, notices);
    expect(readModels.get('counts', 'b')).toBe(4);
    expect(notices).toHaveLength(1);
    await second.close();
    readModels.close();
  });
});
