import { DomainEvent } from '../shared/domain-event';

/** The stream every event correction is appended to, so a reader can load them all before folding. */
export const EVENT_CORRECTIONS_STREAM = 'operations-event-corrections';

/**
 * An operator's repair of a stored event that cannot be folded (e.g. a registration stored
 * without its buyer). The original stays in the log untouched; readers fold the corrected payload.
 */
export type StoredEventCorrected = DomainEvent<'StoredEventCorrected', {
  correctedEventId: string;
  /** When the event was stored under the wrong type. */
  correctedType?: string;
  correctedData: Record<string, unknown>;
  reason: string;
}>;

export function storedEventCorrected(data: StoredEventCorrected['data']): StoredEventCorrected {
  return { type: 'StoredEventCorrected', version: 1, data };
}
