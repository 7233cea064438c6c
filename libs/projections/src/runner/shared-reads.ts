import { RecordedEvent } from '@clause-ledger/event-store';

/**
 * The events of one page or live batch as the runners read them (corrected, upcast): an event is
 * read once for every runner that knows the same corrections and upcasters at that event, instead
 * of once per runner. A runner whose knowledge differs there (it learnt a correction another has not
 * met yet) reads the event itself.
 */
export class SharedReads {
  private readonly reads = new Map<RecordedEvent, { readonly knowledge: string; readonly event: RecordedEvent }>();

  read(stored: RecordedEvent, knowledge: string, read: (stored: RecordedEvent) => RecordedEvent): RecordedEvent {
    const known = this.reads.get(stored);
    if (known?.knowledge === knowledge) return known.event;
    const event = read(stored);
    this.reads.set(stored, { knowledge, event });
    return event;
  }
}
