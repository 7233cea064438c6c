import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const tempDir = () => mkdtempSync(join(tmpdir(), 'clause-ledger-store-'));
const anEvent = () => ({ id: randomUUID(), type: 'ThingHappened', data: { at: Date.now() } });

describeEventStoreContract('embedded SQLite', async () => {
  const dir = tempDir();
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe('embedded SQLite store on disk', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every event across a close and a reopen, and appends continue at the right revision and position', async () => {
    const file = join(dir, 'events.db');
    const first = await SqliteEventStore.open(file);
    const written = await first.appendToStream('market-1', [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
    await first.close();
    const reopened = await SqliteEventStore.open(file);
    expect(await reopened.readStream('market-1')).toHaveLength(2);
    const next = await reopened.appendToStream('market-1', [anEvent()], { expectedRevision: 1n });
    expect(next.nextExpectedRevision).toBe(2n);
    expect(next.position.commit).toBe(written.position.commit + 1n);
    await reopened.close();
  });

  it('a subscription sees events appended by another store instance on the same file', async () => {
    const file = join(dir, 'events.db');
    const reader = await SqliteEventStore.open(file);
    const writer = await SqliteEventStore.open(file);
    const seen: string[] = [];
    const subscription = reader.subscribeToAll((e) => { seen.push(e.id); });
    const e = anEvent();
    await writer.appendToStream('placement-1', [e], { expectedRevision: 'no_stream' });
    const deadline = Date.now() + 5000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await subscription.stop();
    expect(seen).toEqual([e.id]);
    await writer.close();
    await reader.close();
  });

  it('refuses to open a file that is not an event store database, with a clear message', async () => {
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'this is not a database, just text that is long enough to be read as a header');
    await expect(SqliteEventStore.open(file)).rejects.toThrow(/cannot open the event store at .*not-a-db\.db/);
  });

  it('refuses an append that mixes ids already written with new ones', async () => {
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const e = anEvent();
    await store.appendToStream('s-1', [e], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('s-1', [e, anEvent()], { expectedRevision: 'any' })).rejects.toThrow(/partial duplicate/);
    expect(await store.readStream('s-1')).toHaveLength(1);
    await store.close();
  });
});
