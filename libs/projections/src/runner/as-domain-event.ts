import { RecordedEvent } from '@clause-ledger/event-store';
import { ClauseLedgerEvent, upcastBeneficiaryRegistered } from '@clause-ledger/domain';

/**
 * A stored event as the domain knows it, upcast to the current version (the upcasters live in the
 * domain): BeneficiaryRegistered v1 (clear birth date and postcode) reads as v2.
 */
export function asDomainEvent(recorded: RecordedEvent): ClauseLedgerEvent {
  const version = Number(recorded.metadata?.schemaVersion ?? 1);
  if (recorded.type === 'BeneficiaryRegistered') return { type: recorded.type, version: 2, data: upcastBeneficiaryRegistered(version, recorded.data) };
  return { type: recorded.type, version, data: recorded.data } as ClauseLedgerEvent;
}
