export * from './event-store.port';
export * from './embedded/sqlite-event-store';
export * from './embedded/event-id-conflict-error';
export * from './esdb/esdb-event-store';
export * from './append-size';
export * from './embedded/owner-only-file';
