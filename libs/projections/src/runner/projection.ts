import { RecordedEvent } from '@clause-ledger/event-store';

/**
 * A read model as a pure function of the event log. Documents are keyed (e.g. by market id); the
 * runner loads the documents an event touches, folds the event in and stores them back together
 * with its checkpoint. No clock, no I/O: time only comes from event data.
 */
export interface Projection<Doc> {
  /** Topic-like name, also the key of its checkpoint. */
  readonly name: string;
  /** Bump when evolve changes meaning: the runner then rebuilds the read model from zero. */
  readonly version: number;
  /**
   * The documents this event changes (none when the projection ignores it). `read` gives the
   * projection's own documents as they stand before this event, for routing through an index
   * document the projection maintains itself (e.g. which markets a beneficiary works on).
   */
  keysOf(event: RecordedEvent, read: (key: string) => unknown): readonly string[];
  /**
   * A throw (here or in keysOf) parks the event: none of its documents change, and they stay
   * blocked until an operator repairs it (see ProjectionRunner). Events arrive already corrected
   * and upcast by the domain's StoredEventReader. `read` is the same as keysOf's: the projection's
   * documents as they stood before this event (a document created by the event can start from
   * another one, e.g. a placement's from its market's).
   */
  evolve(doc: Doc | undefined, event: RecordedEvent, key: string, read: (key: string) => Doc | undefined): Doc | undefined;
}
