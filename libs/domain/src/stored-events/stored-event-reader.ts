import { ClauseLedgerEvent } from '../all-events';
import { StoredEventCorrected } from './event-correction';
import { DOMAIN_UPCASTERS, UpcasterRegistry, upcast } from './upcasters';

/** What the domain needs of an event as the store keeps it (a store's RecordedEvent has these fields). */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Record<string, unknown>;
}

export const schemaVersionOf = (stored: StoredEvent) => Number(stored.metadata?.schemaVersion ?? 1);

/**
 * The one way a stored event becomes a domain event, for the write side and the projections alike:
 * an operator's correction replaces the payload (the original stays in the log), then upcasters bring
 * the payload to the version the code knows. Reading an event already read gives it back unchanged.
 */
export class StoredEventReader {
  private readonly corrections = new Map<string, StoredEventCorrected['data']>();

  constructor(private readonly upcasters: UpcasterRegistry = DOMAIN_UPCASTERS) {}

  /** Remembers the correction if the event is one (a later correction of the same event wins). */
  learn(stored: StoredEvent): StoredEventCorrected['data'] | undefined {
    if (stored.type !== 'StoredEventCorrected') return undefined;
    const correction = stored.data as StoredEventCorrected['data'];
    this.corrections.set(correction.correctedEventId, correction);
    return correction;
  }

  isCorrected(eventId: string): boolean {
    return this.corrections.has(eventId);
  }

  /** The event as the current code must fold it, in the store's own shape (type, data and schema version replaced). */
  read<E extends StoredEvent>(stored: E): E {
    const correction = this.corrections.get(stored.id);
    const type = correction?.correctedType ?? stored.type;
    const raw = correction ? correction.correctedData : stored.data;
    const current = upcast(this.upcasters, type, schemaVersionOf(stored), raw);
    if (!correction && current.data === stored.data) return stored;
    const metadata = { ...stored.metadata, schemaVersion: current.version, ...(correction ? { correctedData: true } : {}) };
    return { ...stored, type, data: current.data, metadata };
  }

  domainEvent(stored: StoredEvent): ClauseLedgerEvent {
    const read = this.read(stored);
    return { type: read.type, version: schemaVersionOf(read), data: read.data } as ClauseLedgerEvent;
  }
}

const withoutCorrections = new StoredEventReader();

/**
 * A stored event as the domain knows it, upcast but without corrections: for code handed events
 * that a StoredEventReader with the corrections has already read (the projections' evolve).
 */
export function asDomainEvent(stored: StoredEvent): ClauseLedgerEvent {
  return withoutCorrections.domainEvent(stored);
}
