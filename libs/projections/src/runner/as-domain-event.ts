import { RecordedEvent } from '@clause-ledger/event-store';
import { ClauseLedgerEvent } from '@clause-ledger/domain';

/**
 * A stored event as the domain knows it. Every event so far is at schema version 1; an upcaster
 * from older versions goes here when a payload changes shape.
 */
export function asDomainEvent(recorded: RecordedEvent): ClauseLedgerEvent {
  const version = Number(recorded.metadata?.schemaVersion ?? 1);
  return { type: recorded.type, version, data: recorded.data } as ClauseLedgerEvent;
}
