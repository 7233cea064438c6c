export { startEsdbTestServer } from './esdb-test-server';
export type { EsdbTestServer, EsdbTestServerOptions } from './esdb-test-server';
export { InMemoryLog } from './in-memory-log';
export type { InMemoryLogOptions, StoredEvent } from './in-memory-log';
export { ServerFaults } from './faults';
export type { AppendFault } from './faults';
