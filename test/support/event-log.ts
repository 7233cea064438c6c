import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@clause-ledger/event-store';

/** Every event of the embedded store in DATA_DIR, read page by page through a store of its own (the app may still run). */
export async function readEventLog(dataDir: string): Promise<RecordedEvent[]> {
  const store = await SqliteEventStore.open(join(dataDir, 'events.db'));
  try {
    const all: RecordedEvent[] = [];
    for (let page = await store.readAll(); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position })) all.push(...page);
    return all;
  } finally {
    await store.close();
  }
}
