import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, WrongExpectedRevisionError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { openEventsDatabase } from './sqlite-schema';

const anEvent = (n = 0): EventData => ({ id: randomUUID(), type: 'ThingHappened', data: { n } });
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('embedded store: groups in flight, merged by the writer', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-groups-'));
    file = join(dir, 'events.db');
    store = await SqliteEventStore.open(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('merged groups: each append gets its own outcome, in order', async () => {
    await store.appendToStream('x', [anEvent()], { expectedRevision: 'no_stream' });
    const lock = openEventsDatabase(file);
    lock.exec('BEGIN IMMEDIATE');
    const g1 = [
      store.appendToStream('a', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('x', [anEvent()], { expectedRevision: 5n }),
      store.appendToStream('b', [anEvent(), anEvent()], { expectedRevision: 'no_stream' }),
    ];
    await turn();
    await turn();
    const g2 = [
      store.appendToStream('x', [anEvent()], { expectedRevision: 0n }),
      store.appendToStream('a', [anEvent()], { expectedRevision: 'no_stream' }),
    ];
    await turn();
    await turn();
    const g3 = Array.from({ length: 8 }, (_, i) => store.appendToStream(`c-${i}`, [anEvent()], { expectedRevision: 'no_stream' }));
    const closed = store.close();
    lock.exec('ROLLBACK');
    lock.close();
    const settled = await Promise.allSettled([...g1, ...g2, ...g3]);
    await closed;
    const shape = settled.map((s) => (s.status === 'fulfilled' ? `${s.value.nextExpectedRevision}@${s.value.position.commit}` : (s.reason as Error).constructor.name));
    expect(shape).toEqual([
      '0@2', 'WrongExpectedRevisionError', '1@4', '1@5', 'WrongExpectedRevisionError',
      ...Array.from({ length: 8 }, (_, i) => `0@${6 + i}`),
    ]);
    expect(settled[1].status === 'rejected' && settled[1].reason).toBeInstanceOf(WrongExpectedRevisionError);
    store = await SqliteEventStore.open(file);
    expect((await store.readAll()).length).toBe(13);
  });
});
