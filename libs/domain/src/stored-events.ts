import { ClauseLedgerEvent } from './all-events';

/** What the domain needs of an event as a store keeps it (the port's RecordedEvent has it). */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Record<string, unknown>;
}

/**
 * A stored event as the domain knows it, for deciders and projections alike. Every event so far is
 * at schema version 1; an upcaster from older versions goes here when a payload changes shape.
 */
export function asDomainEvent(stored: StoredEvent): ClauseLedgerEvent {
  const version = Number(stored.metadata?.schemaVersion ?? 1);
  return { type: stored.type, version, data: stored.data } as ClauseLedgerEvent;
}
