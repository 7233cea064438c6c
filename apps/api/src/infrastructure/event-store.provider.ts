import { join } from 'node:path';
import { Logger, Provider } from '@nestjs/common';
import { EsdbEventStore, EventStore, SqliteEventStore } from '@clause-ledger/event-store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, EVENT_STORE } from './tokens';

/** The embedded store (a file under DATA_DIR) by default; EventStoreDB when configured. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Promise<EventStore> => openEventStore(config),
};

/** The store the configuration names (the API's and the command line's). */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  const logger = new Logger('EventStore');
  if (config.eventStore.kind === 'eventstoredb') {
    // a bad or unreachable connection string stops the start here, with the reason
    const store = await EsdbEventStore.connect(config.eventStore.connectionString);
    logger.log('EventStoreDB event store connected');
    return store;
  }
  const file = join(config.dataDir, 'events.db');
  const store = await SqliteEventStore.open(file);
  logger.log(`embedded event store at ${file}`);
  return store;
}
