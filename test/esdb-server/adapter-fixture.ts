/** What the EventStoreDB adapter's specs share: a test server and an adapter on it per test, and small event helpers. */
import { randomUUID } from 'node:crypto';
import type { EventData } from '../../libs/event-store/src/event-store.port';
import { EsdbEventStore, EsdbEventStoreOptions } from '../../libs/event-store/src/esdb/esdb-event-store';
import { EsdbTestServer, EsdbTestServerOptions, startEsdbTestServer } from './esdb-test-server';

export const anEvent = (n = 0): EventData => ({ id: randomUUID(), type: 'ThingHappened', data: { n } });
export const events = (count: number): EventData[] => Array.from({ length: count }, (_, i) => anEvent(i));

export { until } from '../support/until';

/** A fresh server and adapter for each test of the calling describe block, read through the returned object. */
export function serverAndStorePerTest(settings: EsdbEventStoreOptions, serverOptions: EsdbTestServerOptions = {}): { server: EsdbTestServer; store: EsdbEventStore } {
  const current = {} as { server: EsdbTestServer; store: EsdbEventStore };
  beforeEach(async () => {
    current.server = await startEsdbTestServer(serverOptions);
    current.store = await EsdbEventStore.connect(current.server.connectionString, settings);
  });
  afterEach(async () => {
    await current.store.close();
    await current.server.stop();
  });
  return current;
}
