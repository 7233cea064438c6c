export * from './event-store.port';
export * from './embedded/sqlite-event-store';
