import { ClauseLedgerEvent } from './all-events';
import { upcastBeneficiaryRegistered } from './beneficiary/upcast-beneficiary';

/** What the domain needs of an event as a store keeps it (the port's RecordedEvent has it). */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Record<string, unknown>;
}

/**
 * A stored event as the domain knows it, for deciders and projections alike, upcast to the current
 * version: BeneficiaryRegistered v1 (clear birth date and postcode) reads as v2.
 */
export function asDomainEvent(stored: StoredEvent): ClauseLedgerEvent {
  const version = Number(stored.metadata?.schemaVersion ?? 1);
  if (stored.type === 'BeneficiaryRegistered') return { type: stored.type, version: 2, data: upcastBeneficiaryRegistered(version, stored.data) } as ClauseLedgerEvent;
  return { type: stored.type, version, data: stored.data } as ClauseLedgerEvent;
}
