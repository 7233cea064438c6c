import { Position, RecordedEvent, positionToString } from '@clause-ledger/event-store';

/**
 * An event of the market that cannot be folded with the corrections known at the instant asked
 * about: at that instant the live read models had parked it (and answered 503 for the market).
 */
export class UnreadableEventError extends Error {
  constructor(readonly event: RecordedEvent, readonly reason: string, readonly correctedAt?: Position) {
    super(
      `event ${event.id} (${event.type}, position ${positionToString(event.position)}) cannot be folded with the corrections known at that instant: ${reason}; `
      + (correctedAt ? `an operator corrected it at position ${positionToString(correctedAt)}: ask as of that position or later` : 'no correction of it has been recorded'),
    );
    this.name = 'UnreadableEventError';
  }
}
