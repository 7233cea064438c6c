import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore } from '@clause-ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';

/** 'Created' makes `count` documents at once; 'Touched' counts one more touch of a document, created or not. */
const touches: Projection<number> = {
  name: 'touches',
  version: 1,
  keysOf: (event) => {
    const data = event.data as { count?: number; key?: string };
    return event.type === 'Created' ? Array.from({ length: data.count! }, (_, i) => `k-${i}`) : [data.key!];
  },
  evolve: (touched) => (touched ?? 0) + 1,
};
const event = (type: string, data: unknown): EventData => ({ id: randomUUID(), type, data });

describe('ProjectionRunner, a pass from an empty read model', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'runner-written-keys-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('does not ask the store for a key it never wrote, even past 100,000 keys written', async () => {
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    await store.appendToStream('s', [event('Created', { count: 100_001 }), event('Touched', { key: 'never' }), event('Touched', { key: 'k-7' })], { expectedRevision: 'no_stream' });
    const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
    const asked: string[] = [];
    const folded = readModels.folded.bind(readModels);
    jest.spyOn(readModels, 'folded').mockImplementation((projection, key) => {
      asked.push(key);
      return folded(projection, key);
    });
    // one event a batch: the touches are folded after the 100,001 documents are committed
    const runner = new ProjectionRunner(store, readModels, touches, { batchSize: 1 });
    await runner.start();
    await runner.stop();

    expect(asked).not.toContain('never');
    expect(readModels.get('touches', 'never')).toBe(1);
    expect(readModels.get('touches', 'k-7')).toBe(2);
    readModels.close();
    await store.close();
  });
});
